package io.modeldeploy.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modeldeploy.api.BillingAccount;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import io.modeldeploy.testing.Manifests;
import io.modeldeploy.testing.Kubelet;
import io.modeldeploy.testing.OperatorTestBase;
import io.modeldeploy.testing.Quiet;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A pay-as-you-go deployment drawing on a BillingAccount: accrual, overdue, 24 h retention, release, top-up. */
@QuarkusTest
@WithKubernetesTestServer(setup = Kubelet.ApiServerSetup.class)
@TestProfile(PrepaidTermTest.FastTimers.class)
class BudgetTest extends OperatorTestBase {

  @KubernetesTestServer KubernetesServer server;
  @Inject io.micrometer.core.instrument.MeterRegistry registry;

  static final String CHAT = Manifests.qwen3Chat("chat", "Kubernetes", "MU5", 1, 1);

  void createAccount() {
    client.resource(client.getKubernetesSerialization().unmarshal("""
        apiVersion: modeldeploy.io/v1alpha1
        kind: BillingAccount
        metadata: {name: team, namespace: %s}
        spec: {balance: "100.00"}
        """.formatted(ns), BillingAccount.class)).create();
  }

  BillingAccount account() { return client.resources(BillingAccount.class).inNamespace(ns).withName("team").get(); }

  @Test
  void aBudgetGoesOverdueIsReleasedAfter24HoursAndIsRestoredByATopUp() {
    Kubelet kubelet = new Kubelet(client);
    clock.moveTo("2026-11-20T10:00:00+08:00");
    createAccount();
    create(CHAT);
    awaitPhase("chat", Phase.Pending);
    kubelet.rollout(ns, "chat", 1, 1);
    ModelDeploymentStatus running = awaitPhase("chat", Phase.Running);
    assertThat(condition(running, "AccountOverdue").getReason()).isEqualTo("WithinBudget");

    // 4 h at 21 CNY/h = 84.00 spent, 16.00 left.
    clock.moveTo("2026-11-20T14:00:30+08:00");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(account().getStatus().getSpent()).isEqualTo("84.00");
      assertThat(account().getStatus().getRemaining()).isEqualTo("16.00");
      assertThat(account().getStatus().getOverdueSince()).isNull();
      assertThat(registry.get("modeldeploy.account.remaining").tag("namespace", ns).tag("name", "team").gauge().value()).isEqualTo(16.0);
    });

    // One more hour: 105.00 spent, 5.00 overdue. Still running and billing for 24 h.
    clock.moveTo("2026-11-20T15:00:30+08:00");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(account().getStatus().getRemaining()).isEqualTo("-5.00");
      assertThat(account().getStatus().getOverdueSince()).isNotNull();
      var s = get("chat").getStatus();
      assertThat(condition(s, "AccountOverdue").getStatus()).isEqualTo("True");
      assertThat(condition(s, "AccountOverdue").getReason()).isEqualTo("RetentionPeriod");
      assertThat(s.getPhase()).isEqualTo(Phase.Running);
    });

    clock.moveTo("2026-11-21T15:02:00+08:00");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(kubelet.deployment(ns, "chat")).as("released").isNull();
      var s = get("chat").getStatus();
      assertThat(s.getPhase()).isEqualTo(Phase.Suspended);
      assertThat(condition(s, "Ready").getReason()).isEqualTo("AccountOverdue");
    });
    assertThat(get("chat")).as("the ModelDeployment is kept").isNotNull();

    edit(BillingAccount.class, "team", a -> { a.getSpec().setBalance("2000.00"); return a; });
    await().atMost(Duration.ofSeconds(20)).until(() -> kubelet.deployment(ns, "chat") != null);
    kubelet.rollout(ns, "chat", 1, 0);
    awaitPhase("chat", Phase.Restoring);
    kubelet.rollout(ns, "chat", 1, 1);
    ModelDeploymentStatus restored = awaitPhase("chat", Phase.Running);
    assertThat(condition(restored, "AccountOverdue").getStatus()).isEqualTo("False");
    assertThat(account().getStatus().getOverdueSince()).isNull();
  }

  @Test
  void betweenTimedTransitionsOnlyTheBoundedAccrualWrites() throws InterruptedException {
    var mock = runningChatWithTheClockStanding(true);

    // 35 minutes later: one accrual write settles them all (35 x 21 / 60 = 12.25), and the account follows.
    clock.moveTo("2026-11-20T10:35:00+08:00");
    await().atMost(Duration.ofSeconds(10)).until(() -> "12.25".equals(get("chat").getStatus().getCost().getAccrued()));
    await().atMost(Duration.ofSeconds(10)).until(() -> "87.75".equals(account().getStatus().getRemaining()));
    assertThat(Quiet.writesDuring(Duration.ofSeconds(1), () -> operatorWrites(mock))).containsExactly(
        "PATCH /apis/modeldeploy.io/v1alpha1/namespaces/" + ns + "/modeldeployments/chat/status",
        "PATCH /apis/modeldeploy.io/v1alpha1/namespaces/" + ns + "/billingaccounts/team/status?fieldManager=billingaccount&force=true");
  }

  @Test
  void withoutAnAccountTimePassingWritesNothing() throws InterruptedException {
    var mock = runningChatWithTheClockStanding(false);

    // Nothing is enforced without an account, so accrual is not refreshed on a timer; the gauge has it.
    clock.moveTo("2026-11-20T12:35:00+08:00");
    assertThat(Quiet.writesDuring(Duration.ofSeconds(2), () -> operatorWrites(mock))).isEmpty();
    assertThat(get("chat").getStatus().getCost().getAccrued()).isEqualTo("0.00");
    assertThat(registry.find("modeldeploy.cost.accrued").tag("namespace", ns).tag("name", "chat").gauge().value()).isEqualTo(54.25);
  }

  /** A Running chat deployment, with the operator waking every 200 ms while the clock stands: it writes nothing. */
  private io.fabric8.kubernetes.client.server.mock.KubernetesMockServer runningChatWithTheClockStanding(boolean withAccount)
      throws InterruptedException {
    Kubelet kubelet = new Kubelet(client);
    clock.moveTo("2026-11-20T10:00:00+08:00");
    if (withAccount) createAccount();
    create(CHAT);
    awaitPhase("chat", Phase.Pending);
    kubelet.rollout(ns, "chat", 1, 1);
    awaitPhase("chat", Phase.Running);
    var mock = server.getKubernetesMockServer();
    await().atMost(Duration.ofSeconds(10)).until(() -> operatorWrites(mock).isEmpty());
    assertThat(Quiet.writesDuring(Duration.ofSeconds(2), () -> operatorWrites(mock))).isEmpty();
    return mock;
  }

  @Test
  void withoutAnAccountBudgetsAreNotEnforcedAndStatusSaysSo() {
    create(CHAT);
    var s = awaitPhase("chat", Phase.Pending);
    assertThat(condition(s, "AccountOverdue").getStatus()).isEqualTo("False");
    assertThat(condition(s, "AccountOverdue").getReason()).isEqualTo("NoBillingAccount");
    assertThat(condition(s, "Stalled").getStatus()).isEqualTo("False");
  }

  /**
   * Regression: spent was the sum over existing deployments, so deleting one refunded it and cleared
   * overdueSince. Also: the account exists (and has settled) before the deployment is created, and a
   * deleted account takes its gauge with it.
   */
  @Test
  void deletingAndRecreatingUnderAnOverdueAccountRefundsNothing() {
    Kubelet kubelet = new Kubelet(client);
    clock.moveTo("2026-11-20T10:00:00+08:00");
    createAccount();
    await().atMost(Duration.ofSeconds(10)).until(() -> account().getStatus() != null);
    create(CHAT);
    awaitPhase("chat", Phase.Pending);
    kubelet.rollout(ns, "chat", 1, 1);
    assertThat(condition(awaitPhase("chat", Phase.Running), "AccountOverdue").getReason()).isEqualTo("WithinBudget");

    // 5 h at 21 CNY/h = 105.00: overdue.
    clock.moveTo("2026-11-20T15:00:30+08:00");
    await().atMost(Duration.ofSeconds(20)).until(() -> "105.00".equals(account().getStatus().getSpent()));
    String overdueSince = account().getStatus().getOverdueSince();
    assertThat(overdueSince).isNotNull();

    client.resource(get("chat")).delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> get("chat") == null);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(account().getStatus().getDraws()).isEmpty());
    assertThat(account().getStatus().getSpent()).isEqualTo("105.00");
    assertThat(account().getStatus().getSettled()).isEqualTo("105.00");
    assertThat(account().getStatus().getOverdueSince()).as("deleting refunds nothing").isEqualTo(overdueSince);

    create(CHAT);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(condition(get("chat").getStatus(), "AccountOverdue").getReason()).isEqualTo("RetentionPeriod"));
    assertThat(account().getStatus().getSpent()).isEqualTo("105.00");

    edit(BillingAccount.class, "team", a -> { a.getSpec().setBalance("500.00"); return a; });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(account().getStatus().getOverdueSince()).isNull();
      assertThat(account().getStatus().getRemaining()).isEqualTo("395.00");
    });

    client.resource(account()).delete();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(registry.find("modeldeploy.account.remaining").tag("namespace", ns).tag("name", "team").gauge()).isNull());
  }
}
