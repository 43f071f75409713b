package io.modeldeploy.provider.modelstudio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import io.modeldeploy.simulator.ModelStudioSimulator;
import io.modeldeploy.simulator.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.modeldeploy.testing.Kubelet;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator driving the vendor simulator over loopback with the real HTTP client. */
@QuarkusTest
@WithKubernetesTestServer(setup = Kubelet.ApiServerSetup.class)
@QuarkusTestResource(value = SimulatorResource.class, restrictToAnnotatedClass = true)
class ModelStudioProviderTest extends io.modeldeploy.testing.OperatorTestBase {

  ModelStudioSimulator sim;
  @jakarta.inject.Inject io.micrometer.core.instrument.MeterRegistry registry;

  static final String MU = """
      apiVersion: modeldeploy.io/v1alpha1
      kind: ModelDeployment
      metadata: {name: vendor-chat}
      spec:
        model: qwen3-8b
        provider: ModelStudio
        billing: {method: ModelUnit}
        modelUnit: {type: MU1, count: 2}
        replicas: 2
        throttling: {rpm: 600}
      """;

  @BeforeEach
  void setUp() {
    sim = SimulatorResource.simulator;
    client.resource(SimulatorResource.apiKeySecret()).createOr(r -> r.update());
  }





  /** The simulator's deployments made for this test's ModelDeployment (by its display name). */
  List<JsonNode> remotes(String name) {
    return sim.deployments().stream().filter(d -> d.path("name").asText().equals(ns + "/" + name + "@test")).toList();
  }


  /** Each test leaves nothing behind, so the simulator's request counts belong to the next test alone. */
  @org.junit.jupiter.api.AfterEach
  void deleteEverything() {
    client.resources(ModelDeployment.class).inNamespace(ns).delete();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(client.resources(ModelDeployment.class).inNamespace(ns).list().getItems()).isEmpty();
      // What is prepaid (a throughput term, capacity packs) the vendor keeps until it expires.
      assertThat(sim.deployments().stream().filter(d -> d.path("name").asText().startsWith(ns + "/"))
          .filter(d -> !d.path("charge_type").asText().equals("pre_paid") && sim.packs(d.path("deployed_model").asText()).isEmpty())).isEmpty();
    });
  }

  @Test
  void createsScalesAndDeletesAModelUnitDeployment() {
    create(MU);
    ModelDeploymentStatus running = awaitPhase("vendor-chat", Phase.Running);
    JsonNode remote = remotes("vendor-chat").get(0);
    assertThat(remote.path("plan").asText()).isEqualTo("mu");
    assertThat(remote.path("model_unit_spec").asText()).isEqualTo("MU1");
    assertThat(remote.path("capacity").asInt()).as("2 replicas x MU1 x 2").isEqualTo(4);
    assertThat(remote.path("rpm_limit").asLong()).isEqualTo(600);
    assertThat(running.getModelCode()).isEqualTo(remote.path("deployed_model").asText()).startsWith("qwen3-8b-");
    assertThat(running.getEndpoint()).isEqualTo("https://dashscope.aliyuncs.com/compatible-mode/v1");
    assertThat(running.getReady()).isEqualTo("2/2");
    assertThat(running.getCost().getHourly()).isEqualTo("216.00");
    assertThat(condition(running, "ProviderReachable").getStatus()).isEqualTo("True");

    edit("vendor-chat", md -> { md.getSpec().setReplicas(3); return md; });
    awaitPhase("vendor-chat", Phase.Resizing);
    assertThat(awaitPhase("vendor-chat", Phase.Running).getReady()).isEqualTo("3/3");
    assertThat(remotes("vendor-chat")).singleElement().satisfies(d -> assertThat(d.path("capacity").asInt()).isEqualTo(6));

    client.resources(ModelDeployment.class).inNamespace(ns).withName("vendor-chat").delete();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(get("vendor-chat")).isNull();
      assertThat(remotes("vendor-chat")).isEmpty();
    });
  }

  /**
   * A change the vendor cannot make to a running deployment (unit type, inference mode, maximum
   * context; refused before rollouts existed) is a new revision: a second vendor deployment with its
   * own suffix takes every call once RUNNING (strategy Full), and only then is the old one deleted.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
      # field                 | vendor field       | new value
      spec.modelUnit         | model_unit_spec    | MU2
      spec.inferenceMode     | enable_thinking    | false
      spec.maxContextTokens  | max_context_length | 16384
      """)
  void aChangeTheVendorCannotApplyInPlaceIsRolledOutAsANewVendorDeployment(String field, String vendorField, String value) {
    create(MU.replace("throttling: {rpm: 600}", "throttling: {rpm: 600}\n  inferenceMode: Thinking\n  maxContextTokens: 32768"));
    String oldCode = awaitPhase("vendor-chat", Phase.Running).getModelCode();
    edit("vendor-chat", md -> {
      switch (field) {
        case "spec.modelUnit" -> md.getSpec().getModelUnit().setType("MU2");
        case "spec.inferenceMode" -> md.getSpec().setInferenceMode(io.modeldeploy.api.InferenceMode.Instruct);
        default -> md.getSpec().setMaxContextTokens(16384);
      }
      return md;
    });
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      ModelDeploymentStatus s = get("vendor-chat").getStatus();
      assertThat(s.getRollout().getPhase()).isEqualTo(io.modeldeploy.api.RolloutPhase.Completed);
      assertThat(s.getRollout().getRetiring()).as("the old vendor deployment deleted").isNull();
      assertThat(remotes("vendor-chat")).singleElement().satisfies(remote -> {
        assertThat(remote.path("deployed_model").asText()).isNotEqualTo(oldCode).isEqualTo(s.getModelCode());
        assertThat(remote.path(vendorField).asText()).isEqualTo(value);
        assertThat(remote.path("rpm_limit").asLong()).as("in-place settings carried").isEqualTo(600);
      });
      assertThat(s.getTraffic()).singleElement().satisfies(t -> {
        assertThat(t.getPercent()).isEqualTo(100);
        assertThat(t.getModelCode()).isEqualTo(s.getModelCode());
      });
      assertThat(condition(s, "Accepted").getStatus()).isEqualTo("True");
      assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
    });
  }

  /** A ModelDeployment deleted in the middle of a rollout takes both vendor deployments with it (both bill). */
  @Test
  void deletingMidRolloutDeletesTheNewRevisionsVendorDeploymentToo() {
    create(MU + "  rollout: {strategy: Canary, steps: [{weight: 50, pause: {}}, {weight: 100}]}\n");
    awaitPhase("vendor-chat", Phase.Running);
    edit("vendor-chat", md -> { md.getSpec().setMaxContextTokens(16384); return md; });
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(get("vendor-chat").getStatus().getRollout().getPhase()).isEqualTo(io.modeldeploy.api.RolloutPhase.Paused);
      assertThat(remotes("vendor-chat")).hasSize(2);
    });
    client.resources(ModelDeployment.class).inNamespace(ns).withName("vendor-chat").delete();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(get("vendor-chat")).isNull();
      assertThat(remotes("vendor-chat")).isEmpty();
    });
  }

  /** A canary on the vendor runs as its own vendor deployment at its share of the units; an abort deletes it (it bills). */
  @Test
  void anAbortedCanaryVendorDeploymentIsDeleted() {
    create(MU + "  rollout: {strategy: Canary, steps: [{weight: 50, pause: {}}, {weight: 100}]}\n");
    String stableCode = awaitPhase("vendor-chat", Phase.Running).getModelCode();
    edit("vendor-chat", md -> { md.getSpec().setMaxContextTokens(16384); return md; });
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      ModelDeploymentStatus s = get("vendor-chat").getStatus();
      assertThat(s.getRollout().getPhase()).isEqualTo(io.modeldeploy.api.RolloutPhase.Paused);
      assertThat(s.getTraffic()).extracting(t -> t.getRole() + "=" + t.getPercent()).containsExactly("stable=50", "canary=50");
      assertThat(s.getCost().getRolloutHourly()).as("2 replicas (216.00) beside the new revision's 1 (108.00)").isEqualTo("324.00");
      assertThat(remotes("vendor-chat")).hasSize(2).anySatisfy(canary -> {
        assertThat(canary.path("deployed_model").asText()).isEqualTo(s.getRollout().getCanary().getModelCode());
        assertThat(canary.path("capacity").asInt()).as("1 of 2 replicas x MU1 x 2").isEqualTo(2);
      });
    });
    edit("vendor-chat", md -> {
      md.getMetadata().setAnnotations(java.util.Map.of(io.modeldeploy.rollout.RolloutAction.ANNOTATION, "abort"));
      return md;
    });
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      ModelDeployment md = get("vendor-chat");
      assertThat(md.getStatus().getRollout().getPhase()).isEqualTo(io.modeldeploy.api.RolloutPhase.Aborted);
      assertThat(condition(md.getStatus(), "RolloutAborted").getReason()).isEqualTo("AbortedByUser");
      assertThat(md.getMetadata().getAnnotations()).doesNotContainKey(io.modeldeploy.rollout.RolloutAction.ANNOTATION);
      assertThat(remotes("vendor-chat")).singleElement()
          .satisfies(remote -> assertThat(remote.path("deployed_model").asText()).isEqualTo(stableCode));
      assertThat(md.getStatus().getTraffic()).singleElement().satisfies(t -> assertThat(t.getPercent()).isEqualTo(100));
    });
  }

  /** ... and a spec edited after the failure converges again; the failed one is not sent again. */
  @Test
  void aScaleTheVendorCannotDoIsResizeFailedAndKeepsServingUntilANewSpecConverges() {
    create(MU);
    awaitPhase("vendor-chat", Phase.Running);
    int scalesBefore = sim.requests("scale");
    sim.failNextUpdate("insufficient MU1 capacity in cn-beijing");
    edit("vendor-chat", md -> { md.getSpec().setReplicas(4); return md; });
    ModelDeploymentStatus failed = awaitPhase("vendor-chat", Phase.ResizeFailed);
    assertThat(condition(failed, "Stalled").getReason()).isEqualTo("VendorUpdateFailed");
    assertThat(condition(failed, "Stalled").getMessage()).contains("insufficient MU1 capacity in cn-beijing");
    assertThat(condition(failed, "Ready").getStatus()).isEqualTo("True");

    edit("vendor-chat", md -> { md.getSpec().setReplicas(3); return md; });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ModelDeploymentStatus s = get("vendor-chat").getStatus();
      assertThat(s.getPhase()).isEqualTo(Phase.Running);
      assertThat(s.getReady()).isEqualTo("3/3");
      assertThat(condition(s, "Stalled").getStatus()).isEqualTo("False");
    });
    assertThat(sim.requests("scale") - scalesBefore).as("the failed scale, then the new one").isEqualTo(2);
  }

  @Test
  void aFirstDeploymentTheVendorFailsIsDeploymentFailed() {
    sim.failNextDeployment("no GPU capacity for the template");
    create(MU);
    ModelDeploymentStatus failed = awaitPhase("vendor-chat", Phase.DeploymentFailed);
    assertThat(condition(failed, "Stalled").getReason()).isEqualTo("VendorDeploymentFailed");
    assertThat(condition(failed, "Ready").getMessage()).contains("no GPU capacity for the template");
  }

  @Test
  void aThrottlingStormEndsInExactlyOneDeploymentWithBackoff() {
    int createsBefore = sim.requests("create");
    int requestsBefore = sim.requestCounts().values().stream().mapToInt(Integer::intValue).sum();
    sim.throttleNext(8);
    create(MU);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ModelDeploymentStatus s = get("vendor-chat").getStatus();
      assertThat(s).isNotNull();
      assertThat(condition(s, "ProviderReachable").getReason()).isEqualTo("VendorThrottling");
    });
    awaitPhase("vendor-chat", Phase.Running);
    assertThat(remotes("vendor-chat")).hasSize(1);
    assertThat(sim.requests("create") - createsBefore).isEqualTo(1);
    // 8 throttled answers, then list, create and a handful of polls: no retry storm.
    int requests = sim.requestCounts().values().stream().mapToInt(Integer::intValue).sum() - requestsBefore;
    assertThat(requests).isLessThan(30);
    assertThat(events("vendor-chat")).extracting(Event::getReason).contains("VendorThrottling");
  }

  @Test
  void aCreateWhoseAnswerWasLostIsAdoptedNotRepeated() {
    int createsBefore = sim.requests("create");
    sim.loseNextCreateAnswer();
    create(MU);
    awaitPhase("vendor-chat", Phase.Running);
    assertThat(remotes("vendor-chat")).hasSize(1);
    assertThat(sim.requests("create") - createsBefore).isEqualTo(1);
  }

  /**
   * The vendor carried out a scale whose answer was lost: the operator looks before asking again,
   * finds the change taken (the instance's target), and does not ask twice; the phase says Resizing
   * until the vendor confirms it, then Running.
   */
  @Test
  void aScaleWhoseAnswerWasLostIsLookedUpNotAskedAgain() {
    create(PTU);
    awaitPhase("ptu", Phase.Running);
    int scalesBefore = sim.requests("scale");
    sim.loseNextScaleAnswer();
    edit("ptu", md -> { md.getSpec().getProvisionedThroughput().setInputTPM(80000L); return md; });
    // Until the vendor confirms it, the change is in progress, not applied.
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ModelDeploymentStatus s = get("ptu").getStatus();
      assertThat(s.getPhase()).isEqualTo(Phase.Resizing);
      assertThat(condition(s, "Ready").getMessage()).contains("the vendor serves input_tpm 50, output_tpm 5 until it confirms the change");
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(remotes("ptu")).singleElement().satisfies(d -> assertThat(d.at("/ptu_capacity/input_tpm").asLong()).isEqualTo(80)));
    awaitPhase("ptu", Phase.Running);
    assertThat(sim.requests("scale") - scalesBefore).as("asked once").isEqualTo(1);
    assertThat(sim.writesWithoutKey()).isEmpty();
  }

  /**
   * HTTP 200 is not success: a throughput change whose operation ends FAILED is ResizeFailed with the
   * vendor's words, the old throughput serving; it is not asked again for the same spec, and a new spec converges.
   */
  @Test
  void aThroughputChangeWhoseOperationFailsIsShownAndNotRepeated() {
    create(PTU);
    awaitPhase("ptu", Phase.Running);
    sim.failNextUpdate("quota exhausted in this region");
    int scales = sim.requests("scale");
    edit("ptu", md -> { md.getSpec().getProvisionedThroughput().setInputTPM(80000L); return md; });
    ModelDeploymentStatus failed = awaitPhase("ptu", Phase.ResizeFailed);
    assertThat(condition(failed, "Stalled").getReason()).isEqualTo("VendorOperationFailed");
    assertThat(condition(failed, "Stalled").getMessage()).contains("SCALE operation").contains("SCALE_FAILED: quota exhausted in this region")
        .contains("input_tpm 50");
    assertThat(failed.getVendorOperation().getStatus()).isEqualTo("FAILED");
    assertThat(remotes("ptu")).singleElement().satisfies(d -> assertThat(d.at("/ptu_capacity/input_tpm").asLong()).isEqualTo(50));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> sim.requests("scale") - scales == 1);

    edit("ptu", md -> { md.getSpec().getProvisionedThroughput().setInputTPM(60000L); return md; });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(get("ptu").getStatus().getPhase()).isEqualTo(Phase.Running);
      assertThat(get("ptu").getStatus().getObservedGeneration()).isEqualTo(get("ptu").getMetadata().getGeneration());
      assertThat(remotes("ptu")).singleElement().satisfies(d -> assertThat(d.at("/ptu_capacity/input_tpm").asLong()).isEqualTo(60));
    });
    assertThat(get("ptu").getStatus().getVendorOperation().getStatus()).isEqualTo("SUCCEEDED");
  }

  /** Not guessed at: the phase stays, and the vendor's own word is shown until it says something known. */
  @Test
  void anUndocumentedVendorStatusIsShownAsItselfAndThePhaseKept() {
    create(MU);
    String id = awaitPhase("vendor-chat", Phase.Running).getModelCode();
    sim.reportStatus(id, "MIGRATING_ZONE");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ModelDeploymentStatus s = get("vendor-chat").getStatus();
      assertThat(condition(s, "VendorStatusKnown").getStatus()).isEqualTo("False");
      assertThat(condition(s, "VendorStatusKnown").getReason()).isEqualTo("UnknownVendorStatus");
      assertThat(condition(s, "VendorStatusKnown").getMessage()).contains("the vendor reports MIGRATING_ZONE for " + id);
      assertThat(s.getPhase()).isEqualTo(Phase.Running);
    });
    sim.reportStatus(id, "RUNNING");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(condition(get("vendor-chat").getStatus(), "VendorStatusKnown").getStatus()).isEqualTo("True"));
  }

  @Test
  void aDeploymentDeletedBehindItsBackIsRecreatedOnce() {
    create(MU);
    String first = awaitPhase("vendor-chat", Phase.Running).getModelCode();
    sim.deleteBehindTheOperatorsBack(first);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ModelDeploymentStatus s = get("vendor-chat").getStatus();
      assertThat(condition(s, "RemoteRecreated").getStatus()).isEqualTo("True");
      assertThat(s.getPhase()).isEqualTo(Phase.Running);
    });
    // Under another suffix: the vendor may keep a used one reserved.
    assertThat(get("vendor-chat").getStatus().getModelCode()).isNotEqualTo(first);
    assertThat(remotes("vendor-chat")).hasSize(1);
    assertThat(events("vendor-chat")).extracting(Event::getReason).contains("DeletedOutOfBand");

    sim.deleteBehindTheOperatorsBack(get("vendor-chat").getStatus().getModelCode());
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(condition(get("vendor-chat").getStatus(), "Stalled").getReason()).isEqualTo("DeletedOutOfBand"));
    assertThat(remotes("vendor-chat")).isEmpty();
    // And it stays given up through later passes (the vendor is polled every second here).
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).untilAsserted(() -> {
      assertThat(remotes("vendor-chat")).isEmpty();
      assertThat(condition(get("vendor-chat").getStatus(), "Stalled").getReason()).isEqualTo("DeletedOutOfBand");
    });
  }

  @Test
  void anOverdueAccountSuspendsAndASettledOneRestores() {
    create(MU);
    String id = awaitPhase("vendor-chat", Phase.Running).getModelCode();
    sim.arrearsDown(id);
    ModelDeploymentStatus suspended = awaitPhase("vendor-chat", Phase.Suspended);
    assertThat(condition(suspended, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(suspended, "Ready").getReason()).isEqualTo("AccountOverdue");
    sim.arrearsRecover(id, Duration.ofSeconds(3));
    awaitPhase("vendor-chat", Phase.Restoring);
    awaitPhase("vendor-chat", Phase.Running);
    assertThat(events("vendor-chat")).extracting(Event::getReason).contains("Suspended", "Restoring", "Running");
  }

  @Test
  void theVendorsOwnRefusalOfADeploymentPrivilegeIsNoDeploymentPrivilege() {
    sim.deny("qwen3-4b");
    create(MU.replace("qwen3-8b", "qwen3-4b"));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ModelDeploymentStatus s = get("vendor-chat").getStatus();
      assertThat(condition(s, "Stalled").getStatus()).isEqualTo("True");
      assertThat(condition(s, "Stalled").getReason()).isEqualTo("NoDeploymentPrivilege");
      assertThat(condition(s, "Accepted").getMessage()).contains("does not have deployment privilege for model qwen3-4b");
    });
  }

  /**
   * Never a loop: once every kind of deployment is settled (model units, PD-separated, throughput
   * pay-as-you-go with a capacity pack, prepaid throughput, tokens), resyncs read and write nothing,
   * whatever shape the vendor answers in (kTPM, PD capacities, no capacity for throughput).
   */
  @Test
  void settledDeploymentsOfEveryKindCostNoWrites() throws Exception {
    for (Path example : List.of(Path.of("examples/modelunit-pd-separated.yaml"), Path.of("examples/ptu-payg.yaml"),
        Path.of("examples/ptu-subscription.yaml"), Path.of("examples/tokens-payg.yaml")))
      create(Files.readString(example));
    create(MU);
    for (String name : List.of("glm5-pd", "qwen3-max-ptu", "deepseek-ptu-3d", "qwen3-8b-lora-eval", "vendor-chat"))
      awaitPhase(name, Phase.Running);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(condition(get("qwen3-max-ptu").getStatus(), "CapacityPacksReady").getStatus()).isEqualTo("True"));
    List<String> writes = List.of("create", "scale", "renew", "update", "buy", "instance-renew", "release", "delete");
    Map<String, Integer> before = sim.requestCounts();
    // Resync is 1 s here: three of them.
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> {
      Map<String, Integer> now = sim.requestCounts();
      return writes.stream().allMatch(w -> now.getOrDefault(w, 0).equals(before.getOrDefault(w, 0)));
    });
    assertThat(sim.requestCounts().get("get")).as("it does look").isGreaterThan(before.getOrDefault("get", 0));
  }

  /** Overflow Reject is the vendor's disable, sent once; back to PayAsYouGo is enable. */
  @Test
  void theOverflowStrategyIsSetOnTheVendor() {
    create(PTU.replace("provisionedThroughput: {inputTPM: 50000, outputTPM: 5000}",
        "provisionedThroughput: {inputTPM: 50000, outputTPM: 5000, overflow: Reject}"));
    awaitPhase("ptu", Phase.Running);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(remotes("ptu")).singleElement().satisfies(d -> assertThat(d.path("overflow_strategy").asText()).isEqualTo("disable")));
    int updates = sim.requests("update");
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> sim.requests("update") == updates);
    edit("ptu", md -> { md.getSpec().getProvisionedThroughput().setOverflow(io.modeldeploy.api.Overflow.PayAsYouGo); return md; });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(remotes("ptu")).singleElement().satisfies(d -> assertThat(d.path("overflow_strategy").asText()).isEqualTo("enable")));
  }

  /** A model the workspace is not offered is refused before anything is bought, with what the vendor does offer. */
  @Test
  void aModelTheWorkspaceIsNotOfferedIsRefusedBeforeAnyCreate() {
    sim.notOffered("qwen3-1.7b");
    int creates = sim.requests("create");
    create(MU.replace("qwen3-8b", "qwen3-1.7b"));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ModelDeploymentStatus s = get("vendor-chat").getStatus();
      assertThat(condition(s, "Accepted").getReason()).isEqualTo("NotDeployableOnVendor");
      assertThat(condition(s, "Accepted").getMessage()).contains("does not offer mu MU1 of qwen3-1.7b")
          .contains("lists nothing of qwen3-1.7b");
      assertThat(s.getPhase()).isEqualTo(Phase.Pending);
    });
    assertThat(sim.requests("create")).isEqualTo(creates);
    // What the catalog has and the vendor no longer offers: qwen3-1.7b's templates, at least.
    assertThat(registry.find("modeldeploy.vendor.offer.differences").tag("side", "catalog_only").gauge().value()).isGreaterThanOrEqualTo(1);
  }

  static final String PTU = io.modeldeploy.testing.Manifests.qwen3MaxThroughput("ModelStudio");

  @Test
  void provisionedThroughputAndTokenDeploymentsUseTheirPlans() {
    create(PTU);
    create("""
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: lora}
        spec:
          model: qwen3-8b-ft-eval
          baseModel: qwen3-8b
          provider: ModelStudio
          billing: {method: TokenUsage}
        """);
    // by the hour: 5 x 7.68 + 5 x 3.08 = 53.80; x 24 = 1,291.20
    assertThat(awaitPhase("ptu", Phase.Running).getCost().getDaily()).isEqualTo("1291.20");
    awaitPhase("lora", Phase.Running);
    assertThat(remotes("ptu").get(0).path("plan").asText()).isEqualTo("ptu");
    // The TPM reservation API: charge type required, capacity in kTPM.
    assertThat(remotes("ptu").get(0).path("charge_type").asText()).isEqualTo("post_paid");
    assertThat(remotes("ptu").get(0).at("/ptu_capacity/input_tpm").asLong()).isEqualTo(50);
    assertThat(remotes("ptu").get(0).at("/ptu_capacity/output_tpm").asLong()).isEqualTo(5);
    assertThat(remotes("lora").get(0).path("plan").asText()).isEqualTo("lora");
  }

  @Test
  void aPrepaidSubscriptionWaitsForItsConsolePurchase() {
    ModelDeploymentStatus s;
    create(MU.replace("billing: {method: ModelUnit}", "billing: {method: ModelUnit, plan: Subscription, subscription: {periods: 1}}"));
    s = awaitPhase("vendor-chat", Phase.Pending);
    assertThat(condition(s, "Ready").getReason()).isEqualTo("AwaitingConsolePurchase");
    assertThat(s.getSubscription()).as("the term is dated from the purchase: none yet").isNull();
    assertThat(remotes("vendor-chat")).isEmpty();
  }


  /** Prepaid deployments waiting for their console purchase share one workspace listing per resync (1 s here). */
  @Test
  void waitingSubscriptionsShareOneWorkspaceListing() {
    String prepaid = MU.replace("billing: {method: ModelUnit}", "billing: {method: ModelUnit, plan: Subscription, subscription: {periods: 1}}");
    for (String name : List.of("sub-a", "sub-b", "sub-c")) create(prepaid.replace("name: vendor-chat", "name: " + name));
    for (String name : List.of("sub-a", "sub-b", "sub-c")) awaitPhase(name, Phase.Pending);
    int listsBefore = sim.requests("list");
    long started = System.nanoTime();
    await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> true);
    double seconds = (System.nanoTime() - started) / 1e9;
    // Three deployments resyncing every second each would list three times a second.
    assertThat(sim.requests("list") - listsBefore).as("lists in %.1f s", seconds).isLessThanOrEqualTo((int) Math.ceil(seconds) + 1);
  }
}
