package io.modeldeploy.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.Phase;
import io.modeldeploy.catalog.PriceCatalog;
import io.modeldeploy.catalog.PriceCatalogs;
import io.modeldeploy.config.OperatorConfig;
import io.modeldeploy.provider.kubernetes.KubernetesProvider;
import io.modeldeploy.provider.modelstudio.ModelStudioProvider;
import io.modeldeploy.simulator.ModelStudioSimulator;
import io.modeldeploy.testing.ConnectionDropper;
import io.modeldeploy.testing.FaultyCrudDispatcher;
import io.modeldeploy.testing.Quiet;
import io.modeldeploy.testing.StandInKubelet;
import io.modeldeploy.testing.StandaloneApiServer;
import io.modeldeploy.testing.StandaloneConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Things break on purpose: a tenth of the operator's API writes fail (500 or 409), every connection
 * to the API server is cut (watches drop, requests in flight fail), the vendor throttles, fails and
 * times out, and the operator is stopped and started again mid-rollout. Once the faults stop,
 * everything converges to the right phase with exactly one vendor deployment per ModelDeployment,
 * nothing is orphaned, retries back off, and deleting everything under faults releases every
 * finalizer. The operator runs outside Quarkus here, on an API server and a vendor of its own.
 */
class FaultInjectionTest {

  static final String NS = "faults";
  static final String API_KEY = "sk-faults";
  static final Map<String, String> SPECS = Map.of(
      "cluster", """
          spec:
            model: qwen3-8b
            provider: Kubernetes
            billing: {method: ModelUnit}
            modelUnit: {type: MU1, count: 2}
            replicas: 1
          """,
      "vendor-mu", """
          spec:
            model: qwen3-8b
            provider: ModelStudio
            billing: {method: ModelUnit}
            modelUnit: {type: MU1, count: 2}
            replicas: 1
          """,
      "vendor-ptu", """
          spec:
            model: qwen3-max-2025-09-23
            provider: ModelStudio
            billing: {method: ProvisionedThroughput}
            provisionedThroughput: {inputTPM: 50000, outputTPM: 5000}
          """);
  static final int EACH = 4;
  /** Each condition's status once everything has converged (the others read False). */
  static final Map<String, String> SETTLED = Map.of("Accepted", "True", "Ready", "True", "ProviderReachable", "True",
      "VendorStatusKnown", "True");

  FaultyCrudDispatcher store;
  StandaloneApiServer api;
  ConnectionDropper dropper;
  ModelStudioSimulator vendor;
  OperatorConfig config;
  KubernetesClient user;
  StandInKubelet kubelet;
  Operator operator;

  @BeforeEach
  void setUp() throws Exception {
    store = new FaultyCrudDispatcher();
    api = new StandaloneApiServer(store);
    dropper = new ConnectionDropper(api.server.getPort());
    vendor = new ModelStudioSimulator(API_KEY, new ModelStudioSimulator.Timing(Duration.ofMillis(300),
        Duration.ofMillis(300), Duration.ofMillis(200)));
    config = StandaloneConfig.operatorConfig(Map.of(
        "modeldeploy.modelstudio.base-url", vendor.baseUrl(),
        "modeldeploy.modelstudio.allow-insecure-http", "true",
        "modeldeploy.modelstudio.api-key-secret.namespace", NS,
        "modeldeploy.modelstudio.timeout", "500ms",
        "modeldeploy.modelstudio.poll-initial", "100ms",
        "modeldeploy.modelstudio.poll-max", "800ms",
        "modeldeploy.modelstudio.resync", "2s",
        "modeldeploy.delete-poll-interval", "200ms"));
    user = api.testClient();
    // The cluster's identity, read (through the same faults) as on a real cluster.
    user.resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("kube-system")
        .withUid("5d0c6a1e-0000-4000-8000-000000000001").endMetadata().build()).create();
    user.resource(new SecretBuilder().withNewMetadata().withName("modelstudio-api-key").withNamespace(NS).endMetadata()
        .withData(Map.of("api-key", Base64.getEncoder().encodeToString(API_KEY.getBytes()))).build()).create();
    kubelet = new StandInKubelet(user);
  }

  @AfterEach
  void tearDown() {
    if (operator != null) operator.stop();
    kubelet.close();
    dropper.close();
    vendor.close();
    api.close();
  }

  /** A fresh operator process: its own client (through the connection cutter), informers and providers. */
  Operator startOperator() {
    var catalogs = new PriceCatalogs(PriceCatalog.builtIn(), Map.of());
    var registry = new SimpleMeterRegistry();
    var reconciler = StandaloneOperator.reconciler(config, catalogs,
        List.of(new KubernetesProvider(config), new ModelStudioProvider(config, catalogs, registry)), registry);
    return StandaloneOperator.start(api.operatorClient(dropper.url()), reconciler, null, Metrics.NOOP);
  }

  @Test
  void afterFaultsEverythingConvergesWithoutDuplicatesOrOrphansAndDeletesCleanly() {
    store.failWrites(0.10);
    vendor.flaky(0.3, Duration.ofMillis(800));
    operator = startOperator();
    List<String> names = new ArrayList<>();
    SPECS.forEach((kind, spec) -> {
      for (int i = 0; i < EACH; i++) {
        String name = kind + "-" + i;
        ModelDeployment md = user.getKubernetesSerialization().unmarshal(
            "apiVersion: modeldeploy.io/v1alpha1\nkind: ModelDeployment\n" + spec, ModelDeployment.class);
        md.getMetadata().setName(name);
        md.getMetadata().setNamespace(NS);
        user.resource(md).create();
        names.add(name);
      }
    });
    long started = System.nanoTime();

    // Mid-rollout: cut every connection, scale some (Resizing), restart the operator, cut again.
    await().atMost(Duration.ofSeconds(30)).until(() -> phases().values().stream().filter(Objects::nonNull).count() >= 6);
    dropper.dropAll();
    for (String name : List.of("cluster-0", "cluster-1", "vendor-mu-0", "vendor-mu-1"))
      user.resources(ModelDeployment.class).inNamespace(NS).withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"replicas\": 2}}");
    await().atMost(Duration.ofSeconds(30)).until(() -> phases().containsValue(Phase.Resizing)
        || phases().values().stream().filter(p -> p == Phase.Running).count() >= 4);
    operator.stop();
    operator = startOperator();
    dropper.dropAll();
    await().atMost(Duration.ofSeconds(30)).until(() -> phases().values().stream().filter(p -> p == Phase.Running).count() >= 4);
    dropper.dropAll();

    store.failWrites(0);
    vendor.flaky(0, Duration.ZERO);
    assertThat(store.injected()).as("API writes failed on purpose").isPositive();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      for (ModelDeployment md : deployments()) {
        assertThat(md.getStatus()).as(md.getMetadata().getName()).isNotNull();
        assertThat(md.getStatus().getPhase()).as(md.getMetadata().getName() + ": " + md.getStatus().getConditions())
            .isEqualTo(Phase.Running);
        assertThat(md.getStatus().getObservedGeneration()).as(md.getMetadata().getName()).isEqualTo(md.getMetadata().getGeneration());
        String want = md.getSpec().getReplicas() == null ? "1/1" : md.getSpec().getReplicas() + "/" + md.getSpec().getReplicas();
        assertThat(md.getStatus().getReady()).as(md.getMetadata().getName()).isEqualTo(want);
        // Converged means every condition settled too: a vendor call that failed just before the faults
        // stopped leaves ProviderReachable=False (the phase is kept) until its backoff retry succeeds.
        assertThat(md.getStatus().getConditions()).as(md.getMetadata().getName()).allSatisfy(c -> {
          assertThat(c.getStatus()).as(c.getType() + ": " + c.getMessage()).isEqualTo(SETTLED.getOrDefault(c.getType(), "False"));
          assertThat(c.getObservedGeneration()).as(c.getType()).isEqualTo(md.getMetadata().getGeneration());
        });
      }
    });
    double seconds = (System.nanoTime() - started) / 1e9;

    // Exactly one vendor deployment per vendor ModelDeployment, and it is the one status names.
    List<String> vendorCodes = deployments().stream().filter(md -> md.getMetadata().getName().startsWith("vendor"))
        .map(md -> md.getStatus().getModelCode()).toList();
    assertThat(vendor.deployments()).extracting(d -> d.path("deployed_model").asText())
        .containsExactlyInAnyOrderElementsOf(vendorCodes).doesNotHaveDuplicates();
    // Every workload belongs to a ModelDeployment that exists.
    assertThat(Stream.concat(user.apps().deployments().inNamespace(NS).list().getItems().stream(),
        user.services().inNamespace(NS).list().getItems().stream()).toList())
        .allSatisfy(w -> assertThat(names).contains(owner(w)))
        .extracting(HasMetadata::getKind).containsOnly("Deployment", "Service").hasSize(2 * EACH);
    // Backoff, not a storm: per vendor deployment, a start-up cost (find, create, the passes that
    // follow each status write) and then at most ~2 requests a second (each failure doubles the wait
    // from 100 ms to 800 ms; a storm would ask every 100 ms); the API server a bounded number of times.
    int vendorRequests = vendor.requestCounts().values().stream().mapToInt(Integer::intValue).sum();
    assertThat(vendorRequests / (2.0 * EACH)).as("vendor requests per vendor deployment in %.1f s", seconds)
        .isLessThan(10 + 2 * seconds);
    assertThat(store.operatorWrites() / (double) names.size()).as("API writes per deployment").isLessThan(15);
    // Converged means quiet: no writes while nothing changes.
    store.takeWrites();
    assertThat(Quiet.writesDuring(Duration.ofSeconds(2), store::takeWrites)).as("writes after converging").isEmpty();

    // Delete everything while writes fail again: every finalizer is released, nothing is left behind.
    int injectedBefore = store.injected();
    store.failWrites(0.10);
    vendor.flaky(0.3, Duration.ofMillis(800));
    names.forEach(name -> user.resources(ModelDeployment.class).inNamespace(NS).withName(name).delete());
    await().atMost(Duration.ofSeconds(10)).until(() -> store.injected() > injectedBefore);
    store.failWrites(0);
    vendor.flaky(0, Duration.ZERO);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(deployments()).isEmpty();
      assertThat(vendor.deployments()).isEmpty();
      assertThat(user.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
      assertThat(user.services().inNamespace(NS).list().getItems()).isEmpty();
      assertThat(user.policy().v1().podDisruptionBudget().inNamespace(NS).list().getItems()).isEmpty();
    });
  }

  List<ModelDeployment> deployments() { return user.resources(ModelDeployment.class).inNamespace(NS).list().getItems(); }

  Map<String, Phase> phases() {
    Map<String, Phase> phases = new java.util.HashMap<>();
    deployments().forEach(md -> phases.put(md.getMetadata().getName(), md.getStatus() == null ? null : md.getStatus().getPhase()));
    return phases;
  }

  static String owner(HasMetadata workload) {
    return workload.getMetadata().getOwnerReferences().stream().filter(o -> "ModelDeployment".equals(o.getKind()))
        .map(o -> o.getName()).findFirst().orElse(null);
  }
}
