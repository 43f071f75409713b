package io.modeldeploy.provider;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.SSABasedGenericKubernetesResourceMatcher;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.modeldeploy.api.ModelDeployment;
import java.util.List;

/**
 * Informer caches without what the operator never reads: {@code managedFields}. On a real API
 * server every object carries one field tree per writer (kubectl, Argo CD, the controllers, us),
 * and those trees were most of the operator's heap (docs/benchmarks.md). Event handlers still get
 * the objects as the API server sent them; only what stays in memory is trimmed.
 */
public final class LeanCache {

  private LeanCache() {}

  /** For objects the operator only reads (pods, ModelDeployments). */
  public static <R extends HasMetadata> TransformingItemStore<R> withoutManagedFields() {
    return new TransformingItemStore<>(LeanCache::dropManagedFields);
  }

  /**
   * For objects the operator applies: only its own {@code Apply} entry stays, which is what the
   * SDK's server-side-apply matcher compares the desired object with.
   */
  public static <R extends HasMetadata> TransformingItemStore<R> keepingAppliedFieldsOf(String fieldManager) {
    return new TransformingItemStore<>(resource -> {
      var managed = resource.getMetadata().getManagedFields();
      if (managed != null)
        resource.getMetadata().setManagedFields(managed.stream()
            .filter(entry -> fieldManager.equals(entry.getManager())
                && SSABasedGenericKubernetesResourceMatcher.APPLY_OPERATION.equals(entry.getOperation()))
            .toList());
      return resource;
    });
  }

  // An empty list rather than null: code that streams managedFields keeps working, and an update
  // sent from a cached copy leaves the server's record alone (the API server ignores an empty list).
  private static <R extends HasMetadata> R dropManagedFields(R resource) {
    resource.getMetadata().setManagedFields(List.of());
    return resource;
  }

  /** The controller's own cache, named in its {@code @Informer} annotation (which needs a class). */
  public static final class ModelDeployments extends TransformingItemStore<ModelDeployment> {
    public ModelDeployments() {
      super(LeanCache::dropManagedFields);
    }
  }
}
