package io.modeldeploy.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.modeldeploy.testing.StandaloneApiServer;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the operator asks of the API server, counted from the mock server's request log by verb
 * (the bench's own clients identify themselves by User-Agent and are not counted). Drains the log
 * as it goes, so a long run keeps no requests in memory.
 */
final class ApiServerLoad implements AutoCloseable {

  private final Map<String, LongAdder> byVerb = new ConcurrentHashMap<>();
  private final LongAdder writes = new LongAdder();
  private final LongAdder eventWrites = new LongAdder();
  private final Thread drainer;
  private volatile boolean running = true;

  ApiServerLoad(KubernetesMockServer server) {
    drainer = new Thread(() -> {
      while (running) {
        try {
          RecordedRequest r = server.takeRequest(200, TimeUnit.MILLISECONDS);
          if (r != null && !StandaloneApiServer.TEST_AGENT.equals(r.getHeader("User-Agent"))) count(r);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-request-counter");
    drainer.setDaemon(true);
    drainer.start();
  }

  private void count(RecordedRequest r) {
    String path = r.getPath();
    String verb = verb(r.getMethod(), path);
    byVerb.computeIfAbsent(verb, v -> new LongAdder()).increment();
    if (!r.getMethod().equals("GET")) {
      if (path.contains("/events")) eventWrites.increment();
      else writes.increment();
    }
  }

  /** Kubernetes verbs: a GET is a watch, a list or a get. */
  static String verb(String method, String path) {
    return switch (method) {
      case "GET" -> path.contains("watch=true") ? "watch" : isCollection(path) ? "list" : "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> method.toLowerCase();
    };
  }

  private static boolean isCollection(String path) {
    String[] segments = path.split("\\?")[0].split("/");
    // .../namespaces/{ns}/{plural} is a list, .../namespaces/{ns}/{plural}/{name}[/status] is one object
    int afterNamespaces = java.util.Arrays.asList(segments).indexOf("namespaces");
    if (afterNamespaces < 0) return true;
    return segments.length - afterNamespaces <= 3;
  }

  /** Waits until everything the server received so far has been counted. */
  void settle() throws InterruptedException {
    Thread.sleep(500);
  }

  Map<String, Long> byVerb() {
    Map<String, Long> snapshot = new TreeMap<>();
    byVerb.forEach((verb, n) -> snapshot.put(verb, n.sum()));
    return snapshot;
  }

  long writes() { return writes.sum(); }

  long eventWrites() { return eventWrites.sum(); }

  void reset() {
    byVerb.clear();
    writes.reset();
    eventWrites.reset();
  }

  @Override
  public void close() {
    running = false;
    drainer.interrupt();
  }
}
