package io.modeldeploy.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.modeldeploy.testing.StandaloneApiServer;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.awaitility.Awaitility;

/**
 * What the operator asks of the API server, counted from the mock server's request log by verb
 * (the bench's own clients identify themselves by User-Agent and are not counted). Drains the log
 * as it goes, so a long run keeps no requests in memory.
 */
final class ApiServerLoad implements RequestCount {

  private final Map<String, LongAdder> byVerb = new ConcurrentHashMap<>();
  private final LongAdder writes = new LongAdder();
  private final LongAdder eventWrites = new LongAdder();
  private final KubernetesMockServer server;
  private final AtomicLong taken = new AtomicLong();
  private final Thread drainer;
  private volatile boolean running = true;

  ApiServerLoad(KubernetesMockServer server) {
    this.server = server;
    drainer = new Thread(() -> {
      while (running) {
        try {
          RecordedRequest r = server.takeRequest(200, TimeUnit.MILLISECONDS);
          if (r == null) continue;
          if (!StandaloneApiServer.TEST_AGENT.equals(r.getHeader("User-Agent"))) count(r);
          taken.incrementAndGet();
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

  /** Waits until the server has had no request for half a second and every one it had is counted. */
  @Override
  public void settle() {
    AtomicLong lastSeen = new AtomicLong(-1);
    Awaitility.await().pollInterval(Duration.ofMillis(100)).during(Duration.ofMillis(500)).atMost(Duration.ofMinutes(1))
        .until(() -> {
          long received = server.getRequestCount();
          return taken.get() == received && lastSeen.getAndSet(received) == received;
        });
  }

  @Override
  public Map<String, Long> byVerb() {
    Map<String, Long> snapshot = new TreeMap<>();
    byVerb.forEach((verb, n) -> snapshot.put(verb, n.sum()));
    return snapshot;
  }

  @Override
  public long writes() { return writes.sum(); }

  @Override
  public long eventWrites() { return eventWrites.sum(); }

  @Override
  public void reset() {
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
