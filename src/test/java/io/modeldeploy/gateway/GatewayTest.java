package io.modeldeploy.gateway;

import static io.modeldeploy.gateway.GatewayHarness.chat;
import static io.modeldeploy.gateway.GatewayHarness.route;
import static io.modeldeploy.gateway.GatewayHarness.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.modeldeploy.api.Phase;
import io.modeldeploy.api.ProviderType;
import io.modeldeploy.api.UsageCounts;
import io.modeldeploy.testing.FakeModelServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a caller sees through one gateway replica, with a fake vLLM behind it. */
class GatewayTest {

  static final String KEY = "sk-team-a";
  FakeModelServer model;
  FakeModelServer vendor;
  Directory directory;
  GatewayHarness gateway;

  @BeforeEach
  void start() throws Exception {
    model = FakeModelServer.start(0);
    vendor = FakeModelServer.start(0);
    directory = new Directory();
    directory.putKey("team-a", "gateway-key", KEY);
    directory.putKey("team-b", "gateway-key", "sk-team-b");
    directory.put(running("team-a", "chat", "qwen3-8b", model.baseUrl()));
    gateway = new GatewayHarness(directory);
  }

  @AfterEach
  void stop() {
    gateway.close();
    model.close();
    vendor.close();
  }

  @Test
  void aCallIsRoutedByModelCodeAndMeteredWithTheModelsCount() throws Exception {
    model.fixedTokens(30, 7);
    HttpResponse<String> answer = gateway.post("/chat/completions", KEY, chat("qwen3-8b", 50, false));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(answer.body()).getJsonObject("usage").getLong("completion_tokens")).isEqualTo(7);
    assertThat(answer.headers().firstValue(Gateway.OVERFLOW_HEADER)).isEmpty();
    // The caller's key never reaches the model.
    assertThat(model.seen()).singleElement().satisfies(seen -> assertThat(seen.authorization()).isNull());
    assertThat(usage("team-a/chat")).isEqualTo(new UsageCounts(1, 30, 7, 0, 0, 0));
    assertThat(gateway.metered).contains("team-a/chat");
    assertThat(gateway.counter("modeldeploy.gateway.tokens", "name", "chat", "tier", "reserved", "direction", "output")).isEqualTo(7);
    assertThat(gateway.counter("modeldeploy.gateway.requests", "name", "chat", "status", "200")).isEqualTo(1);
  }

  @Test
  void aStreamPassesThroughChunkByChunkAndUsageComesFromItsLastChunk() throws Exception {
    model.fixedTokens(12, 5);
    HttpResponse<String> answer = gateway.post("/chat/completions", KEY, chat("qwen3-8b", 50, true));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    assertThat(java.util.List.of(answer.body().split("\n\n"))).hasSize(5 + 2).last().isEqualTo("data: [DONE]");
    // Usage is asked for upstream even though the caller did not.
    assertThat(model.seen().get(0).body().getJsonObject("stream_options").getBoolean("include_usage")).isTrue();
    assertThat(usage("team-a/chat")).isEqualTo(new UsageCounts(1, 12, 5, 0, 0, 0));
  }

  @Test
  void embeddingsAndCompletionsAreRoutedToo() throws Exception {
    model.fixedTokens(9, 4);
    assertThat(gateway.post("/embeddings", KEY, "{\"model\":\"qwen3-8b\",\"input\":\"hello\"}").statusCode()).isEqualTo(200);
    assertThat(gateway.post("/completions", KEY, "{\"model\":\"qwen3-8b\",\"prompt\":\"hello\",\"max_tokens\":8}").statusCode()).isEqualTo(200);
    assertThat(model.seen()).extracting(FakeModelServer.Seen::path).containsExactly("/v1/embeddings", "/v1/completions");
    // An embedding has no output tokens.
    assertThat(usage("team-a/chat")).isEqualTo(new UsageCounts(2, 18, 4, 0, 0, 0));
  }

  /** During a rollout the calls are split by status.traffic; a session stays on one revision; each revision is its own series. */
  @Test
  void aRolloutSplitsCallsByWeightAndKeepsASessionOnOneRevision() throws Exception {
    io.modeldeploy.api.ModelDeployment md = new io.modeldeploy.api.ModelDeployment();
    md.getMetadata().setNamespace("team-a");
    md.getMetadata().setName("chat");
    md.setSpec(new io.modeldeploy.api.ModelDeploymentSpec());
    md.getSpec().setModel("qwen3-4b");
    io.modeldeploy.api.ModelDeploymentStatus status = new io.modeldeploy.api.ModelDeploymentStatus();
    status.setPhase(Phase.Running);
    status.setProvider(ProviderType.Kubernetes);
    status.setModelCode("qwen3-8b");
    status.setEndpoint(model.baseUrl());
    status.setTraffic(java.util.List.of(
        new io.modeldeploy.api.TrafficTarget("aaaa1111", "stable", 80, 2, "qwen3-8b", model.baseUrl()),
        new io.modeldeploy.api.TrafficTarget("bbbb2222", "canary", 20, 1, "qwen3-4b", vendor.baseUrl())));
    md.setStatus(status);
    directory.put(Route.of(md));

    for (int i = 0; i < 200; i++) assertThat(gateway.post("/chat/completions", KEY, chat("qwen3-8b", 5, false)).statusCode()).isEqualTo(200);
    assertThat(vendor.seen().size()).as("about 20% of 200").isBetween(10, 80);
    assertThat(vendor.seen()).allSatisfy(seen -> assertThat(seen.body().getString("model")).isEqualTo("qwen3-4b"));
    assertThat(gateway.counter("modeldeploy.gateway.requests", "name", "chat", "revision", "bbbb2222")).isEqualTo(vendor.seen().size());
    assertThat(gateway.counter("modeldeploy.gateway.requests", "name", "chat", "revision", "aaaa1111")).isEqualTo(model.seen().size());

    int before = vendor.seen().size();
    for (int i = 0; i < 20; i++)
      gateway.post("/chat/completions", KEY, chat("qwen3-4b", 5, false), Gateway.SESSION_HEADER, "conversation-42");
    int toCanary = vendor.seen().size() - before;
    assertThat(toCanary).as("one conversation, one revision").isIn(0, 20);
  }

  @Test
  void aKeyReachesOnlyItsOwnNamespace() throws Exception {
    HttpResponse<String> noKey = gateway.post("/chat/completions", null, chat("qwen3-8b", 10, false));
    HttpResponse<String> unknown = gateway.post("/chat/completions", "sk-nobody", chat("qwen3-8b", 10, false));
    HttpResponse<String> otherTeam = gateway.post("/chat/completions", "sk-team-b", chat("qwen3-8b", 10, false));

    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(error(noKey).getString("code")).isEqualTo("invalid_api_key");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(otherTeam.statusCode()).isEqualTo(404);
    assertThat(error(otherTeam).getString("message")).contains("namespace team-b").contains("none is Running there");
    assertThat(model.seen()).isEmpty();
  }

  @Test
  void unknownAndNotRunningModelsAreNamedInTheError() throws Exception {
    directory.put(new Route("team-a", "big", "qwen3-32b", null, Phase.Deploying, ProviderType.Kubernetes, null, null, null,
        null, null, null, "1", false));

    HttpResponse<String> unknown = gateway.post("/chat/completions", KEY, chat("llama-9", 10, false));
    HttpResponse<String> deploying = gateway.post("/chat/completions", KEY, chat("qwen3-32b", 10, false));

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(error(unknown).getString("message")).isEqualTo("no ModelDeployment in namespace team-a serves model 'llama-9'; Running there: qwen3-8b");
    assertThat(deploying.statusCode()).isEqualTo(503);
    assertThat(error(deploying).getString("message")).contains("ModelDeployment team-a/big (phase Deploying)");
    assertThat(gateway.post("/chat/completions", KEY, "not json").statusCode()).isEqualTo(400);
  }

  /** A deployment its autoscaler keeps at zero (phase Stopped), as Route.of reads one with spec.autoscaling.minReplicas 0. */
  static Route scaledToZero(String endpoint) {
    return new Route("team-a", "lazy", "qwen3-4b", "qwen3-4b", Phase.Stopped, ProviderType.Kubernetes, endpoint, null, null,
        null, null, null, "1", true);
  }

  @Test
  void aCallForADeploymentAtZeroIsHeldUntilAReplicaServes() throws Exception {
    directory.put(scaledToZero(model.baseUrl()));
    var answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return gateway.post("/chat/completions", KEY, chat("qwen3-4b", 10, false));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    // Held, and counted where the autoscaler reads it.
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> gateway.gauge("modeldeploy.gateway.held", "name", "lazy") == 1);
    assertThat(answer).isNotDone();
    directory.put(route("team-a", "lazy", "qwen3-4b", Phase.Running, ProviderType.Kubernetes, model.baseUrl(), null, null, null, null));
    assertThat(answer.get(5, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(gateway.gauge("modeldeploy.gateway.held", "name", "lazy")).isZero();
  }

  @Test
  void aHeldCallGivesUpWithA503AfterTheTimeout() throws Exception {
    directory.put(scaledToZero(model.baseUrl()));
    HttpResponse<String> answer = gateway.post("/chat/completions", KEY, chat("qwen3-4b", 10, false));
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.headers().firstValue("retry-after")).contains("30");
    assertThat(error(answer).getString("message")).isEqualTo("model 'qwen3-4b' is deployed by ModelDeployment team-a/lazy"
        + " (phase Stopped), scaled to zero by its autoscaler: no replica was ready within 3s of this call; one is starting, try again");
    assertThat(gateway.gauge("modeldeploy.gateway.held", "name", "lazy")).isZero();
    assertThat(model.seen()).isEmpty();
  }

  @Test
  void modelsListsWhatTheKeyMayCall() throws Exception {
    directory.put(running("team-b", "other", "qwen3-4b", model.baseUrl()));
    JsonObject models = new JsonObject(gateway.get("/models", KEY).body());
    assertThat(models.getJsonArray("data").stream().map(m -> ((JsonObject) m).getString("id"))).containsExactly("qwen3-8b");
  }

  @Test
  void overTheRequestLimitACallGets429WithRetryAfterAndTheVendorsBody() throws Exception {
    directory.put(route("team-a", "chat", "qwen3-8b", Phase.Running, ProviderType.Kubernetes, model.baseUrl(), 2L, null, null, null));
    for (int i = 0; i < 2; i++) assertThat(gateway.post("/chat/completions", KEY, chat("qwen3-8b", 10, false)).statusCode()).isEqualTo(200);

    HttpResponse<String> third = gateway.post("/chat/completions", KEY, chat("qwen3-8b", 10, false));
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(error(third).getString("code")).isEqualTo("Throttling.RateQuota");
    assertThat(error(third).getString("message")).contains("its 2 requests this minute (spec.throttling.rpm)");
    assertThat(third.headers().firstValue("retry-after")).hasValue("30");
    assertThat(model.seen()).hasSize(2);
    assertThat(gateway.counter("modeldeploy.gateway.throttled", "name", "chat")).isEqualTo(1);
  }

  @Test
  void theTokenLimitReservesTheEstimateAndSettlesWithTheRealCount() throws Exception {
    // 50 tokens a minute; a call is estimated at its prompt (12: 30 characters and a message) plus max_tokens 20,
    // and really uses 10 + 5. Settled at 15, the first leaves room for a second (15 + 32 <= 50), unsettled it would not.
    directory.put(route("team-a", "chat", "qwen3-8b", Phase.Running, ProviderType.Kubernetes, model.baseUrl(), null, 50L, null, null));
    model.fixedTokens(10, 5);
    assertThat(TokenEstimate.of(new JsonObject(chat("qwen3-8b", 20, false)), Call.ChatCompletions, 0).total()).isEqualTo(32);
    assertThat(gateway.post("/chat/completions", KEY, chat("qwen3-8b", 20, false)).statusCode()).isEqualTo(200);
    assertThat(gateway.post("/chat/completions", KEY, chat("qwen3-8b", 20, false)).statusCode()).isEqualTo(200);

    HttpResponse<String> third = gateway.post("/chat/completions", KEY, chat("qwen3-8b", 20, false));
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(error(third).getString("message")).contains("no room for this call's estimated 32 tokens in its 50 tokens this minute");
    HttpResponse<String> huge = gateway.post("/chat/completions", KEY, chat("qwen3-8b", 500, false));
    assertThat(error(huge).getString("message")).contains("exceed ModelDeployment team-a/chat's whole 50 tokens per minute");
  }

  @Test
  void beyondItsLimitsACallIsServedByTheOverflowTargetWithTheOverflowHeader() throws Exception {
    directory.put(route("team-a", "chat", "qwen3-8b", Phase.Running, ProviderType.Kubernetes, model.baseUrl(), 1L, null, "spill", null));
    directory.put(route("team-a", "spill", "qwen3-8b-payg", Phase.Running, ProviderType.ModelStudio, vendor.baseUrl(), null, null, null, null));
    model.fixedTokens(10, 5);
    vendor.fixedTokens(11, 6);

    HttpResponse<String> first = gateway.post("/chat/completions", KEY, chat("qwen3-8b", 10, false));
    HttpResponse<String> second = gateway.post("/chat/completions", KEY, chat("qwen3-8b", 10, false));

    assertThat(first.headers().firstValue(Gateway.OVERFLOW_HEADER)).isEmpty();
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.headers().firstValue(Gateway.OVERFLOW_HEADER)).hasValue("true");
    // The target is called by its own model code, with the vendor's key, never the caller's.
    assertThat(vendor.seen()).singleElement().satisfies(seen -> {
      assertThat(seen.body().getString("model")).isEqualTo("qwen3-8b-payg");
      assertThat(seen.authorization()).isEqualTo("Bearer " + GatewayHarness.VENDOR_KEY);
    });
    assertThat(usage("team-a/chat")).isEqualTo(new UsageCounts(2, 21, 11, 1, 11, 6));
    assertThat(usage("team-a/spill")).isEqualTo(new UsageCounts(1, 11, 6, 0, 0, 0));
    assertThat(gateway.counter("modeldeploy.gateway.requests", "name", "chat", "tier", "overflow")).isEqualTo(1);
  }

  @Test
  void aPromptLongerThanMaxContextTokensGoesToTheOverflowTarget() throws Exception {
    directory.put(route("team-a", "chat", "qwen3-8b", Phase.Running, ProviderType.Kubernetes, model.baseUrl(), null, null, "spill", 8));
    directory.put(running("team-a", "spill", "qwen3-8b-long", vendor.baseUrl()));
    String longPrompt = "{\"model\":\"qwen3-8b\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(400) + "\"}]}";

    HttpResponse<String> answer = gateway.post("/chat/completions", KEY, longPrompt);
    assertThat(answer.headers().firstValue(Gateway.OVERFLOW_HEADER)).hasValue("true");
    assertThat(model.seen()).isEmpty();
    assertThat(vendor.seen()).hasSize(1);
  }

  @Test
  void theVendorsOverflowHeaderIsPassedOnAndItsTokensMeteredAsOverflow() throws Exception {
    directory.put(route("team-a", "ptu", "qwen-plus-ptu", Phase.Running, ProviderType.ModelStudio, vendor.baseUrl(), null, null, null, null));
    vendor.fixedTokens(20, 8).overflowNext(1);

    HttpResponse<String> answer = gateway.post("/chat/completions", KEY, chat("qwen-plus-ptu", 10, false));
    assertThat(answer.headers().firstValue(Gateway.OVERFLOW_HEADER)).hasValue("true");
    assertThat(gateway.post("/chat/completions", KEY, chat("qwen-plus-ptu", 10, false)).headers().firstValue(Gateway.OVERFLOW_HEADER)).isEmpty();
    assertThat(usage("team-a/ptu")).isEqualTo(new UsageCounts(2, 40, 16, 1, 20, 8));
  }

  @Test
  void anUnreachableModelIs502AndItsReservationFreed() throws Exception {
    int port = model.port();
    model.close();
    directory.put(route("team-a", "chat", "qwen3-8b", Phase.Running, ProviderType.Kubernetes, "http://127.0.0.1:" + port + "/v1", null, 1000L, null, null));

    HttpResponse<String> answer = gateway.post("/chat/completions", KEY, chat("qwen3-8b", 10, false));
    assertThat(answer.statusCode()).isEqualTo(502);
    assertThat(error(answer).getString("code")).isEqualTo("upstream_unavailable");
    assertThat(error(answer).getString("message")).contains("ModelDeployment team-a/chat");
    assertThat(gateway.counter("modeldeploy.gateway.upstream.errors", "kind", "unavailable")).isEqualTo(1);
    model = FakeModelServer.start(0);
  }

  @Test
  void aModelThatStaysSilentIs504() throws Exception {
    try (GatewayHarness impatient = new GatewayHarness(directory, null, Duration.ofMillis(300))) {
      model.delay(Duration.ofSeconds(3));
      HttpResponse<String> answer = impatient.post("/chat/completions", KEY, chat("qwen3-8b", 10, false));
      assertThat(answer.statusCode()).isEqualTo(504);
      assertThat(error(answer).getString("code")).isEqualTo("upstream_timeout");
    }
  }

  @Test
  void aModelsOwnErrorReachesTheCallerAndCountsNoUsage() throws Exception {
    model.failWith(500);
    HttpResponse<String> answer = gateway.post("/chat/completions", KEY, chat("qwen3-8b", 10, false));
    assertThat(answer.statusCode()).isEqualTo(500);
    assertThat(error(answer).getString("code")).isEqualTo("injected");
    assertThat(usage("team-a/chat")).isEqualTo(new UsageCounts());
  }

  /** The day's usage as counted: a call is counted before its caller has the end of the answer. */
  private UsageCounts usage(String key) throws Exception {
    String day = LocalDate.now(GatewayHarness.MID_MINUTE.withZone(GatewayHarness.ZONE)).toString();
    return gateway.counters.totals(key, day, day.substring(0, 7)).toCompletionStage().toCompletableFuture().get()[0];
  }

  private static JsonObject error(HttpResponse<String> response) {
    return new JsonObject(response.body()).getJsonObject("error");
  }
}
