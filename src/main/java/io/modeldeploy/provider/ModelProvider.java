package io.modeldeploy.provider;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ProviderType;
import io.modeldeploy.api.RevisionStatus;
import io.modeldeploy.validation.SpecError;
import java.util.List;

/**
 * The one seam between the lifecycle and whatever runs a model. The reconciler validates, then
 * calls ensure (or only observe, while the spec is invalid) and turns the observation into status.
 */
public interface ModelProvider {

  ProviderType type();

  /**
   * Whether the provider's back end sells and ends this deployment's prepaid term itself (a vendor's
   * console): the term is then dated from the purchase it reports (Observation.termStartedAt), and the
   * operator never stops or deletes what was bought on its own clock.
   */
  default boolean vendorManagesTerm(ModelDeployment resource) { return false; }

  /** Why this provider cannot run a spec the catalog accepts (e.g. a billing method it does not serve). */
  List<SpecError> check(ModelDeployment resource);

  /**
   * Create or update what runs one revision of the deployment (zero replicas when suspended): the
   * stable one, or during a rollout the new one beside it (desired.canary()); never blocks.
   */
  Observation ensure(DesiredDeployment desired, ModelDeployment resource, Context<ModelDeployment> context);

  /** What runs now, without changing anything. */
  Observation observe(ModelDeployment resource, Context<ModelDeployment> context);

  /**
   * Remove what runs of every revision but those kept: an old stable revision after a promotion, an
   * aborted or replaced new one. retiring names those status knows to be going (a back end that cannot
   * list its own cheaply removes these). True once nothing but the kept revisions is left.
   */
  boolean retainOnly(List<DesiredDeployment> kept, List<RevisionStatus> retiring, ModelDeployment resource,
      Context<ModelDeployment> context);

  /** Start removing everything; true once nothing is left. */
  boolean delete(ModelDeployment resource, Context<ModelDeployment> context);

  /** Informers whose events should reconcile the owning ModelDeployment. */
  List<EventSource<?, ModelDeployment>> eventSources(EventSourceContext<ModelDeployment> context);
}
