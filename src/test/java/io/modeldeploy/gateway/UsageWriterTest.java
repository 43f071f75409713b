package io.modeldeploy.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import io.modeldeploy.api.UsageCounts;
import io.modeldeploy.api.UsageStatus;
import io.modeldeploy.testing.RedisServer;
import io.modeldeploy.testing.StandaloneApiServer;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** status.usage as the gateway writes it: copied from Redis by one replica, or each replica adding its share without. */
class UsageWriterTest {

  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  /** 2026-11-30 18:30 in the billing time zone. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T10:30:00Z"), ZoneId.of("UTC"));
  static final String DAY = "2026-11-30";
  static final String MONTH = "2026-11";

  StandaloneApiServer api;
  KubernetesClient client;
  Directory directory = new Directory();

  @BeforeEach
  void start() {
    api = new StandaloneApiServer(new KubernetesCrudDispatcher());
    client = api.testClient();
    ModelDeployment md = client.getKubernetesSerialization().unmarshal("""
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: chat, namespace: team-a}
        spec: {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU5, count: 1}}
        """, ModelDeployment.class);
    client.resource(md).create();
    ModelDeploymentStatus status = new ModelDeploymentStatus();
    status.setPhase(Phase.Running);
    md = client.resources(ModelDeployment.class).inNamespace("team-a").withName("chat").get();
    md.setStatus(status);
    client.resource(md).updateStatus();
    refresh();
  }

  @AfterEach
  void stop() {
    client.close();
    api.close();
  }

  /** What the directory's informer would hold: the deployment as the API server has it now. */
  void refresh() { directory.put(Route.of(client.resources(ModelDeployment.class).inNamespace("team-a").withName("chat").get())); }

  UsageStatus shown() { return client.resources(ModelDeployment.class).inNamespace("team-a").withName("chat").get().getStatus().getUsage(); }

  @Test
  void withoutRedisEachReplicaAddsItsOwnShareToWhatStatusShows() throws Exception {
    LocalCounters first = new LocalCounters();
    LocalCounters second = new LocalCounters();
    UsageWriter firstWriter = new UsageWriter(client, directory, first, Duration.ofMinutes(1), ZONE, CLOCK);
    UsageWriter secondWriter = new UsageWriter(client, directory, second, Duration.ofMinutes(1), ZONE, CLOCK);
    first.add("team-a/chat", DAY, MONTH, new UsageCounts(2, 20, 10, 0, 0, 0));
    second.add("team-a/chat", DAY, MONTH, new UsageCounts(3, 30, 15, 1, 10, 5));

    assertThat(firstWriter.write("team-a/chat", false)).isTrue();
    refresh();
    assertThat(secondWriter.write("team-a/chat", false)).isTrue();

    assertThat(shown()).isEqualTo(new UsageStatus(DAY, new UsageCounts(5, 50, 25, 1, 10, 5), MONTH, new UsageCounts(5, 50, 25, 1, 10, 5)));
    // Nothing new: nothing written (the status is what it was).
    String version = client.resources(ModelDeployment.class).inNamespace("team-a").withName("chat").get().getMetadata().getResourceVersion();
    refresh();
    assertThat(firstWriter.write("team-a/chat", false)).isTrue();
    assertThat(client.resources(ModelDeployment.class).inNamespace("team-a").withName("chat").get().getMetadata().getResourceVersion())
        .isEqualTo(version);
  }

  @Test
  void withRedisOneReplicaAnIntervalCopiesTheSharedTotals() throws Exception {
    try (RedisServer redis = new RedisServer()) {
      Vertx vertx = Vertx.vertx();
      RedisCounters first = new RedisCounters(vertx, redis.url(), Duration.ofMillis(500));
      RedisCounters second = new RedisCounters(vertx, redis.url(), Duration.ofMillis(500));
      try {
        UsageWriter firstWriter = new UsageWriter(client, directory, first, Duration.ofMinutes(1), ZONE, CLOCK);
        UsageWriter secondWriter = new UsageWriter(client, directory, second, Duration.ofMinutes(1), ZONE, CLOCK);
        first.add("team-a/chat", DAY, MONTH, new UsageCounts(2, 20, 10, 0, 0, 0));
        second.add("team-a/chat", DAY, MONTH, new UsageCounts(3, 30, 15, 0, 0, 0));
        first.flush().toCompletionStage().toCompletableFuture().get();
        second.flush().toCompletionStage().toCompletableFuture().get();

        assertThat(firstWriter.write("team-a/chat", false)).isTrue();
        assertThat(shown().getToday()).isEqualTo(new UsageCounts(5, 50, 25, 0, 0, 0));
        // The other replica's turn comes after the interval...
        second.add("team-a/chat", DAY, MONTH, new UsageCounts(1, 10, 5, 0, 0, 0));
        second.flush().toCompletionStage().toCompletableFuture().get();
        refresh();
        assertThat(secondWriter.write("team-a/chat", false)).as("to be tried again").isFalse();
        // ...unless it is stopping: its last write does not wait.
        assertThat(secondWriter.write("team-a/chat", true)).isTrue();
        assertThat(shown().getThisMonth()).isEqualTo(new UsageCounts(6, 60, 30, 0, 0, 0));
      } finally {
        first.close();
        second.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
      }
    }
  }
}
