package io.modeldeploy.testing;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Every Deployment the operator writes becomes fully ready at once, as a cluster with idle GPUs would make it. */
public final class StandInKubelet implements AutoCloseable {

  private final ExecutorService writers = Executors.newFixedThreadPool(4);
  private final SharedIndexInformer<Deployment> informer;

  public StandInKubelet(KubernetesClient client) {
    Kubelet kubelet = new Kubelet(client);
    informer = client.apps().deployments().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override public void onAdd(Deployment d) { roll(d); }
      @Override public void onUpdate(Deployment old, Deployment d) { roll(d); }
      @Override public void onDelete(Deployment d, boolean unknown) {}

      private void roll(Deployment d) {
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        var status = d.getStatus();
        boolean rolledOut = status != null && Objects.equals(status.getReadyReplicas(), replicas)
            && Objects.equals(status.getObservedGeneration(), Objects.requireNonNullElse(d.getMetadata().getGeneration(), 1L));
        if (!rolledOut)
          writers.execute(() -> kubelet.rollout(d.getMetadata().getNamespace(), d.getMetadata().getName(), replicas, replicas));
      }
    });
  }

  @Override
  public void close() {
    informer.close();
    writers.shutdownNow();
  }
}
