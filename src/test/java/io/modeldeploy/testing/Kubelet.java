package io.modeldeploy.testing;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;

/** Plays the deployment controller and kubelet the mock API server does not have: writes Deployment and pod status. */
public final class Kubelet {

  private final KubernetesClient client;

  public Kubelet(KubernetesClient client) { this.client = client; }

  /**
   * Tells every operator test's mock API server once, before the operator starts, rather than in each
   * test: Deployment status is a subresource, and server-side apply is served (the operator applies).
   */
  public static final class ApiServerSetup implements java.util.function.Consumer<io.quarkus.test.kubernetes.client.KubernetesServer> {
    @Override
    public void accept(io.quarkus.test.kubernetes.client.KubernetesServer server) {
      deploymentStatusIsASubresource(server.getKubernetesMockServer());
      ServerSideApply.enable(server.getKubernetesMockServer());
    }
  }

  /**
   * The real API server ignores status in a PUT of a Deployment (status is a subresource); the mock
   * only does that for resources it was told about.
   */
  public static void deploymentStatusIsASubresource(KubernetesMockServer server) {
    server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup("apps").withVersion("v1")
        .withPlural("deployments").withKind("Deployment").withScope("Namespaced").withStatusSubresource(true).build());
  }

  public Deployment deployment(String namespace, String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  /** The controller has seen the Deployment and runs `replicas` pods of which `ready` are ready. */
  public void rollout(String namespace, String name, int replicas, int ready) {
    retryOnConflict(() -> writeRollout(namespace, name, replicas, ready));
  }

  /** A status write races the operator's writes of the same Deployment; like a controller, read again and retry. */
  static void retryOnConflict(Runnable write) {
    for (int attempt = 1; ; attempt++) {
      try {
        write.run();
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) throw e;
      }
    }
  }

  private void writeRollout(String namespace, String name, int replicas, int ready) {
    Deployment d = deployment(namespace, name);
    int desired = d.getSpec().getReplicas();
    d.setStatus(new DeploymentStatusBuilder()
        .withObservedGeneration(generation(d))
        .withReplicas(replicas).withUpdatedReplicas(Math.min(replicas, desired)).withReadyReplicas(ready)
        .withAvailableReplicas(ready)
        .withConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus("True")
            .withReason(ready == desired ? "NewReplicaSetAvailable" : "ReplicaSetUpdated")
            .withLastUpdateTime(java.time.Instant.now().toString()).build())
        .build());
    client.resource(d).updateStatus();
  }

  /** The rollout missed its progress deadline; the pods that were ready stay ready. */
  public void missDeadline(String namespace, String name, int replicas, int ready) {
    retryOnConflict(() -> writeMissedDeadline(namespace, name, replicas, ready));
  }

  private void writeMissedDeadline(String namespace, String name, int replicas, int ready) {
    Deployment d = deployment(namespace, name);
    d.setStatus(new DeploymentStatusBuilder()
        .withObservedGeneration(generation(d))
        .withReplicas(replicas).withReadyReplicas(ready).withAvailableReplicas(ready).withUpdatedReplicas(0)
        .withConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
            .withReason("ProgressDeadlineExceeded")
            .withMessage("ReplicaSet \"" + name + "-7d9\" has timed out progressing.").build())
        .build());
    client.resource(d).updateStatus();
  }

  /** A pod of the deployment that the scheduler cannot place. */
  public void unschedulablePod(String namespace, String deployment, String message) {
    client.pods().inNamespace(namespace).resource(new PodBuilder()
        .withNewMetadata().withName(deployment + "-pod-0").withNamespace(namespace)
          .withLabels(Map.of("app.kubernetes.io/managed-by", "modeldeploy-operator", "modeldeploy.io/deployment", deployment))
        .endMetadata()
        .withNewSpec().addNewContainer().withName("model-server").withImage("x").endContainer().endSpec()
        .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
          .withReason("Unschedulable").withMessage(message).endCondition().endStatus()
        .build()).create();
  }

  private static long generation(Deployment d) {
    return d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
  }
}
