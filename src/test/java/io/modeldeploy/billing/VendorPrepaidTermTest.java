package io.modeldeploy.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import io.modeldeploy.provider.modelstudio.CreateRequest;
import io.modeldeploy.provider.modelstudio.ModelStudioClient;
import io.modeldeploy.provider.modelstudio.RemoteDeployment;
import io.modeldeploy.simulator.SimulatorResource;
import io.modeldeploy.testing.OperatorTestBase;
import io.quarkus.test.common.QuarkusTestResource;
import io.modeldeploy.testing.Kubelet;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's example: a 3-day provisioned-throughput term bought (in the console) at 22:30, followed
 * by the operator through grace, stop and release at exactly the seed's instants.
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
        billing: {method: ProvisionedThroughput, plan: Subscription, subscription: {periods: 3}}
        provisionedThroughput: {inputTPM: 100000, outputTPM: 10000}
      """;

  void apiKey() {
    client.resource(new SecretBuilder().withNewMetadata().withName("modelstudio-api-key").withNamespace(SimulatorResource.SECRET_NAMESPACE)
        .endMetadata().withData(Map.of("api-key", Base64.getEncoder().encodeToString(SimulatorResource.API_KEY.getBytes())))
        .build()).createOr(r -> r.update());
    SimulatorResource.simulator.purchaseClock(clock::instant);
  }

  /** Bought in the vendor's console under the ModelDeployment's name, at the clock's time. */
  void buyInTheConsole(String suffix) {
    new ModelStudioClient(URI.create(SimulatorResource.simulator.baseUrl()), null, Duration.ofSeconds(2)).create(SimulatorResource.API_KEY,
        new CreateRequest("deepseek-v3.2", "ptu", null, null, null, null, null, null, null,
            new RemoteDeployment.PtuCapacity(100000L, 10000L, 0L), ns + "/ptu-3d", suffix));
  }

  boolean boughtOneIsThere() {
    return SimulatorResource.simulator.deployments().stream().anyMatch(d -> d.path("name").asText().equals(ns + "/ptu-3d"));
  }

  @Test
  void aThreeDayTermOrderedAt2230WalksThroughGraceStopAndRelease() {
    apiKey();
    clock.moveTo("2026-11-27T22:30:00+08:00");
    buyInTheConsole("console");
    create(PTU_3D);
    ModelDeploymentStatus active = awaitStage("Active", Phase.Running);
    assertThat(active.getSubscription().getExpiresAt()).isEqualTo("2026-11-30T23:59:00+08:00");
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
    assertThat(boughtOneIsThere()).isTrue();
    assertThat(get("ptu-3d")).isNotNull();
  }

  /**
   * Regression: the term started when the operator first looked, and what was bought three days later
   * was deleted three days early. It is dated from the vendor's purchase instead.
   */
  @Test
  void aTermBoughtDaysAfterTheResourceKeepsTheVendorsDates() {
    apiKey();
    clock.moveTo("2026-11-27T10:00:00+08:00");
    create(PTU_3D);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ModelDeploymentStatus s = get("ptu-3d").getStatus();
      assertThat(s).isNotNull();
      assertThat(s.getPhase()).isEqualTo(Phase.Pending);
      assertThat(condition(s, "Ready").getReason()).isEqualTo("AwaitingConsolePurchase");
      assertThat(s.getSubscription()).as("no term before it is bought").isNull();
    });

    clock.moveTo("2026-11-30T22:30:00+08:00");
    buyInTheConsole("late");
    ModelDeploymentStatus active = awaitStage("Active", Phase.Running);
    assertThat(active.getSubscription().getStartedAt()).isEqualTo("2026-11-30T22:30:00+08:00");
    assertThat(active.getSubscription().getExpiresAt()).as("3 days, ordered after 22:00").isEqualTo("2026-12-03T23:59:00+08:00");

    // Where a term dated from the resource's creation would have been released: still active, still bought.
    clock.moveTo("2026-12-01T15:59:00+08:00");
    awaitStage("Active", Phase.Running);
    assertThat(boughtOneIsThere()).isTrue();
  }
}
