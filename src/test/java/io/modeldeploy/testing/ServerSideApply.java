package io.modeldeploy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.DefaultMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import io.fabric8.mockwebserver.http.Buffer;

/**
 * Server-side apply for fabric8's mock API server, which answers an apply patch with 415: enough of
 * it for the operator as it runs in production (SSA on). An apply creates the object, or replaces the
 * top-level sections it names (merging labels, annotations and finalizers), and records the field
 * manager's Apply entry in managedFields, which JOSDK's matcher reads to decide whether a dependent
 * changed. Other managers do not write the same objects in the mock tests, so the fields of one
 * manager are not tracked apart: the real API server is the judge of that (the end-to-end tests).
 * The stored object goes through the wrapped dispatcher as a POST or PUT, so a store that counts or
 * fails writes sees it.
 */
public final class ServerSideApply extends Dispatcher {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Set<String> SERVER_METADATA =
      Set.of("name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields");

  private final Dispatcher store;

  public ServerSideApply(Dispatcher store) { this.store = store; }

  /** Puts server-side apply in front of a mock server's store (the Quarkus test server makes its own). */
  public static void enable(KubernetesMockServer server) {
    try {
      var storeField = KubernetesMockServer.class.getDeclaredField("dispatcher");
      storeField.setAccessible(true);
      var webServerField = DefaultMockServer.class.getDeclaredField("server");
      webServerField.setAccessible(true);
      ((MockWebServer) webServerField.get(server)).setDispatcher(new ServerSideApply((Dispatcher) storeField.get(server)));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("fabric8's mock server changed: cannot put server-side apply in front of its store", e);
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    if (!"PATCH".equals(request.getMethod()) || type == null || !type.startsWith("application/apply-patch")) return store.dispatch(request);
    synchronized (this) {
      return apply(request);
    }
  }

  private MockResponse apply(RecordedRequest request) {
    String path = request.getPath();
    String resourcePath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String manager = query(path, "fieldManager");
    ObjectNode applied = read(request.getBody().readUtf8());
    boolean status = resourcePath.endsWith("/status");
    String objectPath = status ? resourcePath.substring(0, resourcePath.length() - "/status".length()) : resourcePath;
    MockResponse current = store.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, objectPath,
        Headers.builder().add("User-Agent", StandaloneApiServer.TEST_AGENT).build(), new Buffer()));
    if (current.code() == 404) {
      if (status) return current;
      record(applied, manager, applied);
      return forward(request, HttpMethod.POST, objectPath.substring(0, objectPath.lastIndexOf('/')), applied);
    }
    ObjectNode merged = read(bodyOf(current));
    if (status) {
      merged.set("status", applied.get("status"));
      return forward(request, HttpMethod.PUT, resourcePath, merged);
    }
    applied.fields().forEachRemaining(field -> {
      if (!field.getKey().equals("metadata") && !field.getKey().equals("status")) merged.set(field.getKey(), field.getValue());
    });
    ObjectNode metadata = (ObjectNode) merged.get("metadata");
    JsonNode appliedMetadata = applied.path("metadata");
    for (String map : new String[] {"labels", "annotations"})
      if (appliedMetadata.has(map)) metadata.withObject(map).setAll((ObjectNode) appliedMetadata.get(map));
    if (appliedMetadata.has("finalizers")) {
      Set<String> finalizers = new LinkedHashSet<>();
      metadata.path("finalizers").forEach(f -> finalizers.add(f.asText()));
      appliedMetadata.get("finalizers").forEach(f -> finalizers.add(f.asText()));
      metadata.set("finalizers", JSON.valueToTree(finalizers));
    }
    if (appliedMetadata.has("ownerReferences")) metadata.set("ownerReferences", appliedMetadata.get("ownerReferences"));
    metadata.remove("resourceVersion");
    record(merged, manager, applied);
    return forward(request, HttpMethod.PUT, resourcePath, merged);
  }

  /** The manager's Apply entry, replacing its previous one: the fields it applied. */
  private static void record(ObjectNode object, String manager, ObjectNode applied) {
    ObjectNode metadata = object.withObject("metadata");
    ArrayNode entries = JSON.createArrayNode();
    metadata.path("managedFields").forEach(e -> {
      if (!(manager.equals(e.path("manager").asText()) && "Apply".equals(e.path("operation").asText()))) entries.add(e);
    });
    ObjectNode fields = JSON.createObjectNode();
    applied.fields().forEachRemaining(field -> {
      if (Set.of("apiVersion", "kind", "status").contains(field.getKey())) return;
      JsonNode value = field.getKey().equals("metadata") ? withoutServerMetadata(field.getValue()) : field.getValue();
      if (!value.isObject() || !value.isEmpty()) fields.set("f:" + field.getKey(), fieldsOf(value));
    });
    entries.addObject().put("manager", manager).put("operation", "Apply").put("apiVersion", applied.path("apiVersion").asText())
        .put("fieldsType", "FieldsV1").set("fieldsV1", fields);
    metadata.set("managedFields", entries);
  }

  private static JsonNode withoutServerMetadata(JsonNode metadata) {
    ObjectNode copy = metadata.deepCopy();
    SERVER_METADATA.forEach(copy::remove);
    return copy;
  }

  /** A map's keys as f: entries, recursively; a list or a value is owned whole. */
  private static ObjectNode fieldsOf(JsonNode value) {
    ObjectNode fields = JSON.createObjectNode();
    if (value.isObject())
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> field = it.next();
        fields.set("f:" + field.getKey(), fieldsOf(field.getValue()));
      }
    return fields;
  }

  private MockResponse forward(RecordedRequest original, HttpMethod method, String path, ObjectNode body) {
    Headers headers = Headers.builder().add("Content-Type", "application/json")
        .add("User-Agent", String.valueOf(original.getHeader("User-Agent"))).build();
    return store.dispatch(new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer().writeUtf8(body.toString())));
  }

  private static String bodyOf(MockResponse response) {
    return response.getBody() == null ? "" : new String(response.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String query(String path, String name) {
    if (!path.contains("?")) return "unknown";
    for (String pair : path.substring(path.indexOf('?') + 1).split("&"))
      if (pair.startsWith(name + "=")) return pair.substring(name.length() + 1);
    return "unknown";
  }

  private static ObjectNode read(String body) {
    try {
      return (ObjectNode) YAML.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
