package io.modeldeploy.gateway;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.modeldeploy.api.ModelDeployment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the Directory in step with the cluster: the ModelDeployments, and in each namespace the one
 * Secret of caller keys (every data entry a key). Only Secrets of that name are read (a field
 * selector, so RBAC can grant that name alone), in every namespace or in those configured.
 */
public final class DirectoryFeed implements AutoCloseable {

  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  public DirectoryFeed(KubernetesClient client, Directory directory, String keySecret, Optional<List<String>> namespaces) {
    ResourceEventHandler<ModelDeployment> deployments = new ResourceEventHandler<>() {
      @Override public void onAdd(ModelDeployment md) { directory.put(Route.of(md)); }
      @Override public void onUpdate(ModelDeployment old, ModelDeployment md) { directory.put(Route.of(md)); }
      @Override public void onDelete(ModelDeployment md, boolean unknownFinalState) {
        directory.remove(md.getMetadata().getNamespace(), md.getMetadata().getName());
      }
    };
    ResourceEventHandler<Secret> keys = new ResourceEventHandler<>() {
      @Override public void onAdd(Secret secret) { put(directory, secret); }
      @Override public void onUpdate(Secret old, Secret secret) { put(directory, secret); }
      @Override public void onDelete(Secret secret, boolean unknownFinalState) {
        directory.removeKeys(secret.getMetadata().getNamespace(), secret.getMetadata().getName());
      }
    };
    if (namespaces.isEmpty() || namespaces.get().isEmpty()) {
      informers.add(client.resources(ModelDeployment.class).inAnyNamespace().inform(deployments));
      informers.add(client.secrets().inAnyNamespace().withField("metadata.name", keySecret).inform(keys));
    } else {
      for (String namespace : namespaces.get()) {
        informers.add(client.resources(ModelDeployment.class).inNamespace(namespace).inform(deployments));
        informers.add(client.secrets().inNamespace(namespace).withField("metadata.name", keySecret).inform(keys));
      }
    }
  }

  private static void put(Directory directory, Secret secret) {
    List<String> keys = new ArrayList<>();
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    for (String encoded : data.values()) {
      try {
        keys.add(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException notBase64) {
        // Not a key anyone can send: it grants nothing.
      }
    }
    directory.putKeys(secret.getMetadata().getNamespace(), secret.getMetadata().getName(), keys);
  }

  /** Every cache is filled: the gateway can answer every call as the cluster stands. */
  public boolean synced() { return informers.stream().allMatch(SharedIndexInformer::hasSynced); }

  @Override
  public void close() { informers.forEach(SharedIndexInformer::close); }
}
