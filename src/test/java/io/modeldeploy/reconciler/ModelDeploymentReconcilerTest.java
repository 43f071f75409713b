package io.modeldeploy.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import io.modeldeploy.provider.LeanCache;
import io.modeldeploy.testing.Manifests;
import io.modeldeploy.testing.Kubelet;
import io.modeldeploy.testing.Quiet;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.javaoperatorsdk.operator.Operator;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator against the mock API server, asserting the status a user would see. */
@QuarkusTest
@WithKubernetesTestServer(setup = Kubelet.ApiServerSetup.class)
class ModelDeploymentReconcilerTest extends io.modeldeploy.testing.OperatorTestBase {

  @KubernetesTestServer KubernetesServer server;
  @Inject Operator operator;

  Kubelet kubelet;

  @BeforeEach
  void setUp() {
    kubelet = new Kubelet(client);
  }

  static final String QWEN3_8B = Manifests.qwen3Chat("chat", "Kubernetes", "MU1", 2, 2);

  static void assertCondition(ModelDeploymentStatus status, String type, String value, String reason) {
    Condition c = condition(status, type);
    assertThat(c.getStatus()).as(type + " status").isEqualTo(value);
    assertThat(c.getReason()).as(type + " reason").isEqualTo(reason);
  }

  /** The usual start: qwen3-8b on 2 replicas, created and rolled out by the kubelet. */
  ModelDeploymentStatus runningChat() {
    create(QWEN3_8B);
    awaitPhase("chat", Phase.Pending);
    kubelet.rollout(ns, "chat", 2, 2);
    return awaitPhase("chat", Phase.Running);
  }

  /** Quarkus records the controller's configuration at build time: the trimmed cache must survive that. */
  @Test
  void theControllerCachesModelDeploymentsWithoutManagedFields() {
    var informer = operator.getRegisteredController("modeldeployment").orElseThrow().getConfiguration().getInformerConfig();
    assertThat(informer.getItemStore()).isInstanceOf(LeanCache.ModelDeployments.class);
  }

  @Test
  void createGoesPendingThenDeployingThenRunning() {
    create(QWEN3_8B);
    ModelDeploymentStatus pending = awaitPhase("chat", Phase.Pending);
    assertCondition(pending, "Accepted", "True", "SpecAccepted");
    assertCondition(pending, "Ready", "False", "Pending");
    assertCondition(pending, "Reconciling", "True", "Pending");
    assertCondition(pending, "Stalled", "False", "AsExpected");
    assertThat(pending.getReady()).isEqualTo("0/2");
    assertThat(pending.getUnits()).isEqualTo("MU1 x 2");
    // 2 replicas x 108 CNY/h (MU1 x 2)
    assertThat(pending.getCost().getHourly()).isEqualTo("216.00");
    assertThat(pending.getCost().getMonthly()).isEqualTo("155520.00");
    assertThat(pending.getCost().getCatalogVersion()).isEqualTo("modelstudio-cn-beijing-2026-05");
    assertThat(pending.getSelector()).isEqualTo("app.kubernetes.io/instance=chat,app.kubernetes.io/name=model-server,modeldeploy.io/deployment=chat");

    Deployment deployment = kubelet.deployment(ns, "chat");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("ModelDeployment"));
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getResources().getLimits().get("nvidia.com/gpu").getAmount()).isEqualTo("2");
    assertThat(container.getArgs()).contains("--model=Qwen/Qwen3-8B", "--served-model-name=qwen3-8b", "--tensor-parallel-size=2");
    assertThat(client.services().inNamespace(ns).withName("chat").get()).isNotNull();
    assertThat(client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("chat").get()).isNotNull();

    kubelet.rollout(ns, "chat", 2, 1);
    ModelDeploymentStatus deploying = awaitPhase("chat", Phase.Deploying);
    assertCondition(deploying, "Ready", "False", "Deploying");
    assertThat(deploying.getReadyReplicas()).isEqualTo(1);
    assertThat(deploying.getReady()).isEqualTo("1/2");

    kubelet.rollout(ns, "chat", 2, 2);
    ModelDeploymentStatus running = awaitPhase("chat", Phase.Running);
    assertCondition(running, "Ready", "True", "Running");
    assertCondition(running, "Reconciling", "False", "Running");
    assertCondition(running, "Stalled", "False", "AsExpected");
    assertThat(running.getReady()).isEqualTo("2/2");
    assertThat(running.getEndpoint()).isEqualTo("http://chat." + ns + ".svc:8000/v1");
    assertThat(running.getModelCode()).isEqualTo("qwen3-8b");
    assertThat(events("chat")).extracting(Event::getReason).contains("Pending", "Deploying", "Running");
  }

  @Test
  void scalingARunningDeploymentResizesAndAFailedResizeRecovers() {
    runningChat();

    edit("chat", md -> { md.getSpec().setReplicas(3); return md; });
    await().atMost(Duration.ofSeconds(20)).until(() -> kubelet.deployment(ns, "chat").getSpec().getReplicas() == 3);
    ModelDeploymentStatus resizing = awaitPhase("chat", Phase.Resizing);
    assertCondition(resizing, "Ready", "True", "Resizing");
    assertCondition(resizing, "Reconciling", "True", "Resizing");
    assertThat(resizing.getCost().getHourly()).isEqualTo("324.00");

    kubelet.missDeadline(ns, "chat", 3, 2);
    ModelDeploymentStatus failed = awaitPhase("chat", Phase.ResizeFailed);
    assertCondition(failed, "Stalled", "True", "ProgressDeadlineExceeded");
    assertCondition(failed, "Ready", "True", "ProgressDeadlineExceeded");
    assertThat(condition(failed, "Stalled").getMessage()).startsWith("the resize failed and the previous capacity keeps serving");
    assertThat(failed.getReady()).isEqualTo("2/3");

    edit("chat", md -> { md.getSpec().setReplicas(2); return md; });
    await().atMost(Duration.ofSeconds(20)).until(() -> kubelet.deployment(ns, "chat").getSpec().getReplicas() == 2);
    kubelet.rollout(ns, "chat", 2, 2);
    ModelDeploymentStatus recovered = awaitPhase("chat", Phase.Running);
    assertCondition(recovered, "Stalled", "False", "AsExpected");
    assertThat(events("chat")).extracting(Event::getReason).contains("Resizing", "ResizeFailed");
  }

  @Test
  void suspendTakesItOfflineAndResumeBringsItBack() {
    runningChat();

    edit("chat", md -> { md.getSpec().setSuspend(true); return md; });
    ModelDeploymentStatus offline = awaitPhase("chat", Phase.TakingOffline);
    assertThat(kubelet.deployment(ns, "chat").getSpec().getReplicas()).isZero();
    assertCondition(offline, "Reconciling", "True", "TakingOffline");
    kubelet.rollout(ns, "chat", 0, 0);
    ModelDeploymentStatus stopped = awaitPhase("chat", Phase.Stopped);
    assertCondition(stopped, "Ready", "False", "Stopped");
    assertThat(stopped.getCost().getHourly()).isEqualTo("0.00");
    assertThat(stopped.getCost().getBasis()).startsWith("suspended:");
    assertThat(client.services().inNamespace(ns).withName("chat").get()).as("workload config kept").isNotNull();

    edit("chat", md -> { md.getSpec().setSuspend(false); return md; });
    await().atMost(Duration.ofSeconds(20)).until(() -> kubelet.deployment(ns, "chat").getSpec().getReplicas() == 2);
    kubelet.rollout(ns, "chat", 2, 0);
    awaitPhase("chat", Phase.Deploying);
    kubelet.rollout(ns, "chat", 2, 2);
    assertThat(awaitPhase("chat", Phase.Running).getCost().getHourly()).isEqualTo("216.00");
  }

  /**
   * Regression: editing spec.provider moved reconcile and cleanup to the other provider and orphaned
   * what ran (billing). The recorded provider keeps serving and deleting; the edit is refused.
   */
  @Test
  void movingARunningDeploymentToAnotherProviderIsRefusedAndDeletionStillCleansUp() {
    assertThat(runningChat().getProvider()).isEqualTo(io.modeldeploy.api.ProviderType.Kubernetes);
    Deployment before = kubelet.deployment(ns, "chat");

    edit("chat", md -> { md.getSpec().setProvider(io.modeldeploy.api.ProviderType.ModelStudio); return md; });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertCondition(get("chat").getStatus(), "Accepted", "False", "ProviderChangeNotSupported"));
    ModelDeploymentStatus status = get("chat").getStatus();
    assertThat(condition(status, "Accepted").getMessage()).contains("runs on Kubernetes and cannot move to ModelStudio")
        .contains("create a new ModelDeployment with provider ModelStudio, switch traffic to it, then delete this one");
    assertThat(status.getPhase()).isEqualTo(Phase.Running);
    assertThat(status.getProvider()).isEqualTo(io.modeldeploy.api.ProviderType.Kubernetes);
    assertThat(kubelet.deployment(ns, "chat").getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());

    client.resources(ModelDeployment.class).inNamespace(ns).withName("chat").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> get("chat") == null);
    assertThat(kubelet.deployment(ns, "chat")).as("the cluster workload went with it").isNull();
  }

  @Test
  void anInvalidEditKeepsTheRunningDeploymentAndSaysWhy() {
    runningChat();
    Deployment before = kubelet.deployment(ns, "chat");

    ModelDeployment edited = edit("chat", md -> { md.getSpec().getModelUnit().setCount(8); md.getSpec().setReplicas(5); return md; });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ModelDeploymentStatus status = get("chat").getStatus();
      assertThat(status.getObservedGeneration()).isEqualTo(edited.getMetadata().getGeneration());
      assertCondition(status, "Accepted", "False", "UnitSpecNotOffered");
    });
    ModelDeploymentStatus status = get("chat").getStatus();
    assertThat(condition(status, "Accepted").getMessage())
        .contains("spec.modelUnit: qwen3-8b does not offer MU1 x 8; it offers MU1 x 2, MU2 x 2, MU5 x 1");
    assertCondition(status, "Stalled", "True", "UnitSpecNotOffered");
    assertCondition(status, "Ready", "True", "Running");
    assertThat(status.getPhase()).isEqualTo(Phase.Running);
    assertThat(status.getCost().getHourly()).as("cost of what still runs").isEqualTo("216.00");
    assertThat(status.getUnits()).isEqualTo("MU1 x 2");
    Deployment after = kubelet.deployment(ns, "chat");
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(after.getSpec().getReplicas()).isEqualTo(2);
    assertThat(events("chat")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("SpecRejected"));
  }

  @Test
  void aMethodTheClusterCannotServeIsRejectedNamingTheProviderThatOffersIt() {
    create(Manifests.qwen3MaxThroughput("Kubernetes"));
    ModelDeploymentStatus status = awaitPhase("ptu", Phase.Pending);
    assertCondition(status, "Accepted", "False", "MethodNotSupportedByProvider");
    assertThat(condition(status, "Accepted").getMessage()).contains("offered by the ModelStudio provider");
    assertCondition(status, "Stalled", "True", "MethodNotSupportedByProvider");
    assertCondition(status, "Ready", "False", "Pending");
    assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
  }

  /**
   * A new model is a new revision: its own Deployment beside the old one at its step's share of the
   * replicas, a canary Service, the split in status.traffic; promoted by the annotation, it takes over
   * the deployment's Service and the old revision's workloads are removed.
   */
  @Test
  void aNewModelRunsBesideTheOldByStepsAndReplacesItWhenPromoted() {
    runningChat();
    edit("chat", md -> {
      md.getSpec().setModel("qwen3-4b");
      io.modeldeploy.api.Rollout rollout = new io.modeldeploy.api.Rollout();
      rollout.setStrategy(io.modeldeploy.api.RolloutStrategy.Canary);
      rollout.setSteps(List.of(new io.modeldeploy.api.RolloutStep(50, new io.modeldeploy.api.RolloutPause()),
          new io.modeldeploy.api.RolloutStep(100, null)));
      md.getSpec().setRollout(rollout);
      return md;
    });
    String canary = "chat-" + io.modeldeploy.rollout.Revisions.of(get("chat").getSpec()).getName();
    await().atMost(Duration.ofSeconds(20)).until(() -> kubelet.deployment(ns, canary) != null);
    assertThat(kubelet.deployment(ns, canary).getSpec().getReplicas()).as("50% of 2").isEqualTo(1);
    assertThat(kubelet.deployment(ns, canary).getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("--served-model-name=qwen3-4b");
    assertThat(client.services().inNamespace(ns).withName("chat-canary").get().getSpec().getSelector())
        .containsEntry("app.kubernetes.io/instance", canary);

    kubelet.rollout(ns, canary, 1, 1);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ModelDeploymentStatus s = get("chat").getStatus();
      assertThat(s.getRollout().getPhase()).isEqualTo(io.modeldeploy.api.RolloutPhase.Paused);
      assertThat(s.getTraffic()).extracting(t -> t.getRole() + "=" + t.getPercent() + "@" + t.getModelCode())
          .containsExactly("stable=50@qwen3-8b", "canary=50@qwen3-4b");
      assertCondition(s, "Reconciling", "True", "RolloutPaused");
      assertCondition(s, "Ready", "True", "Running");
      assertCondition(s, "RolloutAborted", "False", "NotAborted");
      assertThat(s.getCost().getRolloutHourly()).as("2 replicas of qwen3-8b and 1 of qwen3-4b at 108 each").isEqualTo("324.00");
    });

    edit("chat", md -> {
      md.getMetadata().setAnnotations(java.util.Map.of(io.modeldeploy.rollout.RolloutAction.ANNOTATION, "promote"));
      return md;
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> kubelet.deployment(ns, canary).getSpec().getReplicas() == 2);
    assertThat(get("chat").getMetadata().getAnnotations()).doesNotContainKey(io.modeldeploy.rollout.RolloutAction.ANNOTATION);
    assertThat(get("chat").getStatus().getRollout().getStep()).isEqualTo("2/2");
    kubelet.rollout(ns, canary, 2, 2);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ModelDeploymentStatus s = get("chat").getStatus();
      assertThat(s.getRollout().getPhase()).isEqualTo(io.modeldeploy.api.RolloutPhase.Completed);
      assertThat(s.getRollout().getStable().getWorkload()).isEqualTo(canary);
      assertThat(kubelet.deployment(ns, "chat")).as("the old revision removed").isNull();
      assertThat(client.services().inNamespace(ns).withName("chat-canary").get()).isNull();
      assertThat(client.services().inNamespace(ns).withName("chat").get().getSpec().getSelector())
          .containsEntry("app.kubernetes.io/instance", canary);
      assertThat(s.getModelCode()).isEqualTo("qwen3-4b");
      assertThat(s.getTraffic()).singleElement().satisfies(t -> assertThat(t.getPercent()).isEqualTo(100));
      assertCondition(s, "Reconciling", "False", "Running");
    });
    assertThat(events("chat")).extracting(Event::getReason).contains("RolloutProgressing", "RolloutPaused", "RolloutCompleted");
  }

  @Test
  void pdSeparatedSpecsGetPrefillAndDecodeWorkloadsWithHalfTheUnitsEach() {
    create("""
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: glm}
        spec:
          model: glm-4.7
          billing: {method: ModelUnit}
          modelUnit: {type: MU6, count: 32, mode: PDSeparated}
          replicas: 1
        """);
    awaitPhase("glm", Phase.Pending);
    for (String role : List.of("glm-prefill", "glm-decode")) {
      Deployment d = kubelet.deployment(ns, role);
      assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits().get("nvidia.com/gpu").getAmount())
          .isEqualTo("16");
    }
    assertThat(kubelet.deployment(ns, "glm")).isNull();
    kubelet.rollout(ns, "glm-prefill", 1, 1);
    awaitPhase("glm", Phase.Deploying);
    kubelet.rollout(ns, "glm-decode", 1, 1);
    ModelDeploymentStatus running = awaitPhase("glm", Phase.Running);
    assertThat(running.getUnits()).isEqualTo("MU6 x 32 (PDSeparated)");
    assertThat(running.getCost().getHourly()).isEqualTo("800.00");
    assertThat(client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("glm").get()).as("one replica: no PDB").isNull();
  }

  @jakarta.inject.Inject io.micrometer.core.instrument.MeterRegistry registry;

  @Test
  void metricsShowPhaseCostAndReplicas() {
    runningChat();
    var tags = io.micrometer.core.instrument.Tags.of("namespace", ns, "name", "chat", "model", "qwen3-8b", "billing_method", "ModelUnit");
    assertThat(registry.get("modeldeploy.phase").tags(tags).tag("phase", "Running").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("modeldeploy.phase").tags(tags).tag("phase", "Deploying").gauge().value()).isEqualTo(0.0);
    assertThat(registry.get("modeldeploy.cost.hourly").tags(tags).gauge().value()).isEqualTo(216.0);
    assertThat(registry.get("modeldeploy.replicas.desired").tags(tags).gauge().value()).isEqualTo(2.0);
    assertThat(registry.get("modeldeploy.replicas.ready").tags(tags).gauge().value()).isEqualTo(2.0);
    assertThat(registry.get("modeldeploy.transitions").tags(tags).tag("phase", "Running").counter().count()).isEqualTo(1.0);
    client.resources(ModelDeployment.class).inNamespace(ns).withName("chat").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> registry.find("modeldeploy.phase").tags(tags).gauges().isEmpty());
  }

  @Test
  void aRunningDeploymentLeftAloneMakesNoWrites() throws InterruptedException {
    runningChat();
    await().atMost(Duration.ofSeconds(10)).until(() -> operatorWrites(server.getKubernetesMockServer()).isEmpty());

    // Informer events keep arriving over several seconds (a kubelet heartbeat rewrites the same
    // status); none may cause a write, not even a refreshed timestamp.
    List<String> writes = new java.util.ArrayList<>();
    await().pollInterval(Duration.ofMillis(1100)).during(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(6)).until(() -> {
      kubelet.rollout(ns, "chat", 2, 2);
      writes.addAll(operatorWrites(server.getKubernetesMockServer()));
      return true;
    });
    writes.addAll(Quiet.writesDuring(Duration.ofMillis(500), () -> operatorWrites(server.getKubernetesMockServer())));
    assertThat(writes).isEmpty();
    assertThat(get("chat").getStatus().getPhase()).isEqualTo(Phase.Running);
  }

}
