package io.modeldeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in autoscaler on the real control plane: load read from the fake vLLM's metrics (which
 * stand in for the pods kwok does not run) and the gateway replicas', spec.replicas written through
 * the scale subresource under the autoscaler's own field manager, the cost ceiling, a schedule
 * window, the HPA engine's HorizontalPodAutoscaler accepted by the API server, and CEL.
 */
class AutoscalingE2EIT {

  static final String NS = "autoscaling-e2e";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static ControlPlane cluster;

  @BeforeAll
  static void start() {
    cluster = ControlPlane.get();
    cluster.namespace(NS);
  }

  static void load(String name, int waiting) throws Exception {
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.modelUrl() + "/metrics/" + NS + "/" + name
        + "?waiting=" + waiting)).PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(204);
  }

  /** A cluster deployment of MU5 x 1 replicas, with the rest of its spec (indented as under spec:). */
  static void deploy(String name, String model, String rest) { cluster.deployOnCluster(NS, name, model, rest); }

  static String get(String name, String path) { return cluster.jsonpath(NS, "mdep/" + name, path); }

  static void awaitReplicas(String name, String replicas) {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get(name, "{.spec.replicas}")).isEqualTo(replicas));
  }

  @Test
  void followsTheQueueUpToTheCostCeilingAndBackDownAfterTheDelay() throws Exception {
    deploy("scaler", "qwen3-8b", """
          autoscaling:
            minReplicas: 1
            maxReplicas: 4
            maxCostPerHour: "60"
            metrics: [{type: QueueLength, target: 5}, {type: InFlight, target: 8}]
            behavior: {scaleUpStabilizationSeconds: 0, scaleDownStabilizationSeconds: 2, scaleDownDelaySeconds: 3, maxStep: 4}
        """);
    cluster.awaitPhase(NS, "scaler", "Running");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(get("scaler", "{.status.conditions[?(@.type==\"ScalingActive\")].status}")).isEqualTo("True"));
    assertThat(get("scaler", "{.status.cost.hourlyAtMinReplicas}/{.status.cost.hourlyAtMaxReplicas}")).isEqualTo("21.00/42.00");

    // 40 waiting at 5 per replica asks for 8; the ceiling (60/h at 21/h a replica) allows 2.
    load("scaler", 40);
    awaitReplicas("scaler", "2");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(get("scaler", "{.status.conditions[?(@.type==\"ScalingLimited\")].reason}")).isEqualTo("CostCeiling");
      assertThat(get("scaler", "{.status.conditions[?(@.type==\"ScalingLimited\")].message}")).isEqualTo(
          "the load asks for 8 replicas; the maximum in force is 2 (maxCostPerHour 60 pays for 2 replica(s) at 21.00/h each (42.00/h))");
      assertThat(get("scaler", "{.status.readyReplicas}")).isEqualTo("2");
    });
    assertThat(get("scaler", "{.status.autoscaling.decisions[0].from}->{.status.autoscaling.decisions[0].to}")).isEqualTo("1->2");
    assertThat(get("scaler", "{.status.autoscaling.decisions[0].reason}")).isEqualTo("MetricAboveTarget");
    assertThat(get("scaler", "{.status.autoscaling.decisions[0].message}")).endsWith("the maximum in force is 2"
        + " (maxCostPerHour 60 pays for 2 replica(s) at 21.00/h each (42.00/h))");
    assertThat(cluster.kubectl("get", "mdep", "scaler", "-n", NS, "--show-managed-fields", "-o",
        "jsonpath={.metadata.managedFields[?(@.manager==\"modeldeploy-autoscaler\")].subresource}").out()).isEqualTo("scale");
    assertThat(cluster.kubectl("get", "events", "-n", NS, "--field-selector", "reason=ScaledUp", "-o", "jsonpath={.items[*].message}").out())
        .contains("1 -> 2 replicas (MetricAboveTarget)");

    // The queue empties: after the 3 s delay and the 2 s window, back to the minimum.
    load("scaler", 0);
    awaitReplicas("scaler", "1");
    assertThat(get("scaler", "{.status.autoscaling.decisions[0].reason}")).isEqualTo("MetricBelowTarget");
    assertThat(get("scaler", "{.status.autoscaling.decisions[0].message}")).contains("the minimum in force is 1");
    // Idle, the load asks for none: held at the floor, as an HPA says (ScalingLimited, TooFewReplicas).
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(get("scaler", "{.status.conditions[?(@.type==\"ScalingLimited\")].reason}")).isEqualTo("MinReplicas"));
  }

  @Test
  void aScheduleRaisesTheFloorWhileItsWindowIsOpenAndLowersItAtItsEnd() {
    // A window open since an hour ago that closes at the next whole minute at least 20 s away (UTC).
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    ZonedDateTime end = now.plusMinutes(1).withSecond(0).withNano(0);
    if (Duration.between(now, end).toSeconds() < 20) end = end.plusMinutes(1);
    DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
    deploy("scheduled", "qwen3-8b", """
          autoscaling:
            minReplicas: 1
            maxReplicas: 4
            behavior: {scaleDownDelaySeconds: 5}
            schedules: [{name: launch, timeZone: UTC, start: "%s", end: "%s", minReplicas: 3}]
        """.formatted(now.minusHours(1).format(hhmm), end.format(hhmm)));
    awaitReplicas("scheduled", "3");
    assertThat(get("scheduled", "{.status.autoscaling.activeSchedule}")).isEqualTo("launch");
    assertThat(get("scheduled", "{.status.autoscaling.nextScheduleBoundary}")).isEqualTo(end.toInstant().toString());
    assertThat(get("scheduled", "{.status.autoscaling.decisions[0].reason}")).isEqualTo("Schedule");
    // Without metrics replicas follow the floor: when the window closes (the operator wakes at the boundary), back to 1.
    await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> assertThat(get("scheduled", "{.spec.replicas}")).isEqualTo("1"));
    assertThat(get("scheduled", "{.status.autoscaling.activeSchedule}")).isEmpty();
    assertThat(get("scheduled", "{.status.autoscaling.decisions[0].reason}")).isEqualTo("MinReplicas");
  }

  @Test
  void aCallHeldByTheGatewayBringsADeploymentBackFromZero() throws Exception {
    String key = "sk-autoscaling-e2e";
    assertThat(cluster.kubectl("create", "secret", "generic", "modeldeploy-gateway-keys", "-n", NS, "--from-literal=team=" + key).exit()).isZero();
    deploy("lazy", "qwen3-4b", """
          autoscaling:
            minReplicas: 0
            maxReplicas: 2
            behavior: {scaleDownDelaySeconds: 3}
        """);
    // Nothing asks for a replica: down to zero, offline.
    awaitReplicas("lazy", "0");
    cluster.awaitPhase(NS, "lazy", "Stopped");
    assertThat(get("lazy", "{.status.cost.hourlyAtMinReplicas}")).isEqualTo("0.00");
    String code = get("lazy", "{.status.modelCode}");
    assertThat(code).isNotEmpty();

    // The gateway knows it is not serving (else it would send the call straight on).
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(ControlPlane.models(cluster.gatewayUrl(1), key)).doesNotContain("\"" + code + "\""));
    // A call through the gateway is held, which asks for a replica; answered once it runs.
    HttpResponse<String> answer = ControlPlane.chat(cluster.gatewayUrl(1), key, code, "are you awake?");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(cluster.kubectl("get", "mdep", "lazy", "-n", NS, "-o",
        "jsonpath={.status.autoscaling.decisions[?(@.reason==\"ScaleFromZero\")].to}").out())
        .as("one wake: %s", get("lazy", "{.status.autoscaling.decisions}")).isEqualTo("1");
    // Idle again: back to zero after the 3 s delay.
    awaitReplicas("lazy", "0");
  }

  @Test
  void aVendorDeploymentIsScaledThroughTheVendorsApiOnTheGatewaysMetricsOnly() {
    String vendor = """
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: %s, namespace: autoscaling-e2e}
        spec:
          model: qwen3-8b
          provider: ModelStudio
          billing: {method: ModelUnit}
          modelUnit: {type: MU5, count: 1}
          autoscaling:
            maxReplicas: 3
            metrics: [{type: %s, target: 8}]
            schedules: [{name: all-day, start: "00:00", end: "00:00", minReplicas: 2}]
        """;
    assertThat(cluster.kubectlWith(vendor.formatted("vendor-scaled", "InFlight"), "apply").exit()).isZero();
    awaitReplicas("vendor-scaled", "2");
    cluster.awaitPhase(NS, "vendor-scaled", "Running");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(cluster.vendorDeployment(NS, "vendor-scaled").path("capacity").asInt()).as("2 replicas of MU5 x 1").isEqualTo(2));
    // The vendor has no pods to read vLLM's queue from.
    assertThat(cluster.kubectlWith(vendor.formatted("vendor-queue", "QueueLength"), "apply").exit()).isZero();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(get("vendor-queue", "{.status.conditions[?(@.type==\"Accepted\")].reason}")).isEqualTo("MetricNotAvailable");
      assertThat(get("vendor-queue", "{.status.conditions[?(@.type==\"Accepted\")].message}")).contains("scale it on InFlight or TokensPerMinute");
    });
  }

  @Test
  void theHpaEngineOwnsAHorizontalPodAutoscalerTheApiServerAccepts() {
    deploy("by-hpa", "qwen3-8b", """
          throttling: {tpm: 100000}
          autoscaling:
            engine: HPA
            minReplicas: 0
            maxReplicas: 6
            maxCostPerHour: "100"
            metrics: [{type: QueueLength, target: 5}, {type: KVCacheUsage, target: 80}, {type: InFlight, target: 8}, {type: TokensPerMinute, target: 70}]
        """);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(cluster.jsonpath(NS, "hpa/by-hpa", "{.spec.scaleTargetRef.kind}/{.spec.minReplicas}/{.spec.maxReplicas}"))
            .as("100/h at 21/h a replica pays for 4; an HPA's floor is at least 1").isEqualTo("ModelDeployment/1/4"));
    assertThat(cluster.jsonpath(NS, "hpa/by-hpa", "{.spec.metrics[*].type}")).isEqualTo("Pods Pods External External");
    assertThat(cluster.jsonpath(NS, "hpa/by-hpa", "{.metadata.ownerReferences[0].name}")).isEqualTo("by-hpa");
    // Autoscaling removed: the HPA goes with it.
    assertThat(cluster.kubectl("patch", "mdep", "by-hpa", "-n", NS, "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/spec/autoscaling\"}]").exit()).isZero();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(cluster.kubectl("get", "hpa", "by-hpa", "-n", NS).err()).contains("NotFound"));
  }

  @Test
  void theApiServerRefusesAutoscalingOfPrepaidUnits() {
    ControlPlane.Result refused = cluster.kubectlWith("""
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: prepaid, namespace: autoscaling-e2e}
        spec:
          model: qwen3-8b
          billing: {method: ModelUnit, plan: Subscription, subscription: {periods: 1}}
          modelUnit: {type: MU5, count: 1}
          autoscaling: {maxReplicas: 3}
        """, "apply");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("prepaid model units are bought for a term, not scaled by load");
  }
}
