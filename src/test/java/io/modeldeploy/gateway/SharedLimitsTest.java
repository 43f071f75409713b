package io.modeldeploy.gateway;

import static io.modeldeploy.gateway.GatewayHarness.chat;
import static io.modeldeploy.gateway.GatewayHarness.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modeldeploy.api.Phase;
import io.modeldeploy.api.ProviderType;
import io.modeldeploy.api.UsageCounts;
import io.modeldeploy.testing.FakeModelServer;
import io.modeldeploy.testing.RedisServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three gateway replicas on one real Redis: one limit between them, usage counted once, and what happens while Redis is away. */
class SharedLimitsTest {

  static final String KEY = "sk-team-a";
  RedisServer redis;
  FakeModelServer model;
  List<GatewayHarness> replicas = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    redis = new RedisServer();
    model = FakeModelServer.start(0).fixedTokens(10, 5);
    for (int i = 0; i < 3; i++) {
      Directory directory = new Directory();
      directory.putKey("team-a", "gateway-key", KEY);
      directory.put(route("team-a", "chat", "qwen3-8b", Phase.Running, ProviderType.Kubernetes, model.baseUrl(), 30L, 100_000L, null, null));
      replicas.add(new GatewayHarness(directory, redis.url(), Duration.ofSeconds(5)));
    }
  }

  @AfterEach
  void stop() throws Exception {
    replicas.forEach(GatewayHarness::close);
    model.close();
    redis.close();
  }

  @Test
  void threeReplicasAdmitTheLimitBetweenThemAndCountEveryCallOnce() throws Exception {
    List<Integer> statuses = callConcurrently(90);

    assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(30);
    assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(60);
    assertThat(model.seen()).hasSize(30);
    assertThat(replicas.get(0).counters.shared()).isTrue();
    // Usage is added asynchronously after each answer; every replica reads the same totals.
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(today(replicas.get(2))).isEqualTo(new UsageCounts(30, 300, 150, 0, 0, 0)));
    // One writer per interval: the first replica to ask.
    assertThat(claim(replicas.get(1))).isTrue();
    assertThat(claim(replicas.get(0))).isFalse();
  }

  /**
   * Tokens: each replica leases a small share of the window from Redis and admits from it, giving back
   * what a call did not use. Together they never pass the limit, and leave at most about one call's
   * estimate each unused.
   */
  @Test
  void threeReplicasLeasingTheirSharesAdmitTheTokenLimitToWithinACallEach() throws Exception {
    for (GatewayHarness replica : replicas)
      replica.directory.put(route("team-a", "chat", "qwen3-8b", Phase.Running, ProviderType.Kubernetes, model.baseUrl(), null, 3000L, null, null));
    // Each call is estimated at 22 tokens (prompt 12, max_tokens 10) and uses 15.
    int admitted = 0;
    for (int i = 0; i < 300; i++)
      if (replicas.get(i % 3).post("/chat/completions", KEY, chat("qwen3-8b", 10, false)).statusCode() == 200) admitted++;
    assertThat(admitted * 15).isLessThanOrEqualTo(3000).isGreaterThanOrEqualTo(3000 - 3 * (22 + 15));
    // Redis counts what was leased: never more than the limit.
    assertThat(redis.getLong("md:{team-a/chat}:w:" + GatewayHarness.MID_MINUTE.millis() / 60_000 + ":t")).isBetween(2900L, 3000L);
  }

  /** The writer hears of a call only once Redis has its usage, so what it then reads includes it (found by the soak). */
  @Test
  void theWriterIsToldOfUsageOnlyOnceRedisHasIt() throws Exception {
    assertThat(replicas.get(0).post("/chat/completions", KEY, chat("qwen3-8b", 10, false)).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).until(() -> replicas.get(0).metered.contains("team-a/chat"));
    assertThat(today(replicas.get(1))).isEqualTo(new UsageCounts(1, 10, 5, 0, 0, 0));
  }

  @Test
  void whileRedisIsAwayEachReplicaCountsAloneAndItsUsageIsAddedWhenRedisIsBack() throws Exception {
    assertThat(replicas.get(0).post("/chat/completions", KEY, chat("qwen3-8b", 10, false)).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(today(replicas.get(0)).getRequests()).isEqualTo(1));
    redis.stop();

    // Calls go on being served, each replica under the whole limit (so up to 3 x 30 together).
    for (int i = 0; i < 3; i++) assertThat(replicas.get(0).post("/chat/completions", KEY, chat("qwen3-8b", 10, false)).statusCode()).isEqualTo(200);
    assertThat(replicas.get(0).counters.shared()).isFalse();
    assertThat(replicas.get(0).registry.find("modeldeploy.gateway.limits.shared").gauge().value()).isZero();

    redis.start();
    // Redis came back empty (no persistence): the replica adds the usage it kept; the first call it asks tells it Redis is back.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      replicas.get(0).post("/chat/completions", KEY, chat("qwen3-8b", 10, false));
      assertThat(replicas.get(0).counters.shared()).isTrue();
    });
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(today(replicas.get(1)).getRequests())
        .isEqualTo(model.seen().size() - 1L));
    // The call counted before Redis went away is gone with it; status.usage, written from Redis before, still shows it,
    // and before its next copy the writer adds what status shows to the day and month Redis started again.
    UsageCounts lastWritten = new UsageCounts(1, 10, 5, 0, 0, 0);
    replicas.get(1).counters.restore("team-a/chat", day(), day().substring(0, 7), lastWritten, lastWritten)
        .toCompletionStage().toCompletableFuture().get();
    assertThat(today(replicas.get(2))).isEqualTo(new UsageCounts(model.seen().size(), 10L * model.seen().size(), 5L * model.seen().size(), 0, 0, 0));
  }

  private List<Integer> callConcurrently(int calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(9);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        GatewayHarness replica = replicas.get(i % replicas.size());
        answers.add(pool.submit((Callable<HttpResponse<String>>) () -> replica.post("/chat/completions", KEY, chat("qwen3-8b", 10, false))));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : answers) statuses.add(answer.get().statusCode());
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String day() { return LocalDate.now(GatewayHarness.MID_MINUTE.withZone(GatewayHarness.ZONE)).toString(); }

  private static UsageCounts today(GatewayHarness replica) throws Exception {
    return replica.counters.totals("team-a/chat", day(), day().substring(0, 7)).toCompletionStage().toCompletableFuture().get()[0];
  }

  private static boolean claim(GatewayHarness replica) throws Exception {
    return replica.counters.claimWriter("team-a/chat", Duration.ofSeconds(60)).toCompletionStage().toCompletableFuture().get();
  }
}
