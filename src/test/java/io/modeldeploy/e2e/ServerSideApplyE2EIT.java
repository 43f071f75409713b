package io.modeldeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modeldeploy.testing.Manifests;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator writes with server-side apply and owns only the fields it sets: what kubectl, Argo CD
 * and a HorizontalPodAutoscaler own survives its writes, and a write that changes nothing of its
 * concern costs it no write. The operator's writes are read from the API server's audit log.
 */
class ServerSideApplyE2EIT {

  static ControlPlane cluster;

  @BeforeAll
  static void start() { cluster = ControlPlane.get(); }

  @Test
  void whatOtherManagersOwnSurvivesTheOperatorsWrites() {
    String ns = "e2e-ssa";
    cluster.namespace(ns);
    assertThat(cluster.kubectlWith(Manifests.qwen3Chat("chat", "Kubernetes", "MU1", 2, 1), "apply", "--server-side", "-n", ns).exit())
        .isZero();
    cluster.awaitPhase(ns, "chat", "Running");
    assertThat(cluster.kubectl("label", "-n", ns, "mdep/chat", "team=search").exit()).isZero();
    // as Argo CD marks what it tracks
    assertThat(cluster.kubectl("annotate", "-n", ns, "mdep/chat", "--field-manager", "argocd-controller",
        "argocd.argoproj.io/tracking-id=models:modeldeploy.io/ModelDeployment:e2e-ssa/chat").exit()).isZero();
    assertThat(cluster.kubectl("label", "-n", ns, "deploy/chat", "cost-center=ml").exit()).isZero();

    // Below its minimum, the autoscaler raises spec.replicas through the scale subresource (no metrics needed).
    assertThat(cluster.kubectlWith(Manifests.autoscaler("chat", 2, 3), "apply", "-n", ns).exit()).isZero();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(cluster.jsonpath(ns, "mdep/chat", "{.status.ready}")).isEqualTo("2/2");
      assertThat(cluster.jsonpath(ns, "deploy/chat", "{.spec.replicas}")).isEqualTo("2");
    });

    assertThat(cluster.jsonpath(ns, "mdep/chat", "{.spec.replicas}")).as("the autoscaler's value stays").isEqualTo("2");
    assertThat(cluster.jsonpath(ns, "mdep/chat", "{.metadata.labels.team}")).isEqualTo("search");
    assertThat(cluster.jsonpath(ns, "mdep/chat", "{.metadata.annotations.argocd\\.argoproj\\.io/tracking-id}"))
        .isEqualTo("models:modeldeploy.io/ModelDeployment:e2e-ssa/chat");
    assertThat(cluster.jsonpath(ns, "deploy/chat", "{.metadata.labels.cost-center}")).isEqualTo("ml");
    // The operator applied the Deployment (an Apply entry of its own) and never wrote the ModelDeployment's spec.
    assertThat(cluster.jsonpath(ns, "deploy/chat", "{.metadata.managedFields[?(@.operation==\"Apply\")].manager}"))
        .isEqualTo(OPERATOR_MANAGER);
    assertThat(cluster.operatorWrites(ns)).filteredOn(w -> w.startsWith("update ") || w.startsWith("patch modeldeployments "))
        .as("the only write to the ModelDeployment itself is its finalizer").containsExactly("patch modeldeployments chat");
  }

  @Test
  void reapplyingTheSameManifestOrLabellingMakesTheOperatorWriteNothing() {
    String ns = "e2e-reapply";
    cluster.namespace(ns);
    String manifest = Manifests.qwen3Chat("chat", "Kubernetes", "MU1", 2, 1);
    assertThat(cluster.kubectlWith(manifest, "apply", "--server-side", "-n", ns).exit()).isZero();
    assertThat(cluster.kubectl("wait", "-n", ns, "--for=condition=Ready", "mdep/chat", "--timeout=60s").exit()).isZero();
    List<String> settled = cluster.settledOperatorWrites(ns);

    assertThat(cluster.kubectlWith(manifest, "apply", "--server-side", "-n", ns).exit()).isZero();
    assertThat(cluster.kubectl("label", "-n", ns, "mdep/chat", "team=search").exit()).isZero();
    await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(cluster.operatorWrites(ns)).isEqualTo(settled));
    assertThat(cluster.jsonpath(ns, "mdep/chat", "{.metadata.generation}")).isEqualTo("1");
  }

  /** The field manager JOSDK applies with: the controller's name. */
  static final String OPERATOR_MANAGER = "modeldeployment";
}
