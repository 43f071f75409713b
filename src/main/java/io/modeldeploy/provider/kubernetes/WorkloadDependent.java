package io.modeldeploy.provider.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.provider.DesiredDeployment;
import io.modeldeploy.provider.LeanCache;
import java.util.function.Function;

/**
 * A JOSDK dependent resource for one object of a ModelDeployment, used standalone: the provider
 * decides which apply (PD roles, a disruption budget only above one replica). Owner references
 * make them garbage-collected with the ModelDeployment and route their events to it; the target is
 * found by the desired object's name, so several of one type (prefill, decode) can coexist.
 */
final class WorkloadDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, ModelDeployment> {

  private final Function<DesiredDeployment, R> build;

  WorkloadDependent(Class<R> type, String name, Function<DesiredDeployment, R> build) {
    super(type, name);
    this.build = build;
  }

  /** What the reconciler asked for in this pass (e.g. zero replicas past a term's grace), else the spec. */
  @Override
  protected R desired(ModelDeployment primary, Context<ModelDeployment> context) {
    return build.apply(context.managedWorkflowAndDependentResourceContext().get(DesiredDeployment.class, DesiredDeployment.class)
        .orElseGet(() -> DesiredDeployment.of(primary)));
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<R> informerConfigurationBuilder(EventSourceContext<ModelDeployment> context) {
    return super.informerConfigurationBuilder(context)
        .withItemStore(LeanCache.keepingAppliedFieldsOf(context.getControllerConfiguration().fieldManager()));
  }
}
