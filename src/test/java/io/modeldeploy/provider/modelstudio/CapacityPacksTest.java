package io.modeldeploy.provider.modelstudio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.modeldeploy.api.CapacityPack;
import io.modeldeploy.api.CapacityPackStatus;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.Phase;
import io.modeldeploy.simulator.ModelStudioSimulator;
import io.modeldeploy.simulator.SimulatorResource;
import io.modeldeploy.testing.Kubelet;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Capacity packs bought, renewed and kept through the vendor's capacity-instance API (the simulator
 * over loopback): every write an operation followed to its end, nothing bought twice, and the
 * vendor's order when pay-as-you-go throughput is deleted.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = Kubelet.ApiServerSetup.class)
@QuarkusTestResource(value = SimulatorResource.class, restrictToAnnotatedClass = true)
class CapacityPacksTest extends io.modeldeploy.testing.OperatorTestBase {

  ModelStudioSimulator sim;

  static final String WITH_PACK = """
      apiVersion: modeldeploy.io/v1alpha1
      kind: ModelDeployment
      metadata: {name: ptu}
      spec:
        model: qwen3-max-2025-09-23
        provider: ModelStudio
        billing: {method: ProvisionedThroughput}
        provisionedThroughput:
          inputTPM: 50000
          outputTPM: 5000
          capacityPacks:
          - {name: launch-week, inputTPM: 20000, outputTPM: 2000, days: 7}
      """;

  @BeforeEach
  void setUp() {
    sim = SimulatorResource.simulator;
    client.resource(SimulatorResource.apiKeySecret()).createOr(r -> r.update());
  }

  /** Nothing of a test goes on into the next, whose request counts would take its writes for their own. */
  @org.junit.jupiter.api.AfterEach
  void deleteEverything() {
    client.resources(ModelDeployment.class).inNamespace(ns).delete();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(client.resources(ModelDeployment.class).inNamespace(ns).list().getItems()).isEmpty());
  }

  JsonNode remote() {
    return sim.deployments().stream().filter(d -> d.path("name").asText().equals(ns + "/ptu@test")).findFirst().orElseThrow();
  }

  CapacityPackStatus pack(String name) {
    assertThat(get("ptu").getStatus()).as("status").isNotNull();
    var packs = get("ptu").getStatus().getCapacityPacks();
    assertThat(packs).as("status.capacityPacks").isNotNull();
    return packs.stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no pack " + name + " in " + packs));
  }

  @Test
  void aPackIsBoughtOnceRenewedForAddedDaysAndKeptWhenRemoved() {
    int buys = sim.requests("buy");
    create(WITH_PACK);
    awaitPhase("ptu", Phase.Running);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      CapacityPackStatus pack = pack("launch-week");
      assertThat(pack.getOperationStatus()).isEqualTo("SUCCEEDED");
      assertThat(pack.getState()).isEqualTo("RUNNING");
      assertThat(pack.getEffectiveInputTPM()).isEqualTo(20000L);
      assertThat(pack.getEffectiveOutputTPM()).isEqualTo(2000L);
      assertThat(condition(get("ptu").getStatus(), "CapacityPacksReady").getStatus()).isEqualTo("True");
    });
    String modelCode = get("ptu").getStatus().getModelCode();
    JsonNode bought = sim.packs(modelCode).get(0);
    CapacityPackStatus pack = pack("launch-week");
    assertThat(pack.getInstanceId()).isEqualTo(bought.path("instance_id").asText());
    assertThat(pack.getExpiresAt()).isEqualTo(bought.path("gmt_expired").asText() + "+08:00");
    assertThat(pack.getOrderedDays()).isEqualTo(7);
    assertThat(bought.at("/configured_capacity/input_tpm").asLong()).as("kTPM").isEqualTo(20);
    assertThat(bought.at("/pre_paid_info/duration").asInt()).isEqualTo(7);
    assertThat(sim.requests("buy") - buys).as("one purchase, polled to its end, not repeated").isEqualTo(1);
    // The model code serves its own throughput and the pack's; the spec's own is not scaled for it.
    assertThat(remote().at("/ptu_capacity/input_tpm").asLong()).isEqualTo(70);
    var cost = get("ptu").getStatus().getCost();
    assertThat(cost.getHourly()).as("the deployment's own").isEqualTo("53.80");
    assertThat(cost.getCapacityPacks()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("launch-week");
      assertThat(p.getTermTotal()).isEqualTo("1807.68");
    });
    assertThat(cost.getTotal().getDaily()).isEqualTo("1549.44");

    int renewals = sim.requests("instance-renew");
    edit("ptu", md -> { md.getSpec().getProvisionedThroughput().getCapacityPacks().get(0).setDays(10); return md; });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(pack("launch-week").getOrderedDays()).isEqualTo(10);
      assertThat(sim.packs(modelCode).get(0).at("/pre_paid_info/duration").asInt()).isEqualTo(10);
      assertThat(pack("launch-week").getExpiresAt()).isEqualTo(sim.packs(modelCode).get(0).path("gmt_expired").asText() + "+08:00");
    });
    assertThat(sim.requests("instance-renew") - renewals).as("the 3 days added, bought once").isEqualTo(1);
    assertThat(get("ptu").getStatus().getCost().getCapacityPacks().get(0).getTermTotal()).isEqualTo("2582.40");

    edit("ptu", md -> { md.getSpec().getProvisionedThroughput().setCapacityPacks(new ArrayList<>()); return md; });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(pack("launch-week").getRemoved()).isTrue();
      assertThat(pack("launch-week").getMessage()).contains("cannot be ended early").contains(pack("launch-week").getExpiresAt());
      assertThat(get("ptu").getStatus().getCost().getCapacityPacks()).isNull();
    });
    assertThat(sim.packs(modelCode)).as("still serving, as bought").hasSize(1);

    // Its name cannot be reused while it serves: a pack of that name would be taken for it.
    edit("ptu", md -> {
      md.getSpec().getProvisionedThroughput().setCapacityPacks(List.of(pack("launch-week", 10000, 1000, 3)));
      return md;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(condition(get("ptu").getStatus(), "Accepted").getReason()).isEqualTo("PackNameInUse"));
    assertThat(sim.requests("buy") - buys).isEqualTo(1);

    // Deleted: the pay-as-you-go instance is released; the pack serves on, and the user is told so.
    client.resources(ModelDeployment.class).inNamespace(ns).withName("ptu").delete();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get("ptu")).isNull());
    assertThat(events("ptu")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("CapacityPacksNotRefundable");
      assertThat(e.getMessage()).contains("launch-week until").contains(modelCode);
    });
    assertThat(sim.deployment(modelCode)).as("kept by the vendor for the pack").isPresent();
    assertThat(sim.deployment(modelCode).get().at("/ptu_capacity/input_tpm").asLong()).as("the pack's alone").isEqualTo(20);
  }

  @Test
  void aFailedPurchaseIsShownAndTriedAgainOnlyForANewSpec() {
    int buys = sim.requests("buy");
    sim.failNextPackPurchase("BILLING_ACCOUNT_NOT_READY", "The account cannot buy prepaid instances.");
    create(WITH_PACK);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(pack("launch-week").getOperationStatus()).isEqualTo("FAILED");
      assertThat(pack("launch-week").getMessage()).contains("BILLING_ACCOUNT_NOT_READY: The account cannot buy prepaid instances.");
      assertThat(pack("launch-week").getInstanceId()).isNull();
      assertThat(condition(get("ptu").getStatus(), "CapacityPacksReady").getReason()).isEqualTo("PurchaseFailed");
      assertThat(condition(get("ptu").getStatus(), "CapacityPacksReady").getMessage())
          .startsWith("launch-week: CREATE operation").contains("BILLING_ACCOUNT_NOT_READY");
    });
    assertThat(get("ptu").getStatus().getPhase()).as("the deployment's own throughput serves").isEqualTo(Phase.Running);
    // Polled to its end, then left: the same order would fail the same way.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> sim.requests("buy") - buys == 1);

    edit("ptu", md -> { md.getSpec().getProvisionedThroughput().getCapacityPacks().get(0).setDays(8); return md; });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(pack("launch-week").getState()).isEqualTo("RUNNING");
      assertThat(pack("launch-week").getFailedAttempts()).isEqualTo(1);
    });
    assertThat(sim.requests("buy") - buys).isEqualTo(2);
    assertThat(sim.writesWithoutKey()).isEmpty();
    client.resources(ModelDeployment.class).inNamespace(ns).withName("ptu").delete();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get("ptu")).isNull());
  }

  @Test
  void payAsYouGoThroughputIsReleasedThenDeletedInTheVendorsOrder() {
    int releases = sim.requests("release");
    int deletes = sim.requests("delete");
    create(io.modeldeploy.testing.Manifests.qwen3MaxThroughput("ModelStudio"));
    awaitPhase("ptu", Phase.Running);
    String modelCode = get("ptu").getStatus().getModelCode();
    client.resources(ModelDeployment.class).inNamespace(ns).withName("ptu").delete();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(get("ptu")).isNull();
      assertThat(sim.deployment(modelCode)).isEmpty();
    });
    // The simulator refuses (409) a model code deleted before its instance is released and it is STOPPED.
    assertThat(sim.requests("release") - releases).isEqualTo(1);
    assertThat(sim.requests("delete") - deletes).isEqualTo(1);
  }

  /**
   * A pack bought in the console on a model code the operator made: the model code then has several
   * instances, so a change of the deployment's own throughput names its instance, and is compared
   * with that instance rather than the model code's sum.
   */
  @Test
  void aChangeNamesTheDeploymentsOwnInstanceWhenTheConsoleAddedAnother() {
    create(io.modeldeploy.testing.Manifests.qwen3MaxThroughput("ModelStudio"));
    String modelCode = awaitPhase("ptu", Phase.Running).getModelCode();
    sim.buyPackInConsole(modelCode, 10, 1, 7);
    edit("ptu", md -> { md.getSpec().getProvisionedThroughput().setInputTPM(80000L); return md; });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(remote().at("/ptu_capacity/input_tpm").asLong()).as("80 of its own and the console's 10").isEqualTo(90);
      assertThat(get("ptu").getStatus().getPhase()).isEqualTo(Phase.Running);
      assertThat(condition(get("ptu").getStatus(), "Accepted").getStatus()).isEqualTo("True");
    });
    assertThat(get("ptu").getStatus().getCapacityPacks()).as("not ours: not listed as a pack").isNull();
  }

  static CapacityPack pack(String name, long input, long output, int days) {
    CapacityPack pack = new CapacityPack();
    pack.setName(name);
    pack.setInputTPM(input);
    pack.setOutputTPM(output);
    pack.setDays(days);
    return pack;
  }
}
