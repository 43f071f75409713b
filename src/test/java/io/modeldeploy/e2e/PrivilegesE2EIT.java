package io.modeldeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modeldeploy.testing.Manifests;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Workspaces on the real API server: the chart's admission policy (installed by hack/cluster.sh as
 * the chart installs it) admits what a namespace's ModelGrant allows and refuses the rest in the
 * vendor's words, for a namespace admin impersonated as a person is; only the billing admin writes
 * grants; a grant revoked after creation stops changes but not what runs.
 */
class PrivilegesE2EIT {

  static final String NS = "e2e-grants";
  static ControlPlane cluster;

  @BeforeAll
  static void start() {
    cluster = ControlPlane.get();
    cluster.namespaceWithoutGrant(NS);
    assertThat(cluster.kubectlWith(cluster.chartTemplate("templates/user-roles.yaml"), "apply").exit()).isZero();
    cluster.kubectl("create", "rolebinding", "alice", "-n", NS, "--clusterrole=admin", "--user=alice");
    cluster.kubectl("create", "rolebinding", "dave", "-n", NS, "--clusterrole=modeldeploy-billing-admin", "--user=dave");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(cluster.kubectl("auth", "can-i", "create",
        "modeldeployments", "-n", NS, "--as", "alice").out().strip()).isEqualTo("yes"));
  }

  static ControlPlane.Result asAlice(String manifest) { return cluster.kubectlWith(manifest, "apply", "-n", NS, "--as", "alice"); }

  @Test
  void aNamespaceDeploysOnlyWhatItsGrantAllows() {
    // No grant yet: nothing may be deployed, even by the namespace's admin.
    ControlPlane.Result none = asAlice(Manifests.qwen3Chat("chat", "Kubernetes", "MU5", 1, 1));
    assertThat(none.exit()).isNotZero();
    assertThat(none.err()).contains("mdo-modeldeploy-operator-deployment-privilege").contains("no params found");

    // The namespace admin cannot grant themselves a model; the billing admin can.
    String grant = ControlPlane.grant(NS, "[{model: qwen3-*, billingMethods: [ModelUnit], maxReplicas: 2}]");
    ControlPlane.Result selfGrant = cluster.kubectlWith(grant, "apply", "--as", "alice");
    assertThat(selfGrant.exit()).isNotZero();
    assertThat(selfGrant.err()).contains("cannot").contains("modelgrants");
    assertThat(cluster.kubectlWith(grant, "apply", "--as", "dave").exit()).isZero();

    ControlPlane.Result other = asAlice(Manifests.qwen3Chat("chat", "Kubernetes", "MU5", 1, 1).replace("qwen3-8b", "deepseek-v3"));
    assertThat(other.exit()).isNotZero();
    assertThat(other.err()).contains("Workspace e2e-grants does not have deployment privilege for model deepseek-v3"
        + " (ModelUnit, 1 units per replica, up to 1 replicas); granted: qwen3-* by ModelUnit, at most 2 replicas");
    ControlPlane.Result tooMany = asAlice(Manifests.qwen3Chat("chat", "Kubernetes", "MU5", 1, 3));
    assertThat(tooMany.exit()).isNotZero();
    assertThat(tooMany.err()).contains("does not have deployment privilege for model qwen3-8b (ModelUnit, 1 units per replica, up to 3 replicas)");

    assertThat(asAlice(Manifests.qwen3Chat("chat", "Kubernetes", "MU5", 1, 1)).exit()).isZero();
    cluster.awaitPhase(NS, "chat", "Running");

    // Revoked after creation: what runs keeps running; a change (here a scale through the scale
    // subresource, which the policy does not see) is refused by the operator.
    assertThat(cluster.kubectlWith(ControlPlane.grant(NS, "[{model: glm-*}]"), "apply", "--as", "dave").exit()).isZero();
    assertThat(cluster.kubectl("scale", "mdep/chat", "-n", NS, "--replicas=2", "--as", "alice").exit()).isZero();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(cluster.jsonpath(NS, "mdep/chat", "{.status.conditions[?(@.type==\"Accepted\")].reason}")).isEqualTo("NoDeploymentPrivilege");
      assertThat(cluster.jsonpath(NS, "mdep/chat", "{.status.conditions[?(@.type==\"Accepted\")].message}"))
          .contains("Workspace e2e-grants does not have deployment privilege for model qwen3-8b").contains("granted: glm-*");
    });
    assertThat(cluster.jsonpath(NS, "mdep/chat", "{.status.phase}")).isEqualTo("Running");
    assertThat(cluster.jsonpath(NS, "deploy/chat", "{.spec.replicas}")).as("not scaled up").isEqualTo("1");
    // Deleting needs no privilege: the finalizer is released and what ran is removed.
    assertThat(cluster.kubectl("delete", "mdep/chat", "-n", NS, "--as", "alice", "--wait=true", "--timeout=60s").exit()).isZero();
    assertThat(cluster.kubectl("get", "deploy", "chat", "-n", NS).err()).contains("NotFound");
  }
}
