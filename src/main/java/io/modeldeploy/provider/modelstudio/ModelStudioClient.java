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
  static final int PAGE_SIZE = 50;
  static final String IDEMPOTENCY_HEADER = "x-acs-req-uuid";
  static final String REQUEST_ID_HEADER = "X-DashScope-RequestId";
  /** How much of an answer that is not JSON (a proxy's error page) goes into a message. */
  private static final int EXCERPT = 120;

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

  public RemoteDeployment create(String apiKey, CreateRequest request, String requestId) {
    return as(call(apiKey, "POST", "deployments", request, requestId), RemoteDeployment.class);
  }

  public Optional<RemoteDeployment> get(String apiKey, String deployedModel) {
    try {
      return Optional.of(as(call(apiKey, "GET", "deployments/" + deployedModel, null, null), RemoteDeployment.class));
    } catch (VendorException e) {
      if (e.isNotFound()) return Optional.empty();
      throw e;
    }
  }

  /**
   * Every deployment of the workspace (the API pages by 50 and has no filter). An answer without its
   * output is an error, not an empty workspace (which would have a deployment made twice); without a
   * total, pages are read until one is short.
   */
  public List<RemoteDeployment> list(String apiKey) {
    return allPages(apiKey, page -> "deployments?page_no=" + page + "&page_size=" + PAGE_SIZE, "deployments", "total", RemoteDeployment.class);
  }

  /** What this workspace may deploy, every page. */
  public List<DeployableModel> deployableModels(String apiKey) {
    return allPages(apiKey, page -> "deployments/models?version=v1.0&page_no=" + page + "&page_size=" + PAGE_SIZE, "models", "total",
        DeployableModel.class);
  }

  /**
   * Every page of a list: its items under itemsField; read until a short page or, when the answer
   * says it, the last one (totalField: a count of items, or with {@code pageCount} of pages).
   */
  private <T> List<T> allPages(String apiKey, java.util.function.IntFunction<String> pathOf, String itemsField, String totalField,
      Class<T> type) {
    List<T> all = new ArrayList<>();
    for (int page = 1; ; page++) {
      String path = pathOf.apply(page);
      JsonNode output = present(call(apiKey, "GET", path, null, null), path);
      JsonNode items = output.path(itemsField);
      for (JsonNode item : items) all.add(as(item, type));
      int total = output.path(totalField).asInt(-1);
      boolean last = totalField.equals("pageCount") ? total >= 0 && page >= total : total >= 0 && all.size() >= total;
      if (items.size() < PAGE_SIZE || last) return all;
    }
  }

  public RemoteDeployment scale(String apiKey, String deployedModel, Map<String, Object> capacity, String requestId) {
    return as(call(apiKey, "PUT", "deployments/" + deployedModel + "/scale", capacity, requestId), RemoteDeployment.class);
  }

  /** Prepaid throughput: pays for more days of the term. */
  public RemoteDeployment renew(String apiKey, String deployedModel, Map<String, Object> body, String requestId) {
    return as(call(apiKey, "PUT", "deployments/" + deployedModel + "/renew", body, requestId), RemoteDeployment.class);
  }

  /** The whole model code's overflow strategy (enable or disable). */
  public RemoteDeployment updateOverflowStrategy(String apiKey, String deployedModel, Map<String, Object> body, String requestId) {
    return as(call(apiKey, "PUT", "deployments/" + deployedModel + "/update-overflowstrategy", body, requestId), RemoteDeployment.class);
  }

  public RemoteDeployment updateThrottling(String apiKey, String deployedModel, Map<String, Object> limits, String requestId) {
    return as(call(apiKey, "PUT", "deployments/" + deployedModel + "/update", limits, requestId), RemoteDeployment.class);
  }

  /**
   * The model code's capacity instances that are not released, every page (this list pages by
   * {@code records}/{@code pageCount}, unlike the deployments list).
   */
  public List<CapacityInstance> instances(String apiKey, String deployedModel) {
    return allPages(apiKey, page -> "deployments/" + deployedModel + "/capacity-instances?include_deleted=false&page_no=" + page
        + "&page_size=" + PAGE_SIZE, "records", "pageCount", CapacityInstance.class);
  }

  /** Buys a capacity instance (a capacity pack) on an existing model code. */
  public CapacityOperation buyInstance(String apiKey, String deployedModel, Map<String, Object> body, String requestId) {
    return as(call(apiKey, "POST", "deployments/" + deployedModel + "/capacity-instances", body, requestId), CapacityOperation.class);
  }

  public CapacityOperation renewInstance(String apiKey, String deployedModel, String instanceId, Map<String, Object> body, String requestId) {
    return as(call(apiKey, "PUT", "deployments/" + deployedModel + "/capacity-instances/" + instanceId + "/renew", body, requestId),
        CapacityOperation.class);
  }

  /** Releases a post-paid instance (an effective prepaid one is refused with PREPAID_UNSUBSCRIBE_REQUIRED). */
  public CapacityOperation releaseInstance(String apiKey, String deployedModel, String instanceId, String requestId) {
    return as(call(apiKey, "DELETE", "deployments/" + deployedModel + "/capacity-instances/" + instanceId, null, requestId),
        CapacityOperation.class);
  }

  /** An operation by the id a write returned; empty when the vendor does not know it (CAPACITY_OPERATION_NOT_FOUND). */
  public Optional<CapacityOperation> operation(String apiKey, String deployedModel, String operationId) {
    try {
      return Optional.of(as(call(apiKey, "GET", "deployments/" + deployedModel + "/capacity-operations/" + operationId, null, null),
          CapacityOperation.class));
    } catch (VendorException e) {
      if (e.isNotFound()) return Optional.empty();
      throw e;
    }
  }

  public void delete(String apiKey, String deployedModel, String requestId) {
    try {
      call(apiKey, "DELETE", "deployments/" + deployedModel, null, requestId);
    } catch (VendorException e) {
      if (!e.isNotFound()) throw e;
    }
  }

  /** requestId: the write's idempotency key, in both headers the vendor reads; null for reads. */
  private JsonNode call(String apiKey, String method, String path, Object body, String requestId) {
    HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(timeout)
        .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json");
    if (workspace != null && !workspace.isBlank()) request.header("X-DashScope-WorkSpace", workspace);
    if (requestId != null) request.header(IDEMPOTENCY_HEADER, requestId).header(REQUEST_ID_HEADER, requestId);
    try {
      request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = parsed(response, method + " " + path);
      if (response.statusCode() >= 300 || json.hasNonNull("code") && !json.hasNonNull("output"))
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

  /** The answer's JSON; one that is not JSON (an error page in front of the API) is an error of its HTTP status, or a bad answer. */
  private static JsonNode parsed(HttpResponse<String> response, String call) {
    String body = response.body() == null ? "" : response.body().strip();
    if (body.isEmpty()) return JSON.createObjectNode();
    try {
      return JSON.readTree(body);
    } catch (IOException notJson) {
      String excerpt = body.length() > EXCERPT ? body.substring(0, EXCERPT) + "..." : body;
      int status = response.statusCode() >= 300 ? response.statusCode() : 0;
      throw new VendorException(status, status == 0 ? VendorException.BAD_RESPONSE : "HTTP" + status, call + " answered with no JSON: " + excerpt);
    }
  }

  private static JsonNode present(JsonNode output, String call) {
    if (output.isMissingNode() || output.isNull()) throw new VendorException(0, VendorException.BAD_RESPONSE, call + " answered without output");
    return output;
  }

  private static <T> T as(JsonNode node, Class<T> type) {
    try {
      return JSON.treeToValue(present(node, "an answer"), type);
    } catch (IOException e) {
      throw new VendorException(0, VendorException.BAD_RESPONSE, e.getMessage());
    }
  }
}
