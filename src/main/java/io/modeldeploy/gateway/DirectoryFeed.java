package io.modeldeploy.gateway;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.modeldeploy.api.ModelDeployment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Keeps the Directory in step with the cluster: every ModelDeployment, and the Secrets that hold caller keys. */
public final class DirectoryFeed implements AutoCloseable {

  /** A Secret with this label (any value) in a namespace holds a caller key for that namespace... */
  public static final String KEY_LABEL = "modeldeploy.io/gateway-key";
  /** ...under this data key. */
  public static final String KEY_FIELD = "api-key";

  private final List<SharedIndexInformer<?>> informers;

  public DirectoryFeed(KubernetesClient client, Directory directory) {
    SharedIndexInformer<ModelDeployment> deployments = client.resources(ModelDeployment.class).inAnyNamespace()
        .inform(new ResourceEventHandler<>() {
          @Override public void onAdd(ModelDeployment md) { directory.put(Route.of(md)); }
          @Override public void onUpdate(ModelDeployment old, ModelDeployment md) { directory.put(Route.of(md)); }
          @Override public void onDelete(ModelDeployment md, boolean unknownFinalState) {
            directory.remove(md.getMetadata().getNamespace(), md.getMetadata().getName());
          }
        });
    SharedIndexInformer<Secret> keys = client.secrets().inAnyNamespace().withLabel(KEY_LABEL)
        .inform(new ResourceEventHandler<>() {
          @Override public void onAdd(Secret secret) { put(directory, secret); }
          @Override public void onUpdate(Secret old, Secret secret) { put(directory, secret); }
          @Override public void onDelete(Secret secret, boolean unknownFinalState) {
            directory.removeKey(secret.getMetadata().getNamespace(), secret.getMetadata().getName());
          }
        });
    informers = List.of(deployments, keys);
  }

  private static void put(Directory directory, Secret secret) {
    String encoded = secret.getData() == null ? null : secret.getData().get(KEY_FIELD);
    String key = null;
    try {
      key = encoded == null ? null : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      // Not a key anyone can send: the Secret grants nothing.
    }
    directory.putKey(secret.getMetadata().getNamespace(), secret.getMetadata().getName(), key);
  }

  /** Both caches are filled: the gateway can answer every call as the cluster stands. */
  public boolean synced() { return informers.stream().allMatch(SharedIndexInformer::hasSynced); }

  @Override
  public void close() { informers.forEach(SharedIndexInformer::close); }
}
