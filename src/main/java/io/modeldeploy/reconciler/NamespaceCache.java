package io.modeldeploy.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;

/**
 * Everything of one kind in a namespace, read from a named informer's cache. The reconcilers relate
 * accounts and deployments by namespace; the SDK's secondary-resource index would only know the pairs
 * its mapper saw at the last event, so an object created later would be missed.
 */
final class NamespaceCache {

  private NamespaceCache() {}

  @SuppressWarnings("unchecked")
  static <R extends HasMetadata, P extends HasMetadata> List<R> list(Context<P> context, Class<R> type, String source,
      String namespace) {
    var informer = (InformerEventSource<R, P>) context.eventSourceRetriever().getEventSourceFor(type, source);
    return informer.list(namespace, any -> true).toList();
  }
}
