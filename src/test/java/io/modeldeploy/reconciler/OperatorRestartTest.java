package io.modeldeploy.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator process stops while a deployment is Deploying and another is Resizing; a new one
 * (fresh informers, fresh provider) must converge without a second Deployment. Its own Quarkus
 * app, since it stops the operator.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = Kubelet.ApiServerSetup.class)
@TestProfile(OperatorRestartTest.Isolated.class)
class OperatorRestartTest {

  public static class Isolated implements QuarkusTestProfile {}

  @KubernetesTestServer KubernetesServer server;
  @Inject Operator operator;
  @Inject PriceCatalogs catalogs;
  @Inject OperatorConfig config;

  static final String NS = "restart";
  KubernetesClient client;

  @Test
  void aRestartMidRolloutConvergesWithExactlyOneDeploymentEach() {
    // Stopping the operator closes its client: the test and the new operator use their own.
    client = server.getKubernetesMockServer().createClient();
    Kubelet kubelet = new Kubelet(client);
    for (String name : List.of("deploying", "resizing")) {
      ModelDeployment md = client.getKubernetesSerialization().unmarshal(ModelDeploymentReconcilerTest.QWEN3_8B, ModelDeployment.class);
      md.getMetadata().setName(name);
      md.getMetadata().setNamespace(NS);
      client.resource(md).create();
      await().atMost(Duration.ofSeconds(20)).until(() -> kubelet.deployment(NS, name) != null);
    }
    kubelet.rollout(NS, "deploying", 2, 1);
    kubelet.rollout(NS, "resizing", 2, 2);
    awaitPhase("deploying", Phase.Deploying);
    awaitPhase("resizing", Phase.Running);
    client.resources(ModelDeployment.class).inNamespace(NS).withName("resizing")
        .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"spec\": {\"replicas\": 3}}");
    await().atMost(Duration.ofSeconds(20)).until(() -> kubelet.deployment(NS, "resizing").getSpec().getReplicas() == 3);
    awaitPhase("resizing", Phase.Resizing);

    operator.stop();
    // While no operator runs, the rollouts finish.
    kubelet.rollout(NS, "deploying", 2, 2);
    kubelet.rollout(NS, "resizing", 3, 3);

    Operator restarted = StandaloneOperator.start(server.getKubernetesMockServer(), config, catalogs,
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), null);
    try {
      awaitPhase("deploying", Phase.Running);
      awaitPhase("resizing", Phase.Running);
      assertThat(client.apps().deployments().inNamespace(NS).list().getItems())
          .extracting(d -> d.getMetadata().getName()).containsExactlyInAnyOrder("deploying", "resizing");
      assertThat(kubelet.deployment(NS, "resizing").getSpec().getReplicas()).isEqualTo(3);
    } finally {
      restarted.stop();
    }
  }

  void awaitPhase(String name, Phase phase) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(client.resources(ModelDeployment.class).inNamespace(NS).withName(name).get().getStatus().getPhase()).isEqualTo(phase));
  }
}
