package io.modeldeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Model rollouts on the real control plane: a new revision's Deployment beside the old one (kwok
 * runs their pods), the calls split by the two gateway replicas (to the fake vLLM, whose answers for a
 * model can be made to fail), the analysis read from the gateways' metrics, promotion and abort by the
 * annotation and by mdctl, and an operator restart in the middle of a rollout.
 */
class RolloutE2EIT {

  static final String NS = "rollout-e2e";
  static final String KEY = "sk-e2e-rollouts";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static ControlPlane cluster;

  @BeforeAll
  static void start() {
    cluster = ControlPlane.get();
    cluster.namespace(NS);
    assertThat(cluster.kubectl("create", "secret", "generic", "modeldeploy-gateway-keys", "-n", NS, "--from-literal=team=" + KEY)
        .exit()).isZero();
  }

  /** The GPUs of the fake nodes are shared with the suites after this one: everything here is deleted. */
  @AfterAll
  static void stop() {
    assertThat(cluster.kubectl("delete", "mdep", "--all", "-n", NS, "--timeout=60s").exit()).isZero();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(cluster.kubectl("get", "pods", "-n", NS, "-o", "name").out()).isBlank());
  }

  /** Two MU5 x 1 replicas of the model on the cluster, rolled out as the rollout (YAML flow) says. */
  static void deploy(String name, String model, String rollout) {
    cluster.deployOnCluster(NS, name, model, "  replicas: 2\n  rollout: " + rollout + "\n");
  }

  static String get(String name, String path) { return cluster.jsonpath(NS, "mdep/" + name, path); }

  static String condition(String name, String type, String field) {
    return get(name, "{.status.conditions[?(@.type==\"" + type + "\")]." + field + "}");
  }

  /** Calls through both gateway replicas: what the analysis reads. */
  static void calls(String model, int n) throws Exception {
    for (int i = 0; i < n; i++) ControlPlane.chat(cluster.gatewayUrl(1 + i % 2), KEY, model, "call " + i);
  }

  /** A deployment serving qwen3-8b whose spec then asks for another model: the rollout starts. */
  static void rollOut(String name, String model, String rollout) {
    deploy(name, "qwen3-8b", rollout);
    cluster.awaitPhase(NS, name, "Running");
    deploy(name, model, rollout);
  }

  /** Calls through the gateways (still naming the stable code) until the condition holds: what the analysis reads. */
  static void callUntil(org.assertj.core.api.ThrowingConsumer<String> holds, String name) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      calls("qwen3-8b", 6);
      holds.accept(name);
    });
  }

  /** The workloads (Deployments) of a ModelDeployment, by name. */
  static String workloads(String name) {
    return cluster.kubectl("get", "deployments", "-n", NS, "-l", "modeldeploy.io/deployment=" + name, "-o",
        "jsonpath={.items[*].metadata.name}").out();
  }

  @Test
  void aHealthyNewModelGoesThroughItsStepsAndIsPromoted() {
    String rollout = "{strategy: Canary, steps: [{weight: 50, pause: {duration: 3s}}, {weight: 100}],"
        + " analysis: {minRequests: 5, maxErrorPercent: 10}}";
    rollOut("healthy", "qwen3-4b", rollout);
    callUntil(name -> assertThat(get(name, "{.status.rollout.phase}")).isEqualTo("Completed"), "healthy");
    String stable = get("healthy", "{.status.rollout.stable.workload}");
    assertThat(stable).startsWith("healthy-");
    assertThat(get("healthy", "{.status.rollout.analysis[*].result}")).isEqualTo("Passed Passed");
    assertThat(get("healthy", "{.status.rollout.cost}")).matches("[0-9]+\\.[0-9]{2}");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(workloads("healthy")).as("the old revision removed").isEqualTo(stable);
      assertThat(get("healthy", "{.status.modelCode}")).isEqualTo("qwen3-4b");
      assertThat(get("healthy", "{.status.traffic[*].percent}")).isEqualTo("100");
    });
    assertThat(cluster.kubectl("get", "service", "healthy-canary", "-n", NS).exit()).isNotZero();
    assertThat(condition("healthy", "Ready", "status")).isEqualTo("True");
  }

  @Test
  void aNewModelWhoseCallsFailIsAbortedByItsAnalysis() throws Exception {
    fault("qwen3-1.7b", 500);
    try {
      String rollout = "{strategy: Canary, steps: [{weight: 50, pause: {duration: 10m}}, {weight: 100}],"
          + " analysis: {minRequests: 6, maxErrorPercent: 5}}";
      rollOut("faulty", "qwen3-1.7b", rollout);
      callUntil(name -> assertThat(condition(name, "RolloutAborted", "status")).isEqualTo("True"), "faulty");
      assertThat(condition("faulty", "RolloutAborted", "reason")).isEqualTo("AnalysisFailed");
      assertThat(condition("faulty", "RolloutAborted", "message")).contains("analysis failed at step 1/2").contains("error rate")
          .contains("above max 5%");
      assertThat(condition("faulty", "Ready", "status")).as("the stable revision serves on").isEqualTo("True");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(workloads("faulty")).isEqualTo("faulty");
        assertThat(get("faulty", "{.status.traffic[*].modelCode}")).isEqualTo("qwen3-8b");
      });
      assertThat(cluster.kubectl("get", "events", "-n", NS, "--field-selector", "involvedObject.name=faulty,reason=AnalysisFailed",
          "-o", "jsonpath={.items[*].type}").out()).contains("Warning");
      // The same spec applied again (Argo CD's next sync) does not start it again.
      deploy("faulty", "qwen3-1.7b", rollout);
      assertThat(get("faulty", "{.status.rollout.phase}")).isEqualTo("Aborted");
    } finally {
      fault("qwen3-1.7b", 0);
    }
  }

  @Test
  void anOpenPauseIsPromotedByTheAnnotationAndByMdctl() {
    String rollout = "{strategy: Canary, steps: [{weight: 20, pause: {}}, {weight: 60, pause: {}}, {weight: 100}]}";
    rollOut("manual", "qwen3-4b", rollout);
    awaitPaused("manual", "1/3");
    assertThat(condition("manual", "Reconciling", "reason")).isEqualTo("RolloutPaused");
    assertThat(get("manual", "{.status.traffic[*].percent}")).isEqualTo("80 20");

    assertThat(cluster.kubectl("annotate", "mdep", "manual", "-n", NS, "modeldeploy.io/rollout=promote").exit()).isZero();
    awaitPaused("manual", "2/3");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(get("manual", "{.metadata.annotations}")).doesNotContain("modeldeploy.io/rollout"));

    ControlPlane.Result promoted = cluster.mdctl("rollout", "promote", "manual", "-n", NS);
    assertThat(promoted.exit()).as(promoted.both()).isZero();
    assertThat(promoted.out()).contains("modeldeploy.io/rollout=promote set on " + NS + "/manual at step 2/3");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get("manual", "{.status.rollout.phase}")).isEqualTo("Completed"));
    ControlPlane.Result nothing = cluster.mdctl("rollout", "abort", "manual", "-n", NS);
    assertThat(nothing.exit()).isEqualTo(1);
    assertThat(nothing.err()).contains("has no rollout running to abort");
  }

  @Test
  void anOperatorRestartInTheMiddleOfARolloutResumesAtTheSameStep() {
    String rollout = "{strategy: Canary, steps: [{weight: 25, pause: {}}, {weight: 100}]}";
    rollOut("restarted", "qwen3-4b", rollout);
    awaitPaused("restarted", "1/2");
    String startedAt = get("restarted", "{.status.rollout.stepStartedAt}");
    String canary = get("restarted", "{.status.rollout.canary.workload}");

    cluster.restartOperator();
    // A change the new operator must act on: it has reconciled once it has observed it.
    assertThat(cluster.kubectl("annotate", "mdep", "restarted", "-n", NS, "note=after-restart").exit()).isZero();
    assertThat(cluster.kubectl("patch", "mdep", "restarted", "-n", NS, "--type=merge", "-p", "{\"spec\":{\"replicas\":3}}").exit()).isZero();
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
        assertThat(get("restarted", "{.status.observedGeneration}")).isEqualTo(get("restarted", "{.metadata.generation}")));
    assertThat(get("restarted", "{.status.rollout.step}")).isEqualTo("1/2");
    assertThat(get("restarted", "{.status.rollout.stepStartedAt}")).isEqualTo(startedAt);
    assertThat(get("restarted", "{.status.rollout.canary.workload}")).isEqualTo(canary);
    assertThat(workloads("restarted").split(" ")).as("never two new revisions").containsExactlyInAnyOrder("restarted", canary);

    assertThat(cluster.mdctl("rollout", "promote", "restarted", "-n", NS).exit()).isZero();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(get("restarted", "{.status.rollout.phase}")).isEqualTo("Completed");
      assertThat(workloads("restarted")).isEqualTo(canary);
    });
  }

  static void awaitPaused(String name, String step) {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(get(name, "{.status.rollout.phase}")).isEqualTo("Paused");
      assertThat(get(name, "{.status.rollout.step}")).isEqualTo(step);
    });
  }

  /** The fake vLLM answers calls for this model with this status (0: normally again). */
  static void fault(String model, int status) throws Exception {
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.modelUrl() + "/faults/" + model + "?status=" + status))
        .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(204);
  }
}
