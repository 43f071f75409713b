package io.modeldeploy.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import io.modeldeploy.testing.Kubelet;
import io.modeldeploy.testing.OperatorTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A monthly model-unit subscription on the cluster back end, walked through its term by moving the
 * operator's clock: grace, stop, renewal (Restoring), release, renewal after release (Deploying).
 */
@QuarkusTest
@WithKubernetesTestServer(setup = Kubelet.ApiServerSetup.class)
@TestProfile(PrepaidTermTest.FastTimers.class)
class PrepaidTermTest extends OperatorTestBase {

  /** The operator wakes at least this often, so a clock moved by the test is noticed at once. */
  public static class FastTimers implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() { return Map.of("modeldeploy.billing.max-timer-delay", "200ms"); }
  }

  @KubernetesTestServer KubernetesServer server;

  static final String RESERVED = """
      apiVersion: modeldeploy.io/v1alpha1
      kind: ModelDeployment
      metadata: {name: reserved}
      spec:
        model: qwen3-8b
        provider: Kubernetes
        billing: {method: ModelUnit, plan: Subscription, subscription: {periods: 1}}
        modelUnit: {type: MU5, count: 1}
        replicas: 1
      """;

  ModelDeploymentStatus awaitStage(String stage) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(get("reserved").getStatus().getSubscription().getStage()).isEqualTo(stage));
    return get("reserved").getStatus();
  }

  @Test
  void deletingInTheFirstMonthRecordsTheCancellationCharge() {
    clock.moveTo("2026-11-15T10:00:00+08:00");
    create(RESERVED);
    awaitPhase("reserved", Phase.Pending);
    clock.moveTo("2026-11-18T09:00:00+08:00");
    client.resources(io.modeldeploy.api.ModelDeployment.class).inNamespace(ns).withName("reserved").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> get("reserved") == null);
    // 3 started days x 1.2 x 10,139 / 30
    assertThat(events("reserved")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("EarlyCancellationCharge");
      assertThat(e.getMessage()).isEqualTo("cancelled within the first month: 3 used days x 1.2 x 10139.00 / 30 = 1216.68 CNY");
    });
  }

  @Test
  void aMonthlyTermExpiresStopsIsReleasedAndIsRenewed() {
    Kubelet kubelet = new Kubelet(client);
    clock.moveTo("2026-11-15T10:00:00+08:00");
    create(RESERVED);
    awaitPhase("reserved", Phase.Pending);
    kubelet.rollout(ns, "reserved", 1, 1);
    ModelDeploymentStatus running = awaitPhase("reserved", Phase.Running);
    // Ordered Nov 15 10:00 for one month: expires Dec 14 23:59, stops Dec 15 01:59, released Dec 15 15:59.
    assertThat(running.getSubscription().getStartedAt()).isEqualTo("2026-11-15T10:00:00+08:00");
    assertThat(running.getSubscription().getExpiresAt()).isEqualTo("2026-12-14T23:59:00+08:00");
    assertThat(running.getSubscription().getNextTransition()).isEqualTo("GracePeriod");
    assertThat(running.getCost().getTermTotal()).isEqualTo("10139.00");
    assertThat(condition(running, "SubscriptionExpired").getStatus()).isEqualTo("False");

    clock.moveTo("2026-12-15T00:30:00+08:00");
    ModelDeploymentStatus grace = awaitStage("GracePeriod");
    assertThat(grace.getPhase()).isEqualTo(Phase.Running);
    assertThat(condition(grace, "SubscriptionExpired").getStatus()).isEqualTo("True");
    assertThat(condition(grace, "SubscriptionExpired").getReason()).isEqualTo("InGracePeriod");
    assertThat(grace.getSubscription().getNextTransitionAt()).isEqualTo("2026-12-15T01:59:00+08:00");

    clock.moveTo("2026-12-15T02:00:00+08:00");
    ModelDeploymentStatus stopped = awaitStage("ServiceStopped");
    await().atMost(Duration.ofSeconds(20)).until(() -> kubelet.deployment(ns, "reserved").getSpec().getReplicas() == 0);
    assertThat(awaitPhase("reserved", Phase.ServiceSuspended).getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getReason()).isEqualTo("ServiceStopped");
    });
    assertThat(client.services().inNamespace(ns).withName("reserved").get()).as("configuration kept").isNotNull();
    assertThat(stopped.getSubscription().getNextTransition()).isEqualTo("Released");

    // Renewed while stopped: the term runs on from Dec 14; the service comes back through Restoring.
    edit("reserved", md -> { md.getSpec().getBilling().getSubscription().setPeriods(2); return md; });
    await().atMost(Duration.ofSeconds(20)).until(() -> kubelet.deployment(ns, "reserved").getSpec().getReplicas() == 1);
    kubelet.rollout(ns, "reserved", 1, 0);
    ModelDeploymentStatus restoring = awaitPhase("reserved", Phase.Restoring);
    assertThat(restoring.getSubscription().getExpiresAt()).isEqualTo("2027-01-14T23:59:00+08:00");
    kubelet.rollout(ns, "reserved", 1, 1);
    awaitPhase("reserved", Phase.Running);

    clock.moveTo("2027-01-15T16:00:00+08:00");
    ModelDeploymentStatus released = awaitStage("Released");
    await().atMost(Duration.ofSeconds(20)).until(() -> kubelet.deployment(ns, "reserved") == null);
    assertThat(get("reserved")).as("the ModelDeployment is kept").isNotNull();
    assertThat(awaitPhase("reserved", Phase.Suspended).getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getReason()).isEqualTo("SubscriptionEnded");
      assertThat(c.getMessage()).contains("workloads were released at 2027-01-15T15:59:00+08:00");
    });
    assertThat(released.getSubscription().getNextTransition()).isNull();

    // Renewed after release: counted from the term's end, far enough to reach now; deployed anew.
    edit("reserved", md -> { md.getSpec().getBilling().getSubscription().setPeriods(4); return md; });
    await().atMost(Duration.ofSeconds(20)).until(() -> kubelet.deployment(ns, "reserved") != null);
    kubelet.rollout(ns, "reserved", 1, 0);
    awaitPhase("reserved", Phase.Deploying);
    kubelet.rollout(ns, "reserved", 1, 1);
    assertThat(awaitPhase("reserved", Phase.Running).getSubscription().getExpiresAt()).isEqualTo("2027-03-14T23:59:00+08:00");
    assertThat(events("reserved")).extracting(Event::getReason)
        .contains("InGracePeriod", "ServiceSuspended", "Restoring", "Suspended", "Deploying");
  }
}
