package io.modeldeploy.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.modeldeploy.api.BillingAccount;
import io.modeldeploy.api.BillingPlan;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import io.modeldeploy.catalog.PriceCatalogs;
import io.modeldeploy.config.OperatorConfig;
import io.modeldeploy.cost.CostEstimate;
import io.modeldeploy.cost.Quote;
import io.modeldeploy.cost.Accrual;
import io.modeldeploy.cost.TermUnit;
import io.modeldeploy.lifecycle.Budget;
import io.modeldeploy.lifecycle.Cancellation;
import io.modeldeploy.lifecycle.Lifecycle;
import io.modeldeploy.lifecycle.SubscriptionTerm;
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
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Thin orchestration: validate, act through the provider, compute the status with the pure
 * lifecycle function, and patch the status only when it changed. Reconciles are driven by the
 * providers' informers; nothing here blocks or sleeps.
 */
// Every change of a ModelDeployment is looked at, status included: a status written by someone else
// (a late write from a replaced leader, a lost answer) is corrected at once rather than left until the
// next spec change. Our own status writes cost one more pass each, which writes nothing.
@ControllerConfiguration(name = "modeldeployment", generationAwareEventProcessing = false)
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
@RBACRule(apiGroups = "modeldeploy.io", resources = "billingaccounts", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
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
    // An account's change concerns every deployment of its namespace.
    sources.add(new InformerEventSource<>(InformerEventSourceConfiguration.from(BillingAccount.class, ModelDeployment.class)
        .withName("billing-accounts")
        .withSecondaryToPrimaryMapper(account -> context.getPrimaryCache()
            .list(md -> md.getMetadata().getNamespace().equals(account.getMetadata().getNamespace()))
            .map(ResourceID::fromResource).collect(java.util.stream.Collectors.toSet()))
        .build(), context));
    return sources;
  }

  @Override
  public UpdateControl<ModelDeployment> reconcile(ModelDeployment resource, Context<ModelDeployment> context) {
    Instant now = clock.instant();
    ModelDeploymentSpec spec = resource.getSpec();
    ModelDeploymentStatus before = resource.getStatus();
    Optional<ModelProvider> provider = providers.forResource(resource);

    ZoneId zone = config.billing().timeZone();
    Quote quote = Quote.of(spec, catalogs.forProvider(providers.typeOf(resource)), now.atZone(zone), zone);
    List<SpecError> errors = new ArrayList<>(quote.errors());
    if (errors.isEmpty()) {
      if (provider.isEmpty())
        errors.add(new SpecError("spec.provider", "ProviderNotAvailable", "this operator has no " + providers.typeOf(resource)
            + " provider; it has " + providers.all().stream().map(p -> p.type().name()).toList()));
      else errors.addAll(provider.get().check(resource));
    }
    SubscriptionTerm term = errors.isEmpty() ? term(spec, before, now) : null;
    Budget budget = errors.isEmpty() ? budget(resource, context, now) : null;
    boolean released = (term != null && term.stage() == SubscriptionTerm.Stage.Released)
        || (budget != null && budget.stage() == Budget.Stage.Released);
    Observation observation = act(provider, errors, resource, context, term, released);

    boolean suspended = spec != null && Boolean.TRUE.equals(spec.getSuspend());
    ModelDeploymentStatus after = Lifecycle.next(new Lifecycle.Input(resource.getMetadata().getGeneration(), before,
        errors, observation, errors.isEmpty() ? cost(quote, spec, suspended) : null,
        spec == null ? null : spec.capacityDisplay(), term, budget,
        errors.isEmpty() ? DesiredDeployment.of(resource).replicas() : 0, suspended, false, now));
    if (budget != null) accrue(before, after, budget, now);

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
    Optional<Duration> recheck = earliest(earliest(Optional.ofNullable(observation.recheckAfter()),
        until(term == null ? Optional.empty() : term.nextTransitionAt().map(t -> t.toInstant()), now)),
        earliest(until(budget == null ? Optional.empty() : budget.releaseAt(), now), until(nextAccrual(after, budget), now)));
    return recheck.isEmpty() ? control : control.rescheduleAfter(recheck.get());
  }

  /** The prepaid term, for Subscription plans: what status recorded, moved on to now. */
  private SubscriptionTerm term(ModelDeploymentSpec spec, ModelDeploymentStatus before, Instant now) {
    if (spec.getBilling().effectivePlan() != BillingPlan.Subscription) return null;
    var subscription = spec.getBilling().getSubscription();
    return SubscriptionTerm.evaluate(before == null ? null : before.getSubscription(), subscription.getPeriods(),
        Boolean.TRUE.equals(subscription.getAutoRenew()), TermUnit.of(spec.getBilling().getMethod()),
        config.billing().timeZone(), now);
  }

  /** Where a pay-as-you-go deployment stands with its account: the one it names, else the namespace's only one. */
  private Budget budget(ModelDeployment resource, Context<ModelDeployment> context, Instant now) {
    if (resource.getSpec().getBilling().effectivePlan() != BillingPlan.PayAsYouGo) return null;
    String named = resource.getSpec().getBilling().getAccount();
    List<BillingAccount> accounts = List.copyOf(context.getSecondaryResources(BillingAccount.class));
    Optional<BillingAccount> account = named != null
        ? accounts.stream().filter(a -> a.getMetadata().getName().equals(named)).findFirst()
        : accounts.size() == 1 ? Optional.of(accounts.get(0)) : Optional.empty();
    return Budget.evaluate(account, resource.getMetadata().getNamespace(), now);
  }

  /**
   * Accrued pay-as-you-go cost, settled on every phase or price change and, for a deployment that
   * draws on a BillingAccount, refreshed once per accrual interval. Without an account nothing is
   * enforced, so the figure is not refreshed on a timer: a thousand running deployments then cost
   * the API server no writes at all (the Prometheus gauge has the figure to the minute).
   */
  private void accrue(ModelDeploymentStatus before, ModelDeploymentStatus after, Budget budget, Instant now) {
    boolean billableBefore = before != null && BILLABLE.contains(before.getPhase());
    String hourlyBefore = before == null || before.getCost() == null ? null : before.getCost().getHourly();
    boolean changed = before == null || before.getPhase() != after.getPhase()
        || !java.util.Objects.equals(hourlyBefore, after.getCost() == null ? null : after.getCost().getHourly());
    Accrual.carry(before == null ? null : before.getCost(), after.getCost(), billableBefore, changed, now, accrualRefresh(budget));
  }

  /** How often accrual is refreshed between changes: only for a deployment that draws on an account. */
  private Optional<Duration> accrualRefresh(Budget budget) {
    return budget == null || budget.stage() == Budget.Stage.NoAccount ? Optional.empty()
        : Optional.of(config.billing().accrualInterval());
  }

  private Optional<Instant> nextAccrual(ModelDeploymentStatus status, Budget budget) {
    if (status.getCost() == null || status.getCost().getAccruedAt() == null || !BILLABLE.contains(status.getPhase()))
      return Optional.empty();
    return accrualRefresh(budget).map(interval -> Accrual.nextWrite(status.getCost(), interval));
  }

  static final java.util.Set<Phase> BILLABLE = java.util.Set.of(Phase.Running, Phase.Resizing, Phase.ResizeFailed);

  /** Timed transitions wake the reconciler at their instant (bounded, so a moved clock is noticed). */
  private Optional<Duration> until(Optional<Instant> instant, Instant now) {
    return instant.map(at -> {
      Duration until = Duration.between(now, at);
      Duration bounded = until.compareTo(config.billing().maxTimerDelay()) > 0 ? config.billing().maxTimerDelay() : until;
      return bounded.isNegative() || bounded.isZero() ? Duration.ofMillis(1) : bounded;
    });
  }

  private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) return b;
    if (b.isEmpty()) return a;
    return Optional.of(a.get().compareTo(b.get()) <= 0 ? a.get() : b.get());
  }

  /**
   * Ensure the accepted spec through the provider; a rejected spec changes nothing that runs, so
   * the provider only looks. A provider may itself reject the spec (the vendor's own checks).
   */
  private Observation act(Optional<ModelProvider> provider, List<SpecError> errors, ModelDeployment resource,
      Context<ModelDeployment> context, SubscriptionTerm term, boolean released) {
    if (provider.isEmpty()) return Observation.notFound();
    Optional<java.time.Duration> retry = Optional.empty();
    try {
      if (errors.isEmpty() && released) {
        // Past a term's retention or an overdue account's 24 h: what ran is released; the
        // ModelDeployment stays, ready to be renewed or topped up.
        provider.get().delete(resource, context);
        return Observation.notFound();
      }
      DesiredDeployment desired = DesiredDeployment.of(resource);
      // Past the grace period nothing serves, but workloads and configuration are kept.
      if (term != null && term.stage() == SubscriptionTerm.Stage.ServiceStopped) desired = desired.withReplicas(0);
      if (errors.isEmpty()) return provider.get().ensure(desired, resource, context);
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
    if (resource.getStatus() == null || resource.getStatus().getPhase() != Phase.Deleting) recordDeletion(resource, context);
    boolean gone = providers.forResource(resource).map(p -> p.delete(resource, context)).orElse(true);
    if (gone) {
      metrics.forget(resource);
      return DeleteControl.defaultDelete();
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(config.deletePollInterval());
  }

  /**
   * Once per deletion, before anything is removed (Cleaner has no status control): the Deleting
   * status, and for prepaid plans what ending the term costs, in the status and an Event.
   */
  private void recordDeletion(ModelDeployment resource, Context<ModelDeployment> context) {
    Instant now = clock.instant();
    ModelDeploymentStatus before = resource.getStatus();
    ModelDeploymentStatus after = Lifecycle.deleting(before, resource.getMetadata().getGeneration(), now);
    Optional<Cancellation.Notice> notice = Cancellation.onDelete(resource.getSpec(), before, now, config.billing().timeZone());
    notice.flatMap(Cancellation.Notice::charge).ifPresent(charge -> after.getCost().setCancellationCharge(charge.toPlainString()));
    TransitionEvents.emit(context.getClient(), resource, before, after, now);
    notice.ifPresent(n -> TransitionEvents.post(context.getClient(), resource, "Warning", n.reason(), n.message(), now));
    resource.setStatus(after);
    context.getClient().resource(resource).patchStatus();
  }

  private static io.modeldeploy.api.CostStatus cost(Quote quote, ModelDeploymentSpec spec, boolean suspended) {
    CostEstimate estimate = quote.estimate();
    boolean payAsYouGo = spec.getBilling().effectivePlan() == BillingPlan.PayAsYouGo;
    return (suspended && payAsYouGo ? estimate.whileSuspended() : estimate).toStatus();
  }
}
