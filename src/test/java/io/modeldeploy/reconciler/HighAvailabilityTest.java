package io.modeldeploy.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.Phase;
import io.modeldeploy.catalog.PriceCatalogs;
import io.modeldeploy.config.OperatorConfig;
import io.modeldeploy.testing.Kubelet;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two operator replicas on one Lease: only the leader reconciles; when it dies the other takes
 * over within the lease time, and the deployment converges with one Deployment. Its own Quarkus app,
 * since it stops the app's operator to run two of its own.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = Kubelet.ApiServerSetup.class)
@TestProfile(HighAvailabilityTest.Isolated.class)
class HighAvailabilityTest {

  public static class Isolated implements QuarkusTestProfile {}

  static final String NS = "ha";

  @KubernetesTestServer KubernetesServer server;
  @Inject Operator appOperator;
  @Inject PriceCatalogs catalogs;
  @Inject OperatorConfig config;

  /** One replica of the operator: its own client, informers, provider and metrics. */
  record Replica(String identity, Operator operator, SimpleMeterRegistry registry) {
    double transitions() { return registry.find("modeldeploy.transitions").counters().stream().mapToDouble(c -> c.count()).sum(); }
  }

  Replica replica(String identity) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LeaderElectionConfiguration lease = new LeaderElectionConfiguration("modeldeploy-operator-leader", NS,
        Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(300), identity, null, false);
    Operator operator = StandaloneOperator.start(server.getKubernetesMockServer(), config, catalogs, registry, lease);
    return new Replica(identity, operator, registry);
  }

  @Test
  void onlyTheLeaderReconcilesAndTheOtherTakesOverWithinTheLease() {
    appOperator.stop();
    // The API server's answer to the leader elector's permission check (the mock has no RBAC).
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder()
            .withNewMetadata().endMetadata().withNewSpec().withNamespace(NS).endSpec()
            .withNewStatus().withIncomplete(false).addNewResourceRule().withApiGroups("coordination.k8s.io")
            .withResources("leases").withVerbs("get", "create", "update").endResourceRule().endStatus().build())
        .always();
    KubernetesClient client = server.getKubernetesMockServer().createClient();
    Kubelet kubelet = new Kubelet(client);
    Replica a = replica("replica-a");
    Replica b = replica("replica-b");
    try {
      ModelDeployment md = client.getKubernetesSerialization().unmarshal(ModelDeploymentReconcilerTest.QWEN3_8B, ModelDeployment.class);
      md.getMetadata().setNamespace(NS);
      client.resource(md).create();
      await().atMost(Duration.ofSeconds(20)).until(() -> kubelet.deployment(NS, "chat") != null && phase(client) == Phase.Pending);
      Replica leader = a.transitions() > 0 ? a : b;
      Replica follower = leader == a ? b : a;
      assertThat(follower.transitions()).as("the follower reconciled nothing").isZero();

      leader.operator().stop();
      kubelet.rollout(NS, "chat", 2, 2);
      // A 2 s lease: the follower must have taken over and finished within a few seconds.
      await().atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
        assertThat(phase(client)).isEqualTo(Phase.Running);
        assertThat(follower.transitions()).as("the follower took over").isPositive();
      });
      assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).hasSize(1);
      assertThat(client.leases().inNamespace(NS).withName("modeldeploy-operator-leader").get().getSpec().getHolderIdentity())
          .isEqualTo(follower.identity());
    } finally {
      a.operator().stop();
      b.operator().stop();
    }
  }

  static Phase phase(KubernetesClient client) {
    ModelDeployment md = client.resources(ModelDeployment.class).inNamespace(NS).withName("chat").get();
    return md == null || md.getStatus() == null ? null : md.getStatus().getPhase();
  }
}
