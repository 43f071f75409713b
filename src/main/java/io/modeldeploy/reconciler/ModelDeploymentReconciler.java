package io.modeldeploy.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.modeldeploy.api.BillingPlan;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import io.modeldeploy.catalog.PriceCatalogs;
import io.modeldeploy.config.OperatorConfig;
import io.modeldeploy.cost.CostEstimate;
import io.modeldeploy.cost.Quote;
import io.modeldeploy.lifecycle.Lifecycle;
import io.modeldeploy.provider.DesiredDeployment;
import io.modeldeploy.provider.ModelProvider;
import io.modeldeploy.provider.Observation;
import io.modeldeploy.provider.ProviderRejection;
import io.modeldeploy.provider.ProviderState;
import io.modeldeploy.provider.Providers;
import io.modeldeploy.validation.SpecError;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Thin orchestration: validate, act through the provider, compute the status with the pure
 * lifecycle function, and patch the status only when it changed. Reconciles are driven by the
 * providers' informers; nothing here blocks or sleeps.
 */
@ControllerConfiguration(name = "modeldeployment")
@RBACRule(apiGroups = "apps", resources = "deployments", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH,
    RBACVerbs.CREATE, RBACVerbs.UPDATE, RBACVerbs.PATCH, RBACVerbs.DELETE})
@RBACRule(apiGroups = "", resources = "services", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH,
    RBACVerbs.CREATE, RBACVerbs.UPDATE, RBACVerbs.PATCH, RBACVerbs.DELETE})
@RBACRule(apiGroups = "policy", resources = "poddisruptionbudgets", verbs = {RBACVerbs.GET, RBACVerbs.LIST,
    RBACVerbs.WATCH, RBACVerbs.CREATE, RBACVerbs.UPDATE, RBACVerbs.PATCH, RBACVerbs.DELETE})
@RBACRule(apiGroups = "", resources = "pods", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@RBACRule(apiGroups = "", resources = "events", verbs = {RBACVerbs.CREATE})
// Only the API key Secret (modeldeploy.modelstudio.api-key-secret.name; the chart templates the configured name).
@RBACRule(apiGroups = "", resources = "secrets", resourceNames = "modelstudio-api-key", verbs = {RBACVerbs.GET})
@RBACRule(apiGroups = "coordination.k8s.io", resources = "leases", verbs = {RBACVerbs.GET, RBACVerbs.CREATE, RBACVerbs.UPDATE})
public class ModelDeploymentReconciler implements Reconciler<ModelDeployment>, Cleaner<ModelDeployment> {

  @Inject Providers providers;
  @Inject PriceCatalogs catalogs;
  @Inject OperatorConfig config;
  @Inject Clock clock;
  @Inject DeploymentMetrics metrics;

  @Override
  public List<EventSource<?, ModelDeployment>> prepareEventSources(EventSourceContext<ModelDeployment> context) {
    List<EventSource<?, ModelDeployment>> sources = new ArrayList<>();
    providers.all().forEach(p -> sources.addAll(p.eventSources(context)));
    return sources;
  }

  @Override
  public UpdateControl<ModelDeployment> reconcile(ModelDeployment resource, Context<ModelDeployment> context) {
    Instant now = clock.instant();
    ModelDeploymentSpec spec = resource.getSpec();
    ModelDeploymentStatus before = resource.getStatus();
    Optional<ModelProvider> provider = providers.forResource(resource);

    Quote quote = Quote.of(spec, catalogs.forProvider(providers.typeOf(resource)), orderedAt(before, now),
        config.billing().timeZone());
    List<SpecError> errors = new ArrayList<>(quote.errors());
    if (errors.isEmpty()) {
      if (provider.isEmpty())
        errors.add(new SpecError("spec.provider", "ProviderNotAvailable", "this operator has no " + providers.typeOf(resource)
            + " provider; it has " + providers.all().stream().map(p -> p.type().name()).toList()));
      else errors.addAll(provider.get().check(resource));
    }
    Observation observation = act(provider, errors, resource, context);

    boolean suspended = spec != null && Boolean.TRUE.equals(spec.getSuspend());
    ModelDeploymentStatus after = Lifecycle.next(new Lifecycle.Input(resource.getMetadata().getGeneration(), before,
        errors, observation, errors.isEmpty() ? cost(quote, spec, suspended) : null,
        spec == null ? null : spec.capacityDisplay(),
        quote.timeline() == null ? null : quote.timeline().toStatus(),
        errors.isEmpty() ? DesiredDeployment.of(resource).replicas() : 0, suspended, false, now));

    metrics.observe(resource, before, after);
    if (observation.state() == ProviderState.Unavailable) metrics.providerError(resource, observation.reason());
    UpdateControl<ModelDeployment> control;
    if (after.equals(before)) {
      control = UpdateControl.noUpdate();
    } else {
      TransitionEvents.emit(context.getClient(), resource, before, after, now);
      resource.setStatus(after);
      control = UpdateControl.patchStatus(resource);
    }
    return observation.recheckAfter() == null ? control : control.rescheduleAfter(observation.recheckAfter());
  }

  /**
   * Ensure the accepted spec through the provider; a rejected spec changes nothing that runs, so
   * the provider only looks. A provider may itself reject the spec (the vendor's own checks).
   */
  private Observation act(Optional<ModelProvider> provider, List<SpecError> errors, ModelDeployment resource,
      Context<ModelDeployment> context) {
    if (provider.isEmpty()) return Observation.notFound();
    Optional<java.time.Duration> retry = Optional.empty();
    try {
      if (errors.isEmpty()) return provider.get().ensure(DesiredDeployment.of(resource), resource, context);
    } catch (ProviderRejection rejected) {
      errors.add(rejected.error());
      metrics.providerError(resource, rejected.error().reason());
      retry = rejected.retryAfter();
    }
    Observation seen;
    try {
      seen = provider.get().observe(resource, context);
    } catch (ProviderRejection rejected) {
      if (!errors.contains(rejected.error())) errors.add(rejected.error());
      retry = retry.or(rejected::retryAfter);
      seen = Observation.notFound();
    }
    return retry.isPresent() && seen.recheckAfter() == null ? seen.withRecheck(retry.get(), seen.conditions()) : seen;
  }

  @Override
  public DeleteControl cleanup(ModelDeployment resource, Context<ModelDeployment> context) {
    boolean gone = providers.forResource(resource).map(p -> p.delete(resource, context)).orElse(true);
    if (gone) {
      metrics.forget(resource);
      return DeleteControl.defaultDelete();
    }
    // Cleaner has no status control: write the Deleting status once, while the provider works.
    ModelDeploymentStatus before = resource.getStatus();
    if (before == null || before.getPhase() != Phase.Deleting) {
      ModelDeploymentStatus after = Lifecycle.deleting(before, resource.getMetadata().getGeneration(), clock.instant());
      TransitionEvents.emit(context.getClient(), resource, before, after, clock.instant());
      resource.setStatus(after);
      context.getClient().resource(resource).patchStatus();
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(config.deletePollInterval());
  }

  /** A subscription term starts when the deployment is first accepted; later passes keep that instant. */
  private ZonedDateTime orderedAt(ModelDeploymentStatus before, Instant now) {
    String started = before == null || before.getSubscription() == null ? null : before.getSubscription().getStartedAt();
    return started != null ? ZonedDateTime.parse(started) : now.atZone(config.billing().timeZone());
  }

  private static io.modeldeploy.api.CostStatus cost(Quote quote, ModelDeploymentSpec spec, boolean suspended) {
    CostEstimate estimate = quote.estimate();
    boolean payAsYouGo = spec.getBilling().effectivePlan() == BillingPlan.PayAsYouGo;
    return (suspended && payAsYouGo ? estimate.whileSuspended() : estimate).toStatus();
  }
}
