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

  static String get(String name, String path) { return cluster.jsonpath(NS, "mdep/" + name, path); }

  static void awaitReplicas(String name, String replicas) {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get(name, "{.spec.replicas}")).isEqualTo(replicas));
  }

  @Test
  void followsTheQueueUpToTheCostCeilingAndBackDownAfterTheDelay() throws Exception {
    assertThat(cluster.kubectlWith("""
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: scaler, namespace: autoscaling-e2e}
        spec:
          model: qwen3-8b
          provider: Kubernetes
          billing: {method: ModelUnit}
          modelUnit: {type: MU5, count: 1}
          autoscaling:
            minReplicas: 1
            maxReplicas: 4
            maxCostPerHour: "60"
            metrics: [{type: QueueLength, target: 5}, {type: InFlight, target: 8}]
            behavior: {scaleUpStabilizationSeconds: 0, scaleDownStabilizationSeconds: 2, scaleDownDelaySeconds: 3, maxStep: 4}
        """, "apply").exit()).isZero();
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
    assertThat(cluster.kubectlWith("""
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: scheduled, namespace: autoscaling-e2e}
        spec:
          model: qwen3-8b
          provider: Kubernetes
          billing: {method: ModelUnit}
          modelUnit: {type: MU5, count: 1}
          autoscaling:
            minReplicas: 1
            maxReplicas: 4
            schedules: [{name: launch, timeZone: UTC, start: "%s", end: "%s", minReplicas: 3}]
        """.formatted(now.minusHours(1).format(hhmm), end.format(hhmm)), "apply").exit()).isZero();
    awaitReplicas("scheduled", "3");
    assertThat(get("scheduled", "{.status.autoscaling.activeSchedule}")).isEqualTo("launch");
    assertThat(get("scheduled", "{.status.autoscaling.nextScheduleBoundary}")).isEqualTo(end.toInstant().toString());
    assertThat(get("scheduled", "{.status.autoscaling.decisions[0].reason}")).isEqualTo("Schedule");
    // Without metrics nothing asks for more than the floor: when the window closes, replicas go back to 1.
    await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> assertThat(get("scheduled", "{.spec.replicas}")).isEqualTo("1"));
    assertThat(get("scheduled", "{.status.autoscaling.activeSchedule}")).isEmpty();
  }

  @Test
  void theHpaEngineOwnsAHorizontalPodAutoscalerTheApiServerAccepts() {
    assertThat(cluster.kubectlWith("""
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: by-hpa, namespace: autoscaling-e2e}
        spec:
          model: qwen3-8b
          provider: Kubernetes
          billing: {method: ModelUnit}
          modelUnit: {type: MU5, count: 1}
          throttling: {tpm: 100000}
          autoscaling:
            engine: HPA
            minReplicas: 0
            maxReplicas: 6
            maxCostPerHour: "100"
            metrics: [{type: QueueLength, target: 5}, {type: KVCacheUsage, target: 80}, {type: InFlight, target: 8}, {type: TokensPerMinute, target: 70}]
        """, "apply").exit()).isZero();
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
