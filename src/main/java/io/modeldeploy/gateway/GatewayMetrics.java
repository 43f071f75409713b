package io.modeldeploy.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * What the gateway exports per deployment (namespace, name, model, tier = reserved | overflow):
 * calls by HTTP status, tokens by direction, time to first token, total latency, calls in flight,
 * throttled calls and upstream failures. Overflow calls and tokens are the tier="overflow" series; during
 * a rollout each revision's calls are their own series (label revision, empty when the call was not split).
 */
public final class GatewayMetrics {

  public static final String RESERVED = "reserved";
  public static final String OVERFLOW = "overflow";

  /** Histogram buckets from a fast first token to a long answer: a dozen, not Micrometer's seventy-odd. */
  static final Duration[] BUCKETS = java.util.stream.Stream.of(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000)
      .map(Duration::ofMillis).toArray(Duration[]::new);

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> held = new ConcurrentHashMap<>();
  private final Map<Series, Timer> timers = new ConcurrentHashMap<>();
  private final Map<Series, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.atomic.AtomicLong> limits = new ConcurrentHashMap<>();

  public GatewayMetrics(MeterRegistry registry, BooleanSupplier sharedLimits) {
    this.registry = registry;
    Gauge.builder("modeldeploy.gateway.limits.shared", () -> sharedLimits.getAsBoolean() ? 1 : 0)
        .description("1 while throttling and usage are counted in Redis for every replica, 0 while this replica counts alone")
        .register(registry);
  }

  private static Tags tags(Route route, String tier) {
    return Tags.of("namespace", route.namespace(), "name", route.name(), "model", String.valueOf(route.modelCode()), "tier", tier,
        "revision", route.revision());
  }

  public void answered(Route route, String tier, int status) {
    counter("modeldeploy.gateway.requests", "Calls answered, by HTTP status", route, tier, "status", String.valueOf(status)).increment();
  }

  public void tokens(Route route, String tier, Usage usage) {
    counter("modeldeploy.gateway.tokens", "Tokens the model counted, by direction", route, tier, "direction", "input").increment(usage.input());
    counter("modeldeploy.gateway.tokens", "Tokens the model counted, by direction", route, tier, "direction", "output").increment(usage.output());
  }

  public void firstToken(Route route, String tier, long nanos) { timer("modeldeploy.gateway.time.to.first.token",
      "From the call's arrival to the first byte of the model's answer", route, tier).record(nanos, TimeUnit.NANOSECONDS); }

  public void duration(Route route, String tier, long nanos) { timer("modeldeploy.gateway.request.duration",
      "From the call's arrival to the last byte of the answer", route, tier).record(nanos, TimeUnit.NANOSECONDS); }

  public void throttled(Route route) {
    counter("modeldeploy.gateway.throttled", "Calls refused with 429 by the deployment's limits", route, RESERVED, null, null).increment();
  }

  public void upstreamError(Route route, String tier, String kind) {
    counter("modeldeploy.gateway.upstream.errors", "Calls the model did not answer: unavailable, timeout or reset", route, tier,
        "kind", kind).increment();
  }

  /** A meter is looked up once per series and kept: registering one per call is most of a call's cost in metrics. */
  private record Series(String name, String key, String model, String revision, String tier, String label, String value) {}

  private Counter counter(String name, String description, Route route, String tier, String label, String value) {
    return counters.computeIfAbsent(new Series(name, route.key(), route.modelCode(), route.revision(), tier, label, value), s -> {
      Counter.Builder builder = Counter.builder(name).description(description).tags(tags(route, tier));
      return (label == null ? builder : builder.tag(label, value)).register(registry);
    });
  }

  /** The deployment's tokens-per-minute ceiling (spec.throttling.tpm), for TPM-against-limit panels; set on its first call. */
  public void limit(Route route) {
    if (route.tpm() == null) return;
    limits.computeIfAbsent(route.key(), k -> {
      java.util.concurrent.atomic.AtomicLong value = new java.util.concurrent.atomic.AtomicLong();
      Gauge.builder("modeldeploy.gateway.limit.tpm", value, java.util.concurrent.atomic.AtomicLong::get)
          .description("The deployment's tokens-per-minute limit (spec.throttling.tpm)")
          .tags(Tags.of("namespace", route.namespace(), "name", route.name())).register(registry);
      return value;
    }).set(route.tpm());
  }

  /** Calls held for a deployment at zero replicas while its autoscaler brings one up: +1 held, -1 released. */
  public void held(Route route, int delta) {
    held.computeIfAbsent(route.key(), k -> {
      AtomicInteger gauge = new AtomicInteger();
      Gauge.builder("modeldeploy.gateway.held", gauge, AtomicInteger::get)
          .description("Calls waiting for a deployment at zero replicas to get one (the autoscaler's scale-from-zero signal)")
          .tags(Tags.of("namespace", route.namespace(), "name", route.name())).register(registry);
      return gauge;
    }).addAndGet(delta);
  }

  /** Calls in flight: +1 when sent, -1 when answered. */
  public void inFlight(Route route, int delta) {
    inFlight.computeIfAbsent(route.key() + "|" + route.modelCode(), k -> {
      AtomicInteger gauge = new AtomicInteger();
      Gauge.builder("modeldeploy.gateway.in.flight", gauge, AtomicInteger::get).description("Calls sent and not yet answered")
          .tags(Tags.of("namespace", route.namespace(), "name", route.name(), "model", String.valueOf(route.modelCode())))
          .register(registry);
      return gauge;
    }).addAndGet(delta);
  }

  private Timer timer(String name, String description, Route route, String tier) {
    return timers.computeIfAbsent(new Series(name, route.key(), route.modelCode(), route.revision(), tier, null, null), k -> Timer.builder(name)
        .description(description).tags(tags(route, tier)).serviceLevelObjectives(BUCKETS).register(registry));
  }
}
