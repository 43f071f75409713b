package io.modeldeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inference gateway on the real control plane: two replicas on one Redis (hack/cluster.sh), as
 * the chart's gateway ServiceAccount, in front of deployments created with kubectl: cluster ones
 * (answered by the fake vLLM that stands in for their pods) and vendor ones (the simulator's
 * compatible mode).
 */
class GatewayE2EIT {

  static final String NS = "gateway-e2e";
  static final String KEY = "sk-e2e-team";
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static ControlPlane cluster;

  @BeforeAll
  static void start() {
    cluster = ControlPlane.get();
    cluster.namespace(NS);
    assertThat(cluster.kubectl("create", "secret", "generic", "modeldeploy-gateway-keys", "-n", NS, "--from-literal=team=" + KEY).exit()).isZero();
    assertThat(cluster.kubectlWith("""
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: chat, namespace: gateway-e2e}
        spec:
          model: qwen3-8b
          provider: Kubernetes
          billing: {method: ModelUnit}
          modelUnit: {type: MU5, count: 1}
          throttling: {rpm: 1}
          overflow: {to: spill}
        ---
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: limited, namespace: gateway-e2e}
        spec:
          model: qwen3-4b
          provider: Kubernetes
          billing: {method: ModelUnit}
          modelUnit: {type: MU5, count: 1}
          throttling: {rpm: 1}
        ---
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: spill, namespace: gateway-e2e}
        spec:
          model: qwen3-8b
          provider: ModelStudio
          billing: {method: ModelUnit}
          modelUnit: {type: MU5, count: 1}
        ---
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: reserved, namespace: gateway-e2e}
        spec:
          model: qwen3-max-2025-09-23
          provider: ModelStudio
          billing: {method: ProvisionedThroughput}
          provisionedThroughput: {inputTPM: 10000, outputTPM: 1000}
        ---
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: tuned, namespace: gateway-e2e}
        spec:
          model: qwen3-8b-ft-gateway
          baseModel: qwen3-8b
          provider: ModelStudio
          billing: {method: TokenUsage}
        """, "apply").exit()).isZero();
    for (String name : List.of("chat", "limited", "spill", "reserved", "tuned")) cluster.awaitPhase(NS, name, "Running");
  }

  /** Created with kubectl, called through the gateway by its model code, metered into its status. */
  @Test
  void aDeploymentIsReachableByItsModelCodeAndItsUsageFillsIn() throws Exception {
    HttpResponse<String> models = get(cluster.gatewayUrl(1) + "/models");
    assertThat(new JsonObject(models.body()).getJsonArray("data").encode()).contains("\"owned_by\":\"gateway-e2e/limited\"");
    // A deployment without limits: the call is answered whatever the other tests did this minute.
    String code = cluster.jsonpath(NS, "mdep/spill", "{.status.modelCode}");
    HttpResponse<String> answer = chat(cluster.gatewayUrl(2), code, "hello there");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

    // Usage is shared by both replicas through Redis and written by one of them (every second here).
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(cluster.jsonpath(NS, "mdep/spill", "{.status.usage.today.requests}")).isNotEmpty().isNotEqualTo("0"));
    assertThat(cluster.jsonpath(NS, "mdep/spill", "{.status.usage.today.outputTokens}")).isNotEqualTo("0");
    assertThat(cluster.jsonpath(NS, "mdep/spill", "{.status.usage.month}")).matches("\\d{4}-\\d{2}");
  }

  @Test
  void overItsRequestLimitADeploymentWithoutOverflowAnswers429WithRetryAfter() throws Exception {
    String code = cluster.jsonpath(NS, "mdep/limited", "{.status.modelCode}");
    // One request a minute: of three calls in a row at least one is refused (two if no minute turns between them).
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) answers.add(chat(cluster.gatewayUrl(1 + i % 2), code, "hello"));
    HttpResponse<String> refused = answers.stream().filter(a -> a.statusCode() == 429).findFirst().orElseThrow();
    assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("code")).isEqualTo("Throttling.RateQuota");
    assertThat(refused.headers().firstValue("retry-after")).isPresent();
  }

  @Test
  void overItsLimitACallIsServedByTheOverflowTargetAndMarked() throws Exception {
    String code = cluster.jsonpath(NS, "mdep/chat", "{.status.modelCode}");
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) answers.add(chat(cluster.gatewayUrl(1 + i % 2), code, "hello"));
    // Never refused: what the limit does not admit is served by the vendor deployment "spill".
    assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).as(a.body()).isEqualTo(200));
    assertThat(answers).anySatisfy(a -> assertThat(a.headers().firstValue("x-dashscope-ptu-overflow")).hasValue("true"));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(cluster.jsonpath(NS, "mdep/chat", "{.status.usage.today.overflowRequests}")).isNotEmpty().isNotEqualTo("0");
      assertThat(cluster.jsonpath(NS, "mdep/spill", "{.status.usage.today.requests}")).isNotEmpty().isNotEqualTo("0");
    });
  }

  /** The vendor's own overflow beyond a PTU reservation: passed on and metered as overflow. */
  @Test
  void beyondAPtuReservationTheVendorsOverflowIsPassedOnAndMetered() throws Exception {
    String code = cluster.jsonpath(NS, "mdep/reserved", "{.status.modelCode}");
    // 10,000 input tokens a minute; each call's prompt is about 6,000.
    String prompt = "x".repeat(24_000);
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) answers.add(chat(cluster.gatewayUrl(1), code, prompt));
    assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).as(a.body()).isEqualTo(200));
    assertThat(answers).anySatisfy(a -> assertThat(a.headers().firstValue("x-dashscope-ptu-overflow")).hasValue("true"));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(cluster.jsonpath(NS, "mdep/reserved", "{.status.usage.today.overflowInputTokens}")).isNotEmpty().isNotEqualTo("0"));
    // The built-in catalog has no per-token prices for overflow: metered, and said to be unpriced rather than shown as 0.
    assertThat(cluster.jsonpath(NS, "mdep/reserved", "{.status.cost.overflowPriced}")).isEqualTo("false");
    assertThat(cluster.jsonpath(NS, "mdep/reserved", "{.status.cost.usageToday}")).isEmpty();
  }

  /** Token billing: the operator prices what the gateway metered, exactly, from the base model's token prices. */
  @Test
  void aTokenBilledDeploymentsMeteredUsageIsPricedInItsStatus() throws Exception {
    String code = cluster.jsonpath(NS, "mdep/tuned", "{.status.modelCode}");
    assertThat(chat(cluster.gatewayUrl(2), code, "x".repeat(400)).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(cluster.jsonpath(NS, "mdep/tuned", "{.status.cost.usageToday}")).matches("0\\.\\d{2,}"));
    long input = Long.parseLong(cluster.jsonpath(NS, "mdep/tuned", "{.status.usage.today.inputTokens}"));
    long output = Long.parseLong(cluster.jsonpath(NS, "mdep/tuned", "{.status.usage.today.outputTokens}"));
    java.math.BigDecimal inputPrice = new java.math.BigDecimal(cluster.jsonpath(NS, "mdep/tuned", "{.status.cost.unitPrices.inputPer1KTokens}"));
    java.math.BigDecimal outputPrice = new java.math.BigDecimal(cluster.jsonpath(NS, "mdep/tuned", "{.status.cost.unitPrices.outputPer1KTokens}"));
    java.math.BigDecimal expected = inputPrice.multiply(java.math.BigDecimal.valueOf(input)).add(outputPrice.multiply(java.math.BigDecimal.valueOf(output)))
        .divide(java.math.BigDecimal.valueOf(1000));
    assertThat(new java.math.BigDecimal(cluster.jsonpath(NS, "mdep/tuned", "{.status.cost.usageToday}"))).isEqualByComparingTo(expected);
  }

  @Test
  void anUnknownModelAndAnUnknownKeyAreRefusedWithTheirReasons() throws Exception {
    HttpResponse<String> unknown = chat(cluster.gatewayUrl(1), "llama-9", "hello");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("no ModelDeployment in namespace gateway-e2e serves model 'llama-9'");
    HttpResponse<String> stranger = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.gatewayUrl(1) + "/models"))
        .header("authorization", "Bearer sk-not-a-key").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(stranger.statusCode()).isEqualTo(401);
  }

  private static HttpResponse<String> chat(String base, String model, String content) throws Exception {
    return ControlPlane.chat(base, KEY, model, content);
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("authorization", "Bearer " + KEY).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
