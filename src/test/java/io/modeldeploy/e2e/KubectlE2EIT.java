package io.modeldeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modeldeploy.testing.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What users do with kubectl, on a real kube-apiserver with its controllers, scheduler and kwok
 * nodes, and the packaged operator running with the Helm chart's RBAC as its ServiceAccount.
 */
class KubectlE2EIT {

  static ControlPlane cluster;

  @BeforeAll
  static void start() { cluster = ControlPlane.get(); }

  /** Every example reaches its phase: the cluster ones through real Deployments and kwok pods. */
  @Test
  void examplesReachTheirPhases() {
    assertThat(cluster.kubectl("apply", "-f", "examples/").exit()).isZero();
    Map<String, String> expected = Map.of("qwen3-8b-chat", "Running", "glm5-pd", "Running", "support-bot-ft", "Running",
        "qwen3-max-ptu", "Running", "qwen3-8b-lora-eval", "Running",
        // prepaid throughput is bought through the vendor's API
        "deepseek-ptu-3d", "Running",
        // a model-unit term is sold in the vendor's console: the operator waits for the purchase
        "qwen36-plus-reserved", "Pending");
    expected.forEach((name, phase) -> cluster.awaitPhase("default", name, phase));
    assertThat(cluster.jsonpath("default", "deploy/qwen3-8b-chat", "{.status.readyReplicas}")).isEqualTo("2");
    assertThat(cluster.kubectl("get", "pods", "-n", "default", "-l", "modeldeploy.io/deployment=qwen3-8b-chat",
        "-o", "jsonpath={.items[*].spec.nodeName}").out()).contains("gpu-node-");
    assertThat(cluster.jsonpath("default", "mdep/qwen36-plus-reserved", "{.status.conditions[?(@.type==\"Ready\")].reason}"))
        .isEqualTo("AwaitingConsolePurchase");
    assertThat(cluster.jsonpath("default", "mdep/qwen3-max-ptu", "{.status.cost.hourly}")).isEqualTo("53.80");
    // Its capacity pack, bought through the capacity-instance API and followed to the vendor's confirmation.
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(cluster.jsonpath("default", "mdep/qwen3-max-ptu", "{.status.capacityPacks[0].state}")).isEqualTo("RUNNING");
      assertThat(cluster.jsonpath("default", "mdep/qwen3-max-ptu", "{.status.capacityPacks[0].effectiveInputTPM}")).isEqualTo("20000");
    });
    assertThat(cluster.jsonpath("default", "mdep/qwen3-max-ptu", "{.status.capacityPacks[0].operationStatus}")).isEqualTo("SUCCEEDED");
    assertThat(cluster.jsonpath("default", "mdep/qwen3-max-ptu", "{.status.capacityPacks[0].expiresAt}")).endsWith("+08:00");
    assertThat(cluster.jsonpath("default", "mdep/qwen3-max-ptu", "{.status.cost.capacityPacks[0].termTotal}")).isEqualTo("1807.68");
    assertThat(cluster.jsonpath("default", "mdep/qwen3-max-ptu", "{.status.cost.total.daily}")).isEqualTo("1549.44");
    assertThat(vendorDeployment("qwen3-max-ptu").at("/ptu_capacity/input_tpm").asLong()).as("70 kTPM: its own and the pack's").isEqualTo(70);
    // The term the vendor sold, dated as the vendor answers it (the simulator keeps the seed's rules).
    assertThat(vendorDeployment("deepseek-ptu-3d").path("charge_type").asText()).isEqualTo("pre_paid");
    String expiry = vendorDeployment("deepseek-ptu-3d").path("pre_paid_gmt_expired").asText();
    assertThat(cluster.jsonpath("default", "mdep/deepseek-ptu-3d", "{.status.subscription.expiresAt}"))
        .isEqualTo(expiry + "+08:00");
    assertThat(cluster.jsonpath("default", "mdep/deepseek-ptu-3d", "{.status.subscription.stage}")).isEqualTo("Active");
  }

  /** What the vendor simulator of the control plane holds under a ModelDeployment's display name. */
  static com.fasterxml.jackson.databind.JsonNode vendorDeployment(String name) { return cluster.vendorDeployment("default", name); }

  /** The columns of kubectl get, kubectl explain, the scale subresource, kubectl wait. */
  @Test
  void kubectlGetExplainScaleAndWait() {
    cluster.namespace("e2e-kubectl");
    assertThat(cluster.kubectlWith(Manifests.qwen3Chat("chat", "Kubernetes", "MU1", 2, 1), "apply", "-n", "e2e-kubectl").exit()).isZero();
    assertThat(cluster.kubectl("wait", "-n", "e2e-kubectl", "--for=condition=Ready", "mdep/chat", "--timeout=60s").exit()).isZero();
    String table = cluster.kubectl("get", "mdep", "-n", "e2e-kubectl").out();
    assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "PHASE", "MODEL", "BILLING", "UNITS", "READY", "COST/H", "AGE");
    assertThat(table).contains("Running").contains("MU1 x 2").contains("1/1").contains("108.00");
    assertThat(cluster.kubectl("explain", "mdep.spec.modelUnit").out()).contains("MU1 x 8");

    assertThat(cluster.kubectl("scale", "-n", "e2e-kubectl", "mdep/chat", "--replicas", "3").exit()).isZero();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(cluster.jsonpath("e2e-kubectl", "mdep/chat", "{.status.ready}")).isEqualTo("3/3");
      assertThat(cluster.jsonpath("e2e-kubectl", "mdep/chat", "{.status.cost.hourly}")).isEqualTo("324.00");
    });
    assertThat(cluster.kubectl("get", "--raw", "/apis/modeldeploy.io/v1alpha1/namespaces/e2e-kubectl/modeldeployments/chat/scale").out())
        .contains("\"replicas\":3").contains("modeldeploy.io/deployment=chat");
  }

  /**
   * glm-4.7 is offered only as MU6 x 32 PD-separated: 16 GPUs per role's pod, twice what a node has.
   * The real scheduler refuses it, the real deployment controller gives up at the (test-short) progress
   * deadline, and the scheduler's reason reaches the ModelDeployment.
   */
  @Test
  void aUnitSpecBiggerThanAnyNodeFailsWithTheSchedulersReason() {
    cluster.namespace("e2e-big");
    assertThat(cluster.kubectlWith("""
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: big}
        spec:
          model: glm-4.7
          provider: Kubernetes
          billing: {method: ModelUnit}
          modelUnit: {type: MU6, count: 32, mode: PDSeparated}
        """, "apply", "-n", "e2e-big").exit()).isZero();
    cluster.awaitPhase("e2e-big", "big", "DeploymentFailed");
    for (String type : List.of("Stalled", "Ready"))
      assertThat(cluster.jsonpath("e2e-big", "mdep/big", "{.status.conditions[?(@.type==\"" + type + "\")].reason}"))
          .as(type).isEqualTo("Unschedulable");
    assertThat(cluster.jsonpath("e2e-big", "mdep/big", "{.status.conditions[?(@.type==\"Stalled\")].message}"))
        .startsWith("the first rollout failed: pod big-").contains("Insufficient nvidia.com/gpu");
    assertThat(cluster.jsonpath("e2e-big", "mdep/big", "{.status.conditions[?(@.type==\"Reconciling\")].status}")).isEqualTo("False");
    assertThat(cluster.kubectl("get", "events", "-n", "e2e-big", "--field-selector", "reason=DeploymentFailed,type=Warning",
        "-o", "name").out()).isNotBlank();
  }

  /** An autoscaling/v2 HorizontalPodAutoscaler aimed at a ModelDeployment is accepted and reads its scale subresource. */
  @Test
  void aHorizontalPodAutoscalerReadsTheScaleSubresource() {
    cluster.namespace("e2e-hpa");
    assertThat(cluster.kubectlWith(Manifests.qwen3Chat("chat", "Kubernetes", "MU1", 2, 1), "apply", "-n", "e2e-hpa").exit()).isZero();
    cluster.awaitPhase("e2e-hpa", "chat", "Running");
    assertThat(cluster.kubectlWith(Manifests.autoscaler("chat", 1, 3), "apply", "-n", "e2e-hpa").exit()).isZero();
    // No metrics server here: the controller can read the scale (AbleToScale) but not the metric.
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(cluster.jsonpath("e2e-hpa", "hpa/chat", "{.status.conditions[?(@.type==\"AbleToScale\")].reason}"))
          .isEqualTo("SucceededGetScale");
      assertThat(cluster.jsonpath("e2e-hpa", "hpa/chat", "{.status.currentReplicas}")).isEqualTo("1");
    });
  }

  /**
   * helm install of the chart: its operator pod is scheduled on a kwok node and runs there (as far as
   * kwok runs anything); helm upgrade with changed values changes it; helm uninstall removes the release
   * and leaves the CRDs and every ModelDeployment in place.
   */
  @Test
  void helmInstallUpgradeAndUninstall() {
    cluster.namespace("e2e-helm");
    assertThat(cluster.kubectlWith(Manifests.qwen3Chat("kept", "Kubernetes", "MU1", 2, 1), "apply", "-n", "e2e-helm").exit()).isZero();
    // As docs/install.md says: the CRDs were applied with kubectl apply --server-side first.
    ControlPlane.Result install = cluster.helm("install", "e2e", "helm/modeldeploy-operator", "--namespace", "e2e-helm",
        "--skip-crds");
    assertThat(install.exit()).as(install.both()).isZero();
    String selector = "app.kubernetes.io/instance=e2e";
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      String pods = cluster.kubectl("get", "pods", "-n", "e2e-helm", "-l", selector + ",app.kubernetes.io/name=modeldeploy-operator",
          "-o", "jsonpath={range .items[*]}{.spec.nodeName} {.status.phase}{\"\\n\"}{end}").out();
      assertThat(pods.lines().toList()).singleElement().satisfies(line -> assertThat(line).matches("gpu-node-\\d+ Running"));
      // The inference gateway comes with it: its two replicas, as their own Deployment.
      assertThat(cluster.jsonpath("e2e-helm", "deploy/e2e-modeldeploy-operator-gateway", "{.status.readyReplicas}")).isEqualTo("2");
    });

    ControlPlane.Result upgrade = cluster.helm("upgrade", "e2e", "helm/modeldeploy-operator", "--namespace", "e2e-helm",
        "--set", "replicas=2");
    assertThat(upgrade.exit()).as(upgrade.both()).isZero();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(cluster.jsonpath("e2e-helm", "deploy/e2e-modeldeploy-operator", "{.status.readyReplicas}")).isEqualTo("2"));

    ControlPlane.Result uninstall = cluster.helm("uninstall", "e2e", "--namespace", "e2e-helm", "--wait");
    assertThat(uninstall.exit()).as(uninstall.both()).isZero();
    assertThat(cluster.kubectl("get", "deploy", "-n", "e2e-helm", "-l", selector, "-o", "name").out()).isBlank();
    assertThat(cluster.kubectl("get", "crd", "modeldeployments.modeldeploy.io", "billingaccounts.modeldeploy.io").exit()).isZero();
    assertThat(cluster.jsonpath("e2e-helm", "mdep/kept", "{.metadata.name}")).isEqualTo("kept");
  }

  /** Deleting a ModelDeployment releases its finalizer and garbage collection removes what it owned. */
  @Test
  void deletingRemovesWhatItOwned() {
    cluster.namespace("e2e-delete");
    assertThat(cluster.kubectlWith(Manifests.qwen3Chat("gone", "Kubernetes", "MU1", 2, 1), "apply", "-n", "e2e-delete").exit()).isZero();
    cluster.awaitPhase("e2e-delete", "gone", "Running");
    assertThat(cluster.kubectl("delete", "-n", "e2e-delete", "mdep/gone", "--timeout=60s").exit()).isZero();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(cluster.kubectl("get", "deploy,svc,pdb,pods", "-n", "e2e-delete", "-o", "name").out()).isBlank();
      assertThat(cluster.kubectl("get", "mdep", "-n", "e2e-delete", "-o", "name").out()).isBlank();
    });
  }

  static Stream<Path> refusedByTheApiServer() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/invalid"))) {
      return files.sorted().filter(f -> List.of("schema", "cel", "transition", "name").contains(header(f).get("layer"))).toList().stream();
    }
  }

  static Map<String, String> header(Path file) {
    try {
      return Files.readAllLines(file).stream().filter(l -> l.startsWith("# ") && l.contains(":"))
          .collect(Collectors.toMap(l -> l.substring(2, l.indexOf(':')), l -> l.substring(l.indexOf(':') + 1).trim()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Schema, CEL, immutability and name cases of the bad-input corpus, applied with kubectl, are refused. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedByTheApiServer")
  void theApiServerRefusesBadInputNamingTheField(Path file) {
    cluster.namespace("e2e-corpus");
    Map<String, String> expect = header(file);
    ControlPlane.Result result = cluster.kubectl("apply", "-n", "e2e-corpus", "-f", file.toString());
    assertThat(result.exit()).as(result.both()).isNotZero();
    switch (expect.get("layer")) {
      case "cel", "transition" -> assertThat(result.err()).contains(expect.get("expect"));
      // kubectl itself refuses a name that cannot be a path segment, before the API server would
      case "name" -> assertThat(result.err()).containsAnyOf("metadata.name", "invalid resource name");
      // /spec/a/0/b as the API server writes it: spec.a[0].b
      default -> assertThat(result.err()).contains(expect.get("field").substring(1).replaceAll("/(\\d+)", "[$1]").replace('/', '.'));
    }
  }
}
