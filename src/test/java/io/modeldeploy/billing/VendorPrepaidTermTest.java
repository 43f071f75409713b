package io.modeldeploy.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import com.fasterxml.jackson.databind.JsonNode;
import io.modeldeploy.simulator.SimulatorResource;
import io.modeldeploy.testing.OperatorTestBase;
import io.quarkus.test.common.QuarkusTestResource;
import io.modeldeploy.testing.Kubelet;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The seed's example: a 3-day provisioned-throughput term bought through the vendor's TPM
 * reservation API at 22:30, followed by the operator through grace, stop and release at the
 * instants the vendor gives (the seed's); a renewal through the API; a deletion that stops the
 * renewal and leaves the term to run out.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = Kubelet.ApiServerSetup.class)
@QuarkusTestResource(value = SimulatorResource.class, restrictToAnnotatedClass = true)
@TestProfile(PrepaidTermTest.FastTimers.class)
class VendorPrepaidTermTest extends OperatorTestBase {

  ModelDeploymentStatus awaitStage(String stage, Phase phase) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ModelDeploymentStatus s = get("ptu-3d").getStatus();
      assertThat(s).isNotNull();
      assertThat(s.getSubscription()).isNotNull();
      assertThat(s.getSubscription().getStage()).isEqualTo(stage);
      assertThat(s.getPhase()).isEqualTo(phase);
    });
    return get("ptu-3d").getStatus();
  }

  static final String PTU_3D = """
      apiVersion: modeldeploy.io/v1alpha1
      kind: ModelDeployment
      metadata: {name: ptu-3d}
      spec:
        model: deepseek-v3.2
        provider: ModelStudio
        billing: {method: ProvisionedThroughput, plan: Subscription, subscription: {periods: 3, autoRenew: %s}}
        provisionedThroughput: {inputTPM: 100000, outputTPM: 10000}
      """;

  void apiKey() {
    client.resource(SimulatorResource.apiKeySecret()).createOr(r -> r.update());
    SimulatorResource.simulator.purchaseClock(clock::instant);
  }

  /** What the vendor holds for this ModelDeployment (the display name carries namespace and name). */
  JsonNode bought() {
    return SimulatorResource.simulator.deployments().stream().filter(d -> d.path("name").asText().equals(ns + "/ptu-3d@test"))
        .findFirst().orElseThrow(() -> new AssertionError("the vendor has no deployment named " + ns + "/ptu-3d"));
  }

  /** The 3-day term applied at this instant (the vendor's clock is the test's), once it runs. */
  ModelDeploymentStatus orderedAt(String instant, boolean autoRenew) {
    apiKey();
    clock.moveTo(instant);
    create(PTU_3D.formatted(autoRenew));
    return awaitStage("Active", Phase.Running);
  }

  @Test
  void aThreeDayTermOrderedAt2230WalksThroughGraceStopAndRelease() {
    ModelDeploymentStatus active = orderedAt("2026-11-27T22:30:00+08:00", false);
    // Bought through the API, prepaid, in kTPM.
    assertThat(bought().path("charge_type").asText()).isEqualTo("pre_paid");
    assertThat(bought().path("pre_paid_info").path("duration").asInt()).isEqualTo(3);
    assertThat(bought().path("ptu_capacity").path("input_tpm").asLong()).isEqualTo(100);
    assertThat(bought().path("ptu_capacity").path("output_tpm").asLong()).isEqualTo(10);
    assertThat(active.getSubscription().getStartedAt()).isEqualTo("2026-11-27T22:30:00+08:00");
    assertThat(active.getSubscription().getExpiresAt()).as("the vendor's pre_paid_gmt_expired")
        .isEqualTo("2026-11-30T23:59:00+08:00");
    assertThat(active.getSubscription().getStopAt()).isEqualTo("2026-12-01T01:59:00+08:00");
    assertThat(active.getSubscription().getReleaseAt()).isEqualTo("2026-12-01T15:59:00+08:00");
    assertThat(active.getCost().getTermTotal()).isEqualTo("2980.80");

    clock.moveTo("2026-11-30T23:58:59+08:00");
    awaitStage("Active", Phase.Running);
    clock.moveTo("2026-11-30T23:59:00+08:00");
    ModelDeploymentStatus grace = awaitStage("GracePeriod", Phase.Running);
    assertThat(condition(grace, "SubscriptionExpired").getReason()).isEqualTo("InGracePeriod");

    clock.moveTo("2026-12-01T01:59:00+08:00");
    ModelDeploymentStatus stopped = awaitStage("ServiceStopped", Phase.ServiceSuspended);
    assertThat(condition(stopped, "Ready").getReason()).isEqualTo("ServiceStopped");

    clock.moveTo("2026-12-01T15:59:00+08:00");
    ModelDeploymentStatus released = awaitStage("Released", Phase.Suspended);
    assertThat(condition(released, "Ready").getReason()).isEqualTo("SubscriptionEnded");
    assertThat(condition(released, "SubscriptionExpired").getMessage()).contains("the vendor releases what was bought");
    // What was bought is the vendor's to release: the operator deletes nothing on its own clock.
    assertThat(bought()).isNotNull();
    assertThat(SimulatorResource.simulator.writesWithoutKey()).isEmpty();
  }

  @Test
  void raisingPeriodsRenewsThroughTheApiAndTheVendorsNewExpiryShows() {
    orderedAt("2026-11-27T22:30:00+08:00", false);
    int renewals = SimulatorResource.simulator.requests("renew");

    edit("ptu-3d", md -> {
      md.getSpec().getBilling().getSubscription().setPeriods(5);
      return md;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(get("ptu-3d").getStatus().getSubscription().getExpiresAt()).isEqualTo("2026-12-02T23:59:00+08:00"));
    assertThat(bought().path("pre_paid_info").path("duration").asInt()).as("3 days, renewed by 2").isEqualTo(5);
    // Settled: the renewal is not sent again.
    awaitStage("Active", Phase.Running);
    assertThat(SimulatorResource.simulator.requests("renew") - renewals).isEqualTo(1);
  }

  /**
   * An effective prepaid term is unsubscribed in the console, not deleted, and the API has no call
   * that only turns auto-renewal off: the deletion sends nothing, lets go at once, and says so.
   */
  @Test
  void deletingLeavesThePaidTermToRunOutAndSaysHowToStopItsRenewal() {
    orderedAt("2026-11-27T10:00:00+08:00", true);
    assertThat(bought().path("pre_paid_info").path("auto_renewal").asBoolean()).isTrue();
    assertThat(bought().path("pre_paid_info").path("auto_renewal_duration").asInt()).isEqualTo(3);
    int deletes = SimulatorResource.simulator.requests("delete");
    int renewals = SimulatorResource.simulator.requests("renew");

    client.resources(io.modeldeploy.api.ModelDeployment.class).inNamespace(ns).withName("ptu-3d").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> get("ptu-3d") == null);
    assertThat(SimulatorResource.simulator.requests("delete")).isEqualTo(deletes);
    assertThat(SimulatorResource.simulator.requests("renew")).isEqualTo(renewals);
    assertThat(bought().path("status").asText()).as("the vendor keeps serving the paid term").isEqualTo("RUNNING");
    assertThat(events("ptu-3d")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("TermNotRefundable");
      assertThat(e.getMessage()).contains("2026-11-29T23:59:00+08:00").contains("turn auto-renewal off")
          .contains("the vendor's console");
    });
  }
}
