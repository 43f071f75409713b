package io.modeldeploy.provider.modelstudio;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The vendor's deployments API over the JDK HTTP client. Every call is bounded by a timeout; an
 * error answer becomes a VendorException, a missing answer one with HTTP status 0. The API key is
 * sent as a bearer token and never logged.
 */
public class ModelStudioClient {

  private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final HttpClient http;
  private final URI baseUrl;
  private final String workspace;
  private final Duration timeout;

  public ModelStudioClient(URI baseUrl, String workspace, Duration timeout) {
    this.baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/");
    this.workspace = workspace;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public RemoteDeployment create(String apiKey, CreateRequest request) {
    return as(call(apiKey, "POST", "deployments", request), RemoteDeployment.class);
  }

  public Optional<RemoteDeployment> get(String apiKey, String deployedModel) {
    try {
      return Optional.of(as(call(apiKey, "GET", "deployments/" + deployedModel, null), RemoteDeployment.class));
    } catch (VendorException e) {
      if (e.isNotFound()) return Optional.empty();
      throw e;
    }
  }

  /** Every deployment of the workspace (the API pages by 50 and has no filter). */
  public List<RemoteDeployment> list(String apiKey) {
    List<RemoteDeployment> all = new ArrayList<>();
    for (int page = 1; ; page++) {
      JsonNode output = call(apiKey, "GET", "deployments?page_no=" + page + "&page_size=50", null);
      for (JsonNode d : output.path("deployments")) all.add(as(d, RemoteDeployment.class));
      if (all.size() >= output.path("total").asInt(0) || output.path("deployments").isEmpty()) return all;
    }
  }

  public RemoteDeployment scale(String apiKey, String deployedModel, Map<String, Object> capacity) {
    return as(call(apiKey, "PUT", "deployments/" + deployedModel + "/scale", capacity), RemoteDeployment.class);
  }

  public RemoteDeployment updateThrottling(String apiKey, String deployedModel, Long rpm, Long tpm) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    if (rpm != null) body.put("rpm_limit", rpm);
    if (tpm != null) body.put("tpm_limit", tpm);
    return as(call(apiKey, "PUT", "deployments/" + deployedModel + "/update", body), RemoteDeployment.class);
  }

  public void delete(String apiKey, String deployedModel) {
    try {
      call(apiKey, "DELETE", "deployments/" + deployedModel, null);
    } catch (VendorException e) {
      if (!e.isNotFound()) throw e;
    }
  }

  private JsonNode call(String apiKey, String method, String path, Object body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(timeout)
        .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json");
    if (workspace != null && !workspace.isBlank()) request.header("X-DashScope-WorkSpace", workspace);
    try {
      request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body() == null || response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
      if (response.statusCode() >= 300 || json.hasNonNull("code") && !json.has("output"))
        throw new VendorException(response.statusCode(), json.path("code").asText("HTTP" + response.statusCode()),
            json.path("message").asText(""));
      return json.path("output");
    } catch (IOException e) {
      throw new VendorException(0, "Unreachable", method + " " + path + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VendorException(0, "Interrupted", method + " " + path);
    }
  }

  private static <T> T as(JsonNode node, Class<T> type) {
    try {
      return JSON.treeToValue(node, type);
    } catch (IOException e) {
      throw new VendorException(0, "BadResponse", e.getMessage());
    }
  }
}
