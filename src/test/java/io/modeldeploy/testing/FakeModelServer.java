package io.modeldeploy.testing;

import io.modeldeploy.gateway.Call;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fake vLLM OpenAI server, in-process: stands in for a cluster deployment's pods in tests, in
 * `make cluster-up` and as the benchmark's upstream. Answers at once (or after a set delay) with
 * FakeModel's shapes; remembers the requests it had, headers included, for tests to look at.
 */
public final class FakeModelServer implements AutoCloseable {

  /** What one request carried. */
  public record Seen(String path, String authorization, JsonObject body) {}

  private final Vertx vertx;
  private final HttpServer server;
  private final boolean remember;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
  private final AtomicInteger failWith = new AtomicInteger();
  private final AtomicInteger overflowNext = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.Map<String, java.util.concurrent.atomic.LongAdder> answeredByModel = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile FakeModel.Tokens fixed;
  private volatile long maxOutput = 16;


  public static FakeModelServer start(int port) { return new FakeModelServer(port, true); }

  /** @param remember false for the benchmark: nothing kept per request */
  public FakeModelServer(int port, boolean remember) {
    this.vertx = Vertx.vertx();
    this.remember = remember;
    try {
      this.server = vertx.createHttpServer().requestHandler(this::handle).listen(port, "127.0.0.1")
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("fake model server did not start on port " + port, e);
    }
  }

  public String baseUrl() { return "http://127.0.0.1:" + server.actualPort() + "/v1"; }

  public int port() { return server.actualPort(); }

  public List<Seen> seen() { return seen; }

  /** Every answer counts these tokens, whatever the request. */
  public FakeModelServer fixedTokens(long prompt, long completion) {
    fixed = new FakeModel.Tokens(prompt, completion);
    return this;
  }

  public FakeModelServer delay(Duration d) {
    delay.set(d);
    return this;
  }

  /** Answers with this HTTP status (0: normally). */
  public FakeModelServer failWith(int status) {
    failWith.set(status);
    return this;
  }

  /** Calls for these models (the body's model field) are answered with their HTTP status: a bad checkpoint. */
  private final java.util.Map<String, Integer> failingModels = new java.util.concurrent.ConcurrentHashMap<>();

  public FakeModelServer failModel(String model, int status) {
    if (status == 0) failingModels.remove(model);
    else failingModels.put(model, status);
    return this;
  }

  /** The next n answers carry x-dashscope-ptu-overflow: true, as the vendor's do beyond a reservation. */
  public FakeModelServer overflowNext(int n) {
    overflowNext.set(n);
    return this;
  }

  /** Calls answered 200 so far; also GET /stats, for a benchmark in another process. */
  public long answered() { return answered.get(); }

  /** vLLM's load gauges per deployment ("namespace/name"): requests waiting and the KV-cache fraction. */
  private final java.util.Map<String, double[]> load = new java.util.concurrent.ConcurrentHashMap<>();

  /** What GET /metrics/{namespace}/{name} reports, as vLLM would for that deployment's replicas together. */
  public FakeModelServer load(String namespace, String name, double waiting, double kvCacheFraction) {
    load.put(namespace + "/" + name, new double[] {waiting, kvCacheFraction});
    return this;
  }

  private void handle(HttpServerRequest request) {
    if (request.path().startsWith("/metrics/")) {
      // PUT /metrics/{namespace}/{name}?waiting=N&kv=F sets them from another process (the end-to-end tests).
      String deployment = request.path().substring("/metrics/".length());
      if (request.method() == io.vertx.core.http.HttpMethod.PUT) {
        load.put(deployment, new double[] {Double.parseDouble(request.getParam("waiting", "0")), Double.parseDouble(request.getParam("kv", "0"))});
        request.response().setStatusCode(204).end();
        return;
      }
      double[] now = load.getOrDefault(deployment, new double[2]);
      request.response().putHeader("content-type", "text/plain; version=0.0.4")
          .end("# TYPE vllm:num_requests_waiting gauge\nvllm:num_requests_waiting{model_name=\"" + deployment + "\"} " + now[0]
              + "\n# TYPE vllm:kv_cache_usage_perc gauge\nvllm:kv_cache_usage_perc{model_name=\"" + deployment + "\"} " + now[1] + "\n");
      return;
    }
    if (request.path().startsWith("/faults/") && request.method() == io.vertx.core.http.HttpMethod.PUT) {
      // PUT /faults/{model}?status=N (0 clears) from another process (the end-to-end tests).
      failModel(request.path().substring("/faults/".length()), Integer.parseInt(request.getParam("status", "0")));
      request.response().setStatusCode(204).end();
      return;
    }
    if (request.path().equals("/stats")) {
      JsonObject byModel = new JsonObject();
      answeredByModel.forEach((model, n) -> byModel.put(model, n.sum()));
      request.response().putHeader("content-type", "application/json")
          .end(new JsonObject().put("answered", answered.get()).put("models", byModel).encode());
      return;
    }
    request.body().onSuccess(raw -> {
      String path = request.path();
      Call call = null;
      for (Call c : Call.values()) if (path.endsWith("/" + c.path()) && !(c == Call.Completions && path.endsWith("/chat/completions"))) call = c;
      if (call == null) {
        request.response().setStatusCode(404).end("{\"error\":{\"message\":\"no such path\"}}");
        return;
      }
      JsonObject body = raw.length() == 0 ? new JsonObject() : raw.toJsonObject();
      if (remember) seen.add(new Seen(path, request.getHeader("authorization"), body));
      Call asked = call;
      Runnable answer = () -> answer(request, asked, body);
      long millis = delay.get().toMillis();
      if (millis > 0) vertx.setTimer(millis, t -> answer.run());
      else answer.run();
    });
  }

  private void answer(HttpServerRequest request, Call call, JsonObject body) {
    int status = failWith.get() != 0 ? failWith.get() : failingModels.getOrDefault(body.getString("model", ""), 0);
    if (status != 0) {
      request.response().setStatusCode(status).putHeader("content-type", "application/json")
          .end("{\"error\":{\"message\":\"injected failure\",\"type\":\"server_error\",\"code\":\"injected\"}}");
      return;
    }
    FakeModel.Tokens tokens = fixed;
    FakeModel.Tokens counted = tokens != null ? new FakeModel.Tokens(tokens.prompt(), call.generates() ? tokens.completion() : 0)
        : FakeModel.Tokens.of(body, call, maxOutput);
    String model = body.getString("model", "unknown");
    answered.incrementAndGet();
    answeredByModel.computeIfAbsent(body.getString("model", ""), m -> new java.util.concurrent.atomic.LongAdder()).increment();
    var response = request.response().setStatusCode(200);
    if (overflowNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) response.putHeader("x-dashscope-ptu-overflow", "true");
    if (Boolean.TRUE.equals(body.getValue("stream"))) {
      response.setChunked(true).putHeader("content-type", "text/event-stream");
      FakeModel.stream(call, model, counted, FakeModel.includeUsage(body), null).forEach(response::write);
      response.end();
      return;
    }
    response.putHeader("content-type", "application/json").end(FakeModel.answer(call, model, counted, null).encode());
  }

  /** A standalone server for `make cluster-up` and the benchmark: port [prompt completion]. */
  public static void main(String[] args) {
    FakeModelServer server = new FakeModelServer(Integer.parseInt(args[0]), false);
    if (args.length >= 3) server.fixedTokens(Long.parseLong(args[1]), Long.parseLong(args[2]));
    System.out.println("fake model server at " + server.baseUrl());
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
