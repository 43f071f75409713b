package io.modeldeploy.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mock API server's store, failing a share of the operator's writes with 500 Internal Error or
 * 409 Conflict before they are applied, and counting the operator's requests by method. Seeded, so
 * a failing run can be replayed.
 */
public final class FaultyCrudDispatcher extends KubernetesCrudDispatcher {

  private final Random random = new Random(7);
  private volatile double writeFailureRate;
  private final AtomicInteger injected = new AtomicInteger();
  private final Map<String, AtomicInteger> operatorRequests = new ConcurrentHashMap<>();
  private final java.util.Queue<String> writes = new java.util.concurrent.ConcurrentLinkedQueue<>();

  public void failWrites(double rate) { writeFailureRate = rate; }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    if (StandaloneApiServer.TEST_AGENT.equals(request.getHeader("User-Agent"))) return super.dispatch(request);
    operatorRequests.computeIfAbsent(request.getMethod(), m -> new AtomicInteger()).incrementAndGet();
    boolean write = !request.getMethod().equals("GET");
    if (write) writes.add(request.getMethod() + " " + request.getPath());
    if (write && draw(writeFailureRate)) {
      injected.incrementAndGet();
      boolean conflict = draw(0.5);
      int code = conflict ? 409 : 500;
      return new MockResponse().setResponseCode(code).setBody("{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\","
          + "\"reason\":\"" + (conflict ? "Conflict" : "InternalError") + "\",\"message\":\"injected fault\",\"code\":" + code + "}");
    }
    return super.dispatch(request);
  }

  private boolean draw(double p) {
    synchronized (random) {
      return random.nextDouble() < p;
    }
  }

  public int injected() { return injected.get(); }

  /** The operator's requests so far by HTTP method. */
  public Map<String, Integer> operatorRequests() {
    Map<String, Integer> snapshot = new TreeMap<>();
    operatorRequests.forEach((m, n) -> snapshot.put(m, n.get()));
    return snapshot;
  }

  /** The operator's writes ("METHOD path") since the last call. */
  public java.util.List<String> takeWrites() {
    java.util.List<String> taken = new java.util.ArrayList<>();
    for (String w; (w = writes.poll()) != null; ) taken.add(w);
    return taken;
  }

  public int operatorWrites() {
    return operatorRequests().entrySet().stream().filter(e -> !e.getKey().equals("GET")).mapToInt(Map.Entry::getValue).sum();
  }
}
