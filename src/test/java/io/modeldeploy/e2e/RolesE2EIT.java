package io.modeldeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The chart's roles for people, on the real API server with its aggregation controller: what each
 * kind of user may do, asked with `kubectl auth can-i --as`, and a namespace admin's attempt to raise
 * their own balance refused.
 */
class RolesE2EIT {

  static final String NS = "e2e-roles";
  static ControlPlane cluster;

  @BeforeAll
  static void start() {
    cluster = ControlPlane.get();
    cluster.namespace(NS);
    assertThat(cluster.kubectlWith(cluster.chartTemplate("templates/user-roles.yaml"), "apply").exit()).isZero();
    // The namespace's people, bound as a platform team would bind them.
    for (String[] binding : new String[][] {{"alice", "admin"}, {"bob", "edit"}, {"carol", "view"}, {"dave", "modeldeploy-billing-admin"}})
      cluster.kubectl("create", "rolebinding", binding[0], "-n", NS, "--clusterrole=" + binding[1], "--user=" + binding[0]);
    // The built-in roles gain ours when the controller manager has aggregated them.
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(canI("alice", "create", "modeldeployments", NS)).isEqualTo("yes");
      assertThat(canI("bob", "create", "modeldeployments", NS)).isEqualTo("yes");
      assertThat(canI("carol", "list", "modeldeployments", NS)).isEqualTo("yes");
    });
  }

  /** resource: a type, type/name, or type/status and type/scale for those subresources. */
  static String canI(String user, String verb, String resource, String namespace) {
    String[] parts = resource.split("/");
    boolean subresource = parts.length == 2 && (parts[1].equals("status") || parts[1].equals("scale"));
    return (subresource ? cluster.kubectl("auth", "can-i", verb, parts[0], "--subresource=" + parts[1], "-n", namespace, "--as", user)
        : cluster.kubectl("auth", "can-i", verb, resource, "-n", namespace, "--as", user)).out().strip();
  }

  @ParameterizedTest(name = "{0} {1} {2} in {3}: {4}")
  @CsvSource(textBlock = """
      # user (bound to), verb,   resource,                              namespace,          answer
      alice,            create,  modeldeployments,                      e2e-roles,          yes
      alice,            patch,   modeldeployments/scale,                e2e-roles,          yes
      alice,            delete,  modeldeployments,                      e2e-roles,          yes
      alice,            get,     billingaccounts,                       e2e-roles,          yes
      alice,            update,  billingaccounts,                       e2e-roles,          no
      alice,            create,  billingaccounts,                       e2e-roles,          no
      alice,            patch,   billingaccounts/status,                e2e-roles,          no
      alice,            get,     secrets/modelstudio-api-key,           modeldeploy-system, no
      alice,            create,  modeldeployments,                      default,            no
      bob,              update,  modeldeployments,                      e2e-roles,          yes
      bob,              update,  billingaccounts,                       e2e-roles,          no
      carol,            watch,   modeldeployments,                      e2e-roles,          yes
      carol,            get,     billingaccounts,                       e2e-roles,          yes
      carol,            create,  modeldeployments,                      e2e-roles,          no
      carol,            patch,   modeldeployments/scale,                e2e-roles,          no
      dave,             update,  billingaccounts,                       e2e-roles,          yes
      dave,             create,  billingaccounts,                       e2e-roles,          yes
      dave,             create,  modeldeployments,                      e2e-roles,          no
      dave,             patch,   billingaccounts/status,                e2e-roles,          no
      alice,            get,     modelgrants,                           e2e-roles,          yes
      alice,            create,  modelgrants,                           e2e-roles,          no
      alice,            patch,   modelgrants,                           e2e-roles,          no
      bob,              update,  modelgrants,                           e2e-roles,          no
      carol,            list,    modelgrants,                           e2e-roles,          yes
      dave,             create,  modelgrants,                           e2e-roles,          yes
      dave,             delete,  modelgrants,                           e2e-roles,          yes
      """)
  void eachRoleMayDoWhatItPromises(String user, String verb, String resource, String namespace, String answer) {
    assertThat(canI(user, verb, resource, namespace)).isEqualTo(answer);
  }

  /** A namespace admin deploys, but cannot give their namespace money; the billing admin can. */
  @Test
  void aNamespaceAdminCannotTopUpTheirOwnAccount() {
    String account = """
        apiVersion: modeldeploy.io/v1alpha1
        kind: BillingAccount
        metadata: {name: team}
        spec: {balance: "1000000.00"}
        """;
    ControlPlane.Result refused = cluster.kubectlWith(account, "create", "-n", NS, "--as", "alice");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("forbidden").contains("User \"alice\" cannot create resource \"billingaccounts\"");
    assertThat(cluster.kubectlWith(account, "create", "-n", NS, "--as", "dave").exit()).isZero();
    ControlPlane.Result raise = cluster.kubectl("patch", "billingaccount/team", "-n", NS, "--as", "alice", "--type=merge",
        "-p", "{\"spec\":{\"balance\":\"9000000.00\"}}");
    assertThat(raise.exit()).isNotZero();
    assertThat(raise.err()).contains("cannot patch resource \"billingaccounts\"");
    assertThat(cluster.jsonpath(NS, "billingaccount/team", "{.spec.balance}")).isEqualTo("1000000.00");
  }
}
