package io.modeldeploy.gateway;

import io.modeldeploy.api.UsageCounts;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The inference gateway: one OpenAI-compatible endpoint for every deployment. A call is
 * authenticated by its key (which names the namespace), routed by its model code, admitted by the
 * deployment's limits (or sent to its overflow target), proxied with the answer streamed through as
 * it comes, and metered with the model's own token count. Everything runs on the event loop; nothing
 * logs a key or a body.
 */
public final class Gateway {

  public static final String OVERFLOW_HEADER = "x-dashscope-ptu-overflow";
  /** A conversation's key: calls with the same one go to the same revision during a rollout. */
  public static final String SESSION_HEADER = "x-session-id";
  /** Answer headers worth passing on; hop-by-hop and length headers are the server's own. */
  private static final String[] PASSED_HEADERS = {"content-type", "x-request-id", "x-dashscope-request-id", OVERFLOW_HEADER};

  /** How the gateway reaches models, and the clock its windows and days are read from. */
  public record Settings(Optional<String> clusterUpstream, Duration connectTimeout, Duration idleTimeout,
      int defaultOutputTokens, int maxBodyBytes, ZoneId billingZone, java.time.Clock clock, String keySecret,
      Duration scaleFromZeroTimeout) {}

  /** How often a held call looks whether its deployment serves yet (the directory is fed by informers). */
  private static final long HOLD_POLL_MILLIS = 250;

  /** The vendor's API key for a deployment on the vendor, never shown to callers. */
  public interface VendorKey {
    Future<String> of(Route route);
  }

  private final Directory directory;
  private final Counters counters;
  private final GatewayMetrics metrics;
  private final Settings settings;
  private final VendorKey vendorKey;
  private final Consumer<String> metered;
  private final HttpClient client;
  /** Recent output tokens per call, by deployment: the reservation of a call that sets no max_tokens. */
  private final Map<String, Long> typicalOutput = new ConcurrentHashMap<>();
  private final Map<String, RequestOptions> upstreams = new ConcurrentHashMap<>();

  /** @param metered told the key of every deployment whose usage changed */
  public Gateway(Vertx vertx, Directory directory, Counters counters, GatewayMetrics metrics, Settings settings,
      VendorKey vendorKey, Consumer<String> metered) {
    this.directory = directory;
    this.counters = counters;
    this.metrics = metrics;
    this.settings = settings;
    this.vendorKey = vendorKey;
    this.metered = metered;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
            .setConnectTimeout((int) settings.connectTimeout().toMillis()).setForceSni(true),
        new PoolOptions().setHttp1MaxSize(512).setMaxWaitQueueSize(10_000));
  }

  public void mount(Router router) {
    router.get("/v1/models").handler(this::models);
    for (Call call : Call.values())
      router.post("/v1/" + call.path()).handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()))
          .handler(ctx -> call(ctx, call));
  }

  public void close() { client.close(); }

  /** The deployments the caller's key may call, serving now. */
  private void models(RoutingContext ctx) {
    Optional<String> namespace = caller(ctx);
    if (namespace.isEmpty()) return;
    JsonArray data = new JsonArray();
    directory.inNamespace(namespace.get()).stream().filter(Route::serving).forEach(r -> data.add(new JsonObject()
        .put("id", r.modelCode()).put("object", "model").put("created", 0).put("owned_by", r.key())));
    ctx.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("object", "list").put("data", data).encode());
  }

  private void call(RoutingContext ctx, Call call) {
    long arrived = System.nanoTime();
    Optional<String> namespace = caller(ctx);
    if (namespace.isEmpty()) return;
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException notJson) {
      body = null;
    }
    if (body == null) {
      fail(ctx, OpenAiError.badRequest("invalid_request_body", "the request body is not a JSON object"));
      return;
    }
    if (!(body.getValue("model") instanceof String model) || model.isBlank()) {
      fail(ctx, OpenAiError.badRequest("model_missing", "the request names no model: set \"model\" to a deployment's"
          + " status.modelCode (GET /v1/models lists those this key may call)"));
      return;
    }
    Directory.Lookup lookup = directory.lookup(namespace.get(), model);
    if (lookup.found().isEmpty()) {
      fail(ctx, unknownModel(namespace.get(), model, lookup));
      return;
    }
    Route route = lookup.found().get();
    if (route.waking()) {
      hold(ctx, call, body, route, arrived);
      return;
    }
    if (!route.serving()) {
      fail(ctx, notReady(model, route));
      return;
    }
    serve(ctx, call, body, route, arrived);
  }

  /**
   * A call for a deployment its autoscaler keeps at zero replicas waits for a replica (bounded): the
   * held call, exported as modeldeploy_gateway_held, is what asks the autoscaler for one.
   */
  private void hold(RoutingContext ctx, Call call, JsonObject body, Route route, long arrived) {
    metrics.held(route, 1);
    long deadline = arrived + settings.scaleFromZeroTimeout().toNanos();
    java.util.concurrent.atomic.AtomicBoolean settled = new java.util.concurrent.atomic.AtomicBoolean();
    io.vertx.core.Vertx vertx = ctx.vertx();
    long timer = vertx.setPeriodic(HOLD_POLL_MILLIS, id -> {
      Optional<Route> now = directory.byName(route.namespace(), route.name());
      boolean ready = now.map(Route::serving).orElse(false);
      boolean stillWaking = now.map(Route::waking).orElse(false);
      if (!ready && stillWaking && System.nanoTime() < deadline) return;
      vertx.cancelTimer(id);
      if (!settled.compareAndSet(false, true)) return;
      metrics.held(route, -1);
      if (ready) serve(ctx, call, body, now.get(), arrived);
      else if (stillWaking) fail(ctx, new OpenAiError(503, "service_unavailable", "model_not_ready", "model '" + route.modelCode()
          + "' is deployed by " + route.describe() + ", scaled to zero by its autoscaler: no replica was ready within "
          + settings.scaleFromZeroTimeout().toSeconds() + "s of this call; one is starting, try again", 30L));
      else fail(ctx, now.map(r -> notReady(route.modelCode(), r)).orElse(OpenAiError.of(404, "invalid_request_error",
          "model_not_found", "ModelDeployment " + route.key() + " was deleted while this call waited for a replica")));
    });
    ctx.response().closeHandler(v -> {
      if (settled.compareAndSet(false, true)) {
        vertx.cancelTimer(timer);
        metrics.held(route, -1);
      }
    });
  }

  private void serve(RoutingContext ctx, Call call, JsonObject body, Route deployment, long arrived) {
    String session = sessionKey(ctx, body);
    Route route = deployment.pick(session);
    metrics.limit(route);
    TokenEstimate estimate = TokenEstimate.of(body, call, typicalOutput.getOrDefault(route.key(), (long) settings.defaultOutputTokens()));
    Optional<Route> overflow = overflowTarget(route);
    Flight flight = new Flight(ctx, call, body, route, estimate, arrived, session);
    if (overflow.isPresent() && route.maxContextTokens() != null && estimate.input() > route.maxContextTokens()) {
      overflowTo(flight, overflow.get(), "this call's prompt (about " + estimate.input() + " tokens) is longer than spec.maxContextTokens "
          + route.maxContextTokens() + " of ModelDeployment " + route.key(), 0);
      return;
    }
    counters.admit(route.key(), route.rpm(), route.tpm(), estimate.total(), settings.clock().millis()).onComplete(ar -> {
      Admission admission = ar.result();
      if (admission.admitted()) {
        forward(flight, route, GatewayMetrics.RESERVED, admission);
        return;
      }
      if (overflow.isPresent()) overflowTo(flight, overflow.get(), why(admission, route, estimate), admission.retryAfterSeconds());
      else refuse(flight, OpenAiError.throttled(why(admission, route, estimate), admission.retryAfterSeconds()));
    });
  }

  /** Served by the overflow target under its own limits; refused with 429, saying both, when those refuse too. */
  private void overflowTo(Flight flight, Route target, String why, long originRetryAfter) {
    counters.admit(target.key(), target.rpm(), target.tpm(), flight.estimate.total(), settings.clock().millis()).onComplete(ar -> {
      if (ar.result().admitted()) forward(flight, target.pick(flight.session), GatewayMetrics.OVERFLOW, ar.result());
      else refuse(flight, OpenAiError.throttled(why + ", and its overflow target " + target.describe() + " is at its own limits: "
          + why(ar.result(), target, flight.estimate), Math.max(originRetryAfter, ar.result().retryAfterSeconds())));
    });
  }

  private void refuse(Flight flight, OpenAiError refusal) {
    metrics.throttled(flight.origin);
    metrics.answered(flight.origin, GatewayMetrics.RESERVED, refusal.status());
    fail(flight.ctx, refusal);
  }

  private Optional<Route> overflowTarget(Route route) {
    if (route.overflowTo() == null) return Optional.empty();
    return directory.byName(route.namespace(), route.overflowTo()).filter(Route::serving);
  }

  private static String why(Admission admission, Route route, TokenEstimate estimate) {
    return switch (admission.verdict()) {
      case OverRequests -> "ModelDeployment " + route.key() + " has had its " + route.rpm() + " requests this minute (spec.throttling.rpm)";
      case OverTokens -> "ModelDeployment " + route.key() + " has no room for this call's estimated " + estimate.total()
          + " tokens in its " + route.tpm() + " tokens this minute (spec.throttling.tpm)";
      case LargerThanLimit -> "this call's estimated " + estimate.total() + " tokens (prompt and max_tokens) exceed ModelDeployment "
          + route.key() + "'s whole " + route.tpm() + " tokens per minute (spec.throttling.tpm): lower max_tokens";
      case Admitted -> "admitted";
    };
  }

  private OpenAiError unknownModel(String namespace, String model, Directory.Lookup lookup) {
    if (!lookup.bySpecModel().isEmpty()) {
      Route asked = lookup.bySpecModel().get(0);
      if (!asked.serving()) return notReady(model, asked);
      return OpenAiError.of(404, "invalid_request_error", "model_not_found", "model '" + model + "' is served by "
          + asked.describe() + " under the model code '" + asked.modelCode() + "': call it by that code");
    }
    String offered = lookup.inNamespace().stream().filter(Route::serving).map(Route::modelCode).collect(Collectors.joining(", "));
    return OpenAiError.of(404, "invalid_request_error", "model_not_found", "no ModelDeployment in namespace " + namespace
        + " serves model '" + model + "'" + (offered.isEmpty() ? "; none is Running there" : "; Running there: " + offered));
  }

  private static OpenAiError notReady(String model, Route route) {
    return OpenAiError.of(503, "service_unavailable", "model_not_ready", "model '" + model + "' is deployed by "
        + route.describe() + ", which is not Running: calls are routed once it is");
  }

  /** What keeps a conversation on one revision during a rollout: the x-session-id header, else the body's user; null for neither. */
  private static String sessionKey(RoutingContext ctx, JsonObject body) {
    String header = ctx.request().getHeader(SESSION_HEADER);
    if (header != null && !header.isBlank()) return header;
    return body.getValue("user") instanceof String user && !user.isBlank() ? user : null;
  }

  /** The caller's namespace from its key, or an answered 401. */
  private Optional<String> caller(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("authorization");
    String key = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : "";
    Optional<String> namespace = key.isEmpty() ? Optional.empty() : directory.namespaceOf(key);
    if (namespace.isEmpty())
      fail(ctx, OpenAiError.of(401, "invalid_request_error", "invalid_api_key", key.isEmpty()
          ? "no API key: send Authorization: Bearer <key>, a key of your namespace's Secret " + settings.keySecret()
          : "the API key is not known to the gateway (it must be a data entry of the Secret " + settings.keySecret()
              + " in your namespace, and of no other namespace)"));
    return namespace;
  }

  /** One call on its way: where it came from, and what it was estimated at. */
  private static final class Flight {
    final RoutingContext ctx;
    final Call call;
    final JsonObject body;
    final Route origin;
    final TokenEstimate estimate;
    final long arrived;
    final String session;
    long firstByte;

    Flight(RoutingContext ctx, Call call, JsonObject body, Route origin, TokenEstimate estimate, long arrived, String session) {
      this.ctx = ctx;
      this.call = call;
      this.body = body;
      this.origin = origin;
      this.estimate = estimate;
      this.arrived = arrived;
      this.session = session;
    }
  }

  private void forward(Flight flight, Route target, String tier, Admission admission) {
    boolean stream = Boolean.TRUE.equals(flight.body.getValue("stream"));
    // Sent as it came unless the target has another model code or a stream must ask for its usage
    // (it arrives in the last chunk only if asked for): encoding the body again costs as much as reading it.
    Buffer upstreamBody = flight.ctx.body().buffer();
    if (stream || !target.modelCode().equals(flight.body.getString("model"))) {
      JsonObject changed = flight.body.put("model", target.modelCode());
      if (stream) changed.put("stream_options", Optional.ofNullable(changed.getJsonObject("stream_options"))
          .orElseGet(JsonObject::new).put("include_usage", true));
      upstreamBody = changed.toBuffer();
    }
    String base = !target.vendor() && settings.clusterUpstream().isPresent() ? settings.clusterUpstream().get() : target.endpoint();
    RequestOptions options = new RequestOptions(upstream(base, flight.call))
        .putHeader("accept", stream ? "text/event-stream" : "application/json");
    Buffer sent = upstreamBody;
    metrics.inFlight(flight.origin, 1);
    Future<String> key = target.vendor() ? vendorKey.of(target) : Future.succeededFuture(null);
    key.compose(vendorKey -> {
      if (vendorKey != null) options.putHeader("authorization", "Bearer " + vendorKey);
      return client.request(options);
    }).compose(request -> request.send(sent)).onComplete(ar -> {
      if (ar.failed()) {
        upstreamFailed(flight, target, tier, admission, ar.cause());
        return;
      }
      relay(flight, target, tier, admission, ar.result());
    });
  }

  /** What every call to one model's path shares, made once: a URL is parsed once, not per call. */
  private RequestOptions upstream(String base, Call call) {
    return upstreams.computeIfAbsent(base + "|" + call.path(), k -> new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(base.replaceAll("/+$", "") + "/" + call.path())
        .setConnectTimeout(settings.connectTimeout().toMillis()).setIdleTimeout(settings.idleTimeout().toMillis())
        .putHeader("content-type", "application/json"));
  }

  private void relay(Flight flight, Route target, String tier, Admission admission, HttpClientResponse answer) {
    flight.firstByte = System.nanoTime();
    boolean vendorOverflow = "true".equalsIgnoreCase(answer.getHeader(OVERFLOW_HEADER));
    String servedAs = vendorOverflow ? GatewayMetrics.OVERFLOW : tier;
    HttpServerResponse out = flight.ctx.response().setStatusCode(answer.statusCode());
    copyHeaders(answer.headers(), out);
    if (GatewayMetrics.OVERFLOW.equals(tier)) out.putHeader(OVERFLOW_HEADER, "true");
    String type = answer.getHeader("content-type");
    if (type != null && type.startsWith("text/event-stream")) {
      out.setChunked(true);
      Usage.StreamScanner scanner = new Usage.StreamScanner();
      answer.handler(chunk -> {
        scanner.feed(chunk);
        out.write(chunk);
        if (out.writeQueueFull()) {
          answer.pause();
          out.drainHandler(v -> answer.resume());
        }
      });
      // Counted before the caller hears the end, so what a caller has seen answered is already counted.
      answer.endHandler(v -> {
        finished(flight, target, servedAs, admission, answer.statusCode(), scanner.usage());
        out.end();
      });
      answer.exceptionHandler(e -> {
        out.reset();
        upstreamBroken(flight, servedAs);
      });
      // A caller that goes away stops the model's work too.
      out.closeHandler(v -> {
        if (!out.ended()) answer.request().reset();
      });
      return;
    }
    answer.body().onComplete(body -> {
      if (body.failed()) {
        upstreamFailed(flight, target, servedAs, admission, body.cause());
        return;
      }
      finished(flight, target, servedAs, admission, answer.statusCode(), answer.statusCode() / 100 == 2 ? Usage.of(body.result()) : null);
      out.end(body.result());
    });
  }

  private static void copyHeaders(MultiMap from, HttpServerResponse out) {
    for (String name : PASSED_HEADERS) {
      String value = from.get(name);
      if (value != null) out.putHeader(name, value);
    }
  }

  /**
   * The one place a call is counted: its window settled with the model's count, its usage added to
   * the origin's totals (as overflow when served beyond the reservation) and to the target's when
   * another deployment served it. A call the model did not answer frees its reservation.
   */
  private void finished(Flight flight, Route target, String tier, Admission admission, int status, Usage usage) {
    long now = System.nanoTime();
    metrics.inFlight(flight.origin, -1);
    metrics.answered(flight.origin, tier, status);
    metrics.firstToken(flight.origin, tier, flight.firstByte - flight.arrived);
    metrics.duration(flight.origin, tier, now - flight.arrived);
    boolean served = status / 100 == 2;
    counters.settle(admission, served ? (usage == null ? admission.reserved() : usage.total()) : 0);
    if (!served) return;
    Usage counted = usage == null ? new Usage(0, 0) : usage;
    metrics.tokens(flight.origin, tier, counted);
    if (flight.call.generates() && usage != null && usage.output() > 0)
      typicalOutput.merge(target.key(), usage.output(), (old, latest) -> (old * 7 + latest) / 8);
    LocalDate day = LocalDate.now(settings.clock().withZone(settings.billingZone()));
    String month = day.toString().substring(0, 7);
    boolean overflow = GatewayMetrics.OVERFLOW.equals(tier);
    add(flight.origin, day, month, new UsageCounts(1, counted.input(), counted.output(), overflow ? 1 : 0,
        overflow ? counted.input() : 0, overflow ? counted.output() : 0));
    if (!target.key().equals(flight.origin.key()))
      add(target, day, month, new UsageCounts(1, counted.input(), counted.output(), 0, 0, 0));
  }

  /** The writer is told once the totals it reads include this call (with Redis: after the next flush). */
  private void add(Route route, LocalDate day, String month, UsageCounts delta) {
    counters.add(route.key(), day.toString(), month, delta).onComplete(v -> metered.accept(route.key()));
  }

  private void upstreamFailed(Flight flight, Route target, String tier, Admission admission, Throwable cause) {
    boolean timeout = cause instanceof java.util.concurrent.TimeoutException
        || (cause.getMessage() != null && cause.getMessage().toLowerCase().contains("timeout"));
    metrics.upstreamError(flight.origin, tier, timeout ? "timeout" : "unavailable");
    metrics.inFlight(flight.origin, -1);
    counters.settle(admission, 0);
    int status = timeout ? 504 : 502;
    metrics.answered(flight.origin, tier, status);
    fail(flight.ctx, OpenAiError.of(status, "upstream_error", timeout ? "upstream_timeout" : "upstream_unavailable",
        (timeout ? "the model behind " : "the gateway could not reach the model behind ") + target.describe()
            + (timeout ? " did not answer within " + settings.idleTimeout().toSeconds() + " s" : "") + ": " + reason(cause)));
  }

  /** A stream cut off midway: the caller has had part of it, so it is counted as reserved rather than freed. */
  private void upstreamBroken(Flight flight, String tier) {
    metrics.upstreamError(flight.origin, tier, "reset");
    metrics.inFlight(flight.origin, -1);
    metrics.answered(flight.origin, tier, 502);
  }

  /** Why a connection failed, without anything the call carried. */
  private static String reason(Throwable cause) {
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
  }

  private static void fail(RoutingContext ctx, OpenAiError error) {
    HttpServerResponse out = ctx.response();
    if (out.headWritten()) {
      out.reset();
      return;
    }
    out.setStatusCode(error.status()).putHeader("content-type", "application/json");
    if (error.retryAfterSeconds() != null) out.putHeader("retry-after", String.valueOf(error.retryAfterSeconds()));
    out.end(error.body());
  }
}
