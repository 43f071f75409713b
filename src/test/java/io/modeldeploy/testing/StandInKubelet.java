package io.modeldeploy.testing;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The mock API server runs no controllers and no GPUs: this stand-in marks each Deployment's pods
 * ready a little after the operator asks for them (at once if startup is zero), the way the
 * deployment controller and the kubelet would on a real cluster. For the demo, the bench and the
 * fault tests; tests that need a rollout step by step use {@link Kubelet}.
 */
public final class StandInKubelet implements AutoCloseable {

  private final KubernetesClient client;
  private final Duration startup;
  private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(4);
  private final SharedIndexInformer<Deployment> informer;

  /** Every Deployment in every namespace, ready at once. */
  public StandInKubelet(KubernetesClient client) {
    this(client, null, Duration.ZERO);
  }

  /** Deployments in one namespace (every namespace if null), ready after startup. */
  public StandInKubelet(KubernetesClient client, String namespace, Duration startup) {
    this.client = client;
    this.startup = startup;
    var deployments = client.apps().deployments();
    ResourceEventHandler<Deployment> handler = new ResourceEventHandler<>() {
      @Override public void onAdd(Deployment d) { later(d); }
      @Override public void onUpdate(Deployment old, Deployment d) { later(d); }
      @Override public void onDelete(Deployment d, boolean unknown) {}
    };
    this.informer = namespace == null ? deployments.inAnyNamespace().inform(handler) : deployments.inNamespace(namespace).inform(handler);
  }

  private void later(Deployment d) {
    if (settled(d)) return;
    clock.schedule(() -> settle(d.getMetadata().getNamespace(), d.getMetadata().getName()), startup.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static boolean settled(Deployment d) {
    int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    return d.getStatus() != null && Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())
        && Objects.equals(d.getStatus().getReadyReplicas(), want) && Objects.equals(d.getStatus().getReplicas(), want);
  }

  private void settle(String namespace, String name) {
    try {
      writeReady(namespace, name);
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      // The operator wrote the Deployment meanwhile (409): look again shortly, as a controller would.
      clock.schedule(() -> settle(namespace, name), 200, TimeUnit.MILLISECONDS);
    }
  }

  private void writeReady(String namespace, String name) {
    Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (d == null || settled(d)) return;
    int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
        .withReplicas(want).withUpdatedReplicas(want).withReadyReplicas(want).withAvailableReplicas(want)
        .withConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus("True")
            .withReason("NewReplicaSetAvailable").build())
        .build());
    client.resource(d).updateStatus();
  }

  @Override
  public void close() {
    informer.close();
    clock.shutdownNow();
  }
}
