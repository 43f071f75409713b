package io.modeldeploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modeldeploy.api.Phase;
import io.modeldeploy.api.ProviderType;
import io.modeldeploy.api.UsageCounts;
import io.modeldeploy.gateway.Directory;
import io.modeldeploy.gateway.Gateway;
import io.modeldeploy.gateway.GatewayMetrics;
import io.modeldeploy.gateway.RedisCounters;
import io.modeldeploy.gateway.Route;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * `make bench-gateway`: the gateway against nginx as a plain reverse proxy, both in front of the same
 * fake upstream (answering at once with fixed token counts), loaded by bombardier (Go, from the module
 * proxy): maximum rate, then latency at half of nginx's maximum; then three gateway replicas on one
 * Redis offered twice a 60,000 TPM limit for three minutes, what they admit per minute, and whether
 * every call was counted once. Prints the table for docs/benchmarks.md and one summary line.
 *
 * The gateway runs in this JVM on Vert.x with the event loops Quarkus gives it (2 per core), with
 * its limits on and Redis; nginx with worker_processes auto. Everything shares the machine's cores.
 */
public final class GatewayBench {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "sk-bench";
  static final String NS = "bench";
  static final long PROMPT = 100;
  static final long COMPLETION = 20;
  static final Duration LOAD = Duration.ofSeconds(Long.getLong("bench.seconds", 15));
  static final int CONNECTIONS = Integer.getInteger("bench.connections", 64);
  static final Duration ACCURACY = Duration.ofMinutes(Long.getLong("bench.accuracy.minutes", 3));
  static final long TPM_LIMIT = 60_000;

  final Path dir;
  final Path bombardier;
  final List<Process> processes = new ArrayList<>();

  GatewayBench(Path dir, Path bombardier) {
    this.dir = dir;
    this.bombardier = bombardier;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("bench-gateway");
    GatewayBench bench = new GatewayBench(dir, Path.of(args[0]));
    try {
      bench.run();
    } finally {
      bench.processes.forEach(Process::destroy);
    }
    System.exit(0);
  }

  record Load(double rps, double p50Ms, double p99Ms, long ok, long throttled, long other) {}

  void run() throws Exception {
    int upstreamPort = freePort();
    int nginxPort = freePort();
    int redisPort = freePort();
    start("upstream", "java", "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"),
        "io.modeldeploy.testing.FakeModelServer", String.valueOf(upstreamPort), String.valueOf(PROMPT), String.valueOf(COMPLETION));
    start("redis", "redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", dir.toString());
    Files.writeString(dir.resolve("nginx.conf"), nginxConfig(nginxPort, upstreamPort));
    start("nginx", "nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString());
    awaitPort(upstreamPort);
    awaitPort(redisPort);
    awaitPort(nginxPort);

    String redis = "redis://127.0.0.1:" + redisPort;
    // Limits on, high enough that the throughput runs measure the work of checking them, not refusals.
    Route limited = route("chat", "qwen3-8b", upstreamPort, 100_000_000L, 1_000_000_000L, null);
    Route unlimited = route("open", "qwen3-8b-open", upstreamPort, null, null, null);
    Replica gateway = new Replica(redis, List.of(limited, unlimited));
    String body = "{\"model\":\"qwen3-8b\",\"max_tokens\":" + COMPLETION + ",\"messages\":[{\"role\":\"user\",\"content\":\""
        + "x".repeat((int) (PROMPT - 4) * 4) + "\"}]}";
    String direct = "http://127.0.0.1:" + upstreamPort + "/v1/chat/completions";
    String viaNginx = "http://127.0.0.1:" + nginxPort + "/v1/chat/completions";
    String viaGateway = gateway.url() + "/chat/completions";

    // Warm-up: the JIT of the gateway and of the upstream.
    load(viaGateway, body, Duration.ofSeconds(10), 0);
    load(direct, body, Duration.ofSeconds(5), 0);
    Load maxDirect = load(direct, body, LOAD, 0);
    Load maxNginx = load(viaNginx, body, LOAD, 0);
    Load maxGateway = load(viaGateway, body, LOAD, 0);
    Load maxUnlimited = load(viaGateway, body.replace("qwen3-8b", "qwen3-8b-open"), LOAD, 0);
    int half = (int) (maxNginx.rps() / 2);
    Load halfDirect = load(direct, body, LOAD, half);
    Load halfNginx = load(viaNginx, body, LOAD, half);
    Load halfGateway = load(viaGateway, body, LOAD, half);
    Load halfUnlimited = load(viaGateway, body.replace("qwen3-8b", "qwen3-8b-open"), LOAD, half);
    gateway.close();

    Accuracy accuracy = accuracy(redis, upstreamPort, body);

    double ratio = maxGateway.rps() / maxNginx.rps();
    double addedP99 = halfGateway.p99Ms() - halfDirect.p99Ms();
    System.out.println();
    System.out.println("| run | req/s (max) | p50 ms (max) | p99 ms (max) | p50 ms at " + half + " req/s | p99 ms at " + half
        + " req/s | added p99 ms at " + half + " req/s |");
    System.out.println("|---|---|---|---|---|---|---|");
    row("direct to the upstream", maxDirect, halfDirect, halfDirect);
    row("nginx (reverse proxy, keepalive)", maxNginx, halfNginx, halfDirect);
    row("gateway (limits on, Redis)", maxGateway, halfGateway, halfDirect);
    row("gateway (no limits: no Redis call)", maxUnlimited, halfUnlimited, halfDirect);
    System.out.println();
    System.out.println("Three replicas on one Redis, " + TPM_LIMIT + " TPM offered " + accuracy.offeredTpm + " TPM for "
        + ACCURACY.toMinutes() + " min: admitted per whole minute " + accuracy.perMinute + "; calls " + accuracy.sent + ", answered "
        + accuracy.answered + " (" + accuracy.overflow + " by the overflow target), refused 429: " + accuracy.throttled
        + ", other: " + accuracy.other + "; served by the upstream " + accuracy.served + ", counted " + accuracy.counted);
    System.out.printf(Locale.ROOT, "gateway: rps_ratio_vs_nginx=%.2f added_p99_ms=%.2f tpm_error_pct=%.2f lost=%d double_counted=%d%n",
        ratio, addedP99, accuracy.errorPct, Math.max(0, accuracy.served - accuracy.counted), Math.max(0, accuracy.counted - accuracy.served));
  }

  static void row(String name, Load max, Load half, Load directHalf) {
    System.out.printf(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", name, max.rps(), max.p50Ms(), max.p99Ms(),
        half.p50Ms(), half.p99Ms(), half.p99Ms() - directHalf.p99Ms());
  }

  record Accuracy(long offeredTpm, List<Long> perMinute, double errorPct, long sent, long answered, long overflow, long throttled,
      long other, long served, long counted) {}

  /**
   * Three replicas, one Redis, one deployment limited to TPM_LIMIT with an overflow target; offered
   * twice the limit, a third of it on each replica. What each whole minute admitted is what the
   * upstream answered under the deployment's own model code in it.
   */
  Accuracy accuracy(String redis, int upstreamPort, String body) throws Exception {
    Route origin = route("chat", "qwen3-8b", upstreamPort, null, TPM_LIMIT, "spill");
    Route spill = route("spill", "qwen3-8b-payg", upstreamPort, null, null, null);
    List<Replica> replicas = new ArrayList<>();
    for (int i = 0; i < 3; i++) replicas.add(new Replica(redis, List.of(origin, spill)));
    long servedBefore = served(upstreamPort);
    String day = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
    UsageCounts countedBefore = replicas.get(0).counters.totals(NS + "/chat", day, day.substring(0, 7))
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)[0];
    long offeredTpm = 2 * TPM_LIMIT;
    // Whole calls per second per replica, rounded up: a little over twice the limit.
    int ratePerReplica = (int) Math.ceil(offeredTpm / 60.0 / (PROMPT + COMPLETION) / replicas.size());
    // Start at a minute's beginning, so the run's minutes are whole windows (a harness waiting on the clock, not a test).
    long untilNextMinute = 60_000 - System.currentTimeMillis() % 60_000;
    Thread.sleep(untilNextMinute + 200);
    long firstWindow = System.currentTimeMillis() / 60_000;
    List<Process> loads = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    for (Replica replica : replicas) {
      Path out = dir.resolve("accuracy-" + outputs.size() + ".json");
      outputs.add(out);
      loads.add(bombardierProcess(replica.url() + "/chat/completions", body, ACCURACY, ratePerReplica, 8, out));
    }
    // What each minute admitted from the reservation: the calls the upstream answered for the deployment's
    // own model code (overflow calls carry the target's), read at each minute's end.
    List<Long> perMinute = new ArrayList<>();
    long before = servedOf(upstreamPort, "qwen3-8b");
    for (long w = firstWindow; w < firstWindow + ACCURACY.toMinutes(); w++) {
      Thread.sleep(Math.max(0, (w + 1) * 60_000 + 20 - System.currentTimeMillis()));
      long now = servedOf(upstreamPort, "qwen3-8b");
      perMinute.add((now - before) * (PROMPT + COMPLETION));
      before = now;
    }
    for (Process p : loads) p.waitFor();
    for (Replica replica : replicas) replica.counters.flush().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    double errorPct = perMinute.stream().mapToDouble(t -> Math.abs(t - TPM_LIMIT) * 100.0 / TPM_LIMIT).max().orElse(100);
    long sent = 0, ok = 0, throttled = 0, other = 0;
    for (Path out : outputs) {
      Load l = parse(Files.readString(out));
      ok += l.ok();
      throttled += l.throttled();
      other += l.other();
    }
    sent = ok + throttled + other;
    UsageCounts counted = replicas.get(0).counters.totals(NS + "/chat", day, day.substring(0, 7))
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)[0];
    long served = served(upstreamPort) - servedBefore;
    replicas.forEach(Replica::close);
    return new Accuracy(offeredTpm, perMinute, errorPct, sent, ok, counted.getOverflowRequests() - countedBefore.getOverflowRequests(),
        throttled, other, served, counted.getRequests() - countedBefore.getRequests());
  }

  static long served(int upstreamPort) throws Exception { return stats(upstreamPort).path("answered").asLong(); }

  static long servedOf(int upstreamPort, String model) throws Exception { return stats(upstreamPort).path("models").path(model).asLong(); }

  static JsonNode stats(int upstreamPort) throws Exception {
    HttpResponse<String> stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + upstreamPort + "/stats"))
        .build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(stats.body());
  }

  Load load(String url, String body, Duration duration, int rate) throws Exception {
    Path out = dir.resolve("load.json");
    Process p = bombardierProcess(url, body, duration, rate, CONNECTIONS, out);
    if (p.waitFor() != 0) throw new IllegalStateException("bombardier failed: " + Files.readString(dir.resolve("bombardier.err")));
    return parse(Files.readString(out));
  }

  Process bombardierProcess(String url, String body, Duration duration, int rate, int connections, Path out) throws IOException {
    List<String> command = new ArrayList<>(List.of(bombardier.toString(), "-c", String.valueOf(connections), "-d",
        duration.toSeconds() + "s", "-m", "POST", "-H", "Authorization: Bearer " + KEY, "-H", "Content-Type: application/json",
        "-b", body, "-l", "-o", "json", "-p", "r", "-t", "10s"));
    if (rate > 0) command.addAll(List.of("-r", String.valueOf(rate)));
    command.add(url);
    return new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(dir.resolve("bombardier.err").toFile()).start();
  }

  static Load parse(String json) throws IOException {
    JsonNode result = JSON.readTree(json).path("result");
    JsonNode percentiles = result.path("latency").path("percentiles");
    long ok = result.path("req2xx").asLong();
    long client = result.path("req4xx").asLong();
    long other = result.path("req1xx").asLong() + result.path("req3xx").asLong() + result.path("req5xx").asLong()
        + result.path("others").asLong();
    return new Load(result.path("rps").path("mean").asDouble(), percentiles.path("50").asDouble() / 1000,
        percentiles.path("99").asDouble() / 1000, ok, client, other);
  }

  /** One gateway replica: its own Vert.x (2 event loops per core, as Quarkus sizes them), Redis counters, routes. */
  final class Replica implements AutoCloseable {
    final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2 * Runtime.getRuntime().availableProcessors()));
    final RedisCounters counters;
    final Gateway gateway;
    final HttpServer server;

    Replica(String redis, List<Route> routes) throws Exception {
      Directory directory = new Directory();
      directory.putKey(NS, "keys", KEY);
      routes.forEach(directory::put);
      counters = new RedisCounters(vertx, redis, Duration.ofMillis(500));
      gateway = new Gateway(vertx, directory, counters, new GatewayMetrics(new SimpleMeterRegistry(), counters::shared),
          new Gateway.Settings(Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(30), 512, 1 << 20,
              ZoneId.of("Asia/Shanghai"), Clock.systemUTC(), "keys", Duration.ofSeconds(5)), route -> Future.succeededFuture(null), key -> {});
      Router router = Router.router(vertx);
      gateway.mount(router);
      // One server per event loop, as Quarkus runs its HTTP server.
      HttpServer first = null;
      int port = freePort();
      for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
        HttpServer s = vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1")
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (first == null) first = s;
      }
      server = first;
    }

    String url() { return "http://127.0.0.1:" + server.actualPort() + "/v1"; }

    @Override
    public void close() {
      gateway.close();
      counters.close();
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  static Route route(String name, String code, int upstreamPort, Long rpm, Long tpm, String overflowTo) {
    return new Route(NS, name, code, code, Phase.Running, ProviderType.Kubernetes, "http://127.0.0.1:" + upstreamPort + "/v1",
        rpm, tpm, overflowTo, null, null, "1", false);
  }

  String nginxConfig(int port, int upstreamPort) {
    return """
        worker_processes auto;
        daemon off;
        pid %1$s/nginx.pid;
        error_log %1$s/nginx-error.log warn;
        events { worker_connections 4096; }
        http {
          access_log off;
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          upstream model { server 127.0.0.1:%3$d; keepalive 256; }
          server {
            listen 127.0.0.1:%2$d;
            location / {
              proxy_pass http://model;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_buffering off;
            }
          }
        }
        """.formatted(dir.toString(), port, upstreamPort);
  }

  void start(String name, String... command) throws IOException {
    processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start());
  }

  static void awaitPort(int port) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      try (var socket = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("nothing listens on port " + port);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
