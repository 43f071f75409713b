package io.modeldeploy.gateway;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modeldeploy.api.Phase;
import io.modeldeploy.api.ProviderType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** One gateway replica in the test's JVM: its own Vert.x, HTTP port and counters, a Directory the test fills. */
final class GatewayHarness implements AutoCloseable {

  static final String VENDOR_KEY = "sk-vendor-secret";
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final Duration SCALE_FROM_ZERO_TIMEOUT = Duration.ofSeconds(3);

  final Vertx vertx = Vertx.vertx();
  final Directory directory;
  final Counters counters;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final Set<String> metered = ConcurrentHashMap.newKeySet();
  final Gateway gateway;
  private final HttpServer server;
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Half a minute into a window, so no test's calls straddle two windows. */
  static final java.time.Clock MID_MINUTE = java.time.Clock.fixed(java.time.Instant.parse("2026-11-30T03:30:30Z"), ZoneId.of("UTC"));

  GatewayHarness(Directory directory, String redisUrl, Duration idleTimeout) throws Exception {
    this.directory = directory;
    this.counters = redisUrl == null ? new LocalCounters() : new RedisCounters(vertx, redisUrl, Duration.ofMillis(500));
    gateway = new Gateway(vertx, directory, counters, new GatewayMetrics(registry, counters::shared),
        new Gateway.Settings(Optional.empty(), Duration.ofSeconds(2), idleTimeout, 100, 1 << 20, ZONE, MID_MINUTE, "modeldeploy-gateway-keys",
            SCALE_FROM_ZERO_TIMEOUT),
        route -> Future.succeededFuture(VENDOR_KEY), metered::add);
    Router router = Router.router(vertx);
    gateway.mount(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  GatewayHarness(Directory directory) throws Exception { this(directory, null, Duration.ofSeconds(5)); }

  String url() { return "http://127.0.0.1:" + server.actualPort() + "/v1"; }

  /** @param headers more request headers, name then value */
  HttpResponse<String> post(String path, String key, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
    if (key != null) request.header("authorization", "Bearer " + key);
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String key) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(url() + path)).header("authorization", "Bearer " + key).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static Route route(String namespace, String name, String code, Phase phase, ProviderType provider, String endpoint,
      Long rpm, Long tpm, String overflowTo, Integer maxContextTokens) {
    return new Route(namespace, name, code, code, phase, provider, endpoint, rpm, tpm, overflowTo, maxContextTokens, null, "1", false);
  }

  static Route running(String namespace, String name, String code, String endpoint) {
    return route(namespace, name, code, Phase.Running, ProviderType.Kubernetes, endpoint, null, null, null, null);
  }

  static String chat(String model, int maxTokens, boolean stream) {
    return "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens + ",\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello in one word, please.\"}]}";
  }

  double counter(String name, String... tags) {
    var search = registry.find(name).tags(tags);
    return search.counters().stream().mapToDouble(c -> c.count()).sum();
  }

  double gauge(String name, String... tags) {
    return registry.find(name).tags(tags).gauges().stream().mapToDouble(g -> g.value()).sum();
  }

  @Override
  public void close() {
    gateway.close();
    counters.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
