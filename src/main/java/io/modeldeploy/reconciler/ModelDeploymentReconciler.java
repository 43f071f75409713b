package io.modeldeploy.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.modeldeploy.api.BillingAccount;
import io.modeldeploy.api.BillingPlan;
import io.modeldeploy.api.ModelGrant;
import io.modeldeploy.validation.Privileges;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import io.modeldeploy.api.ProviderType;
import io.modeldeploy.catalog.PriceCatalogs;
import io.modeldeploy.config.OperatorConfig;
import io.modeldeploy.cost.Quote;
import io.modeldeploy.cost.TermUnit;
import io.modeldeploy.lifecycle.Budget;
import io.modeldeploy.lifecycle.Cancellation;
import io.modeldeploy.lifecycle.Lifecycle;
import io.modeldeploy.lifecycle.Metering;
import io.modeldeploy.lifecycle.SubscriptionTerm;
import io.modeldeploy.provider.DesiredDeployment;
import io.modeldeploy.provider.LeanCache;
import io.modeldeploy.provider.ModelProvider;
import io.modeldeploy.provider.Observation;
import io.modeldeploy.provider.ProviderRejection;
import io.modeldeploy.provider.ProviderState;
import io.modeldeploy.provider.Providers;
import io.modeldeploy.rollout.Rollouts;
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
@ControllerConfiguration(name = "modeldeployment", generationAwareEventProcessing = false,
    informer = @Informer(itemStore = LeanCache.ModelDeployments.class))
@RBACRule(apiGroups = "apps", resources = "deployments", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH,
    RBACVerbs.CREATE, RBACVerbs.UPDATE, RBACVerbs.PATCH, RBACVerbs.DELETE})
@RBACRule(apiGroups = "", resources = "services", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH,
    RBACVerbs.CREATE, RBACVerbs.UPDATE, RBACVerbs.PATCH, RBACVerbs.DELETE})
@RBACRule(apiGroups = "policy", resources = "poddisruptionbudgets", verbs = {RBACVerbs.GET, RBACVerbs.LIST,
    RBACVerbs.WATCH, RBACVerbs.CREATE, RBACVerbs.UPDATE, RBACVerbs.PATCH, RBACVerbs.DELETE})
// The autoscaler writes spec.replicas through the scale subresource, or owns a HorizontalPodAutoscaler.
@RBACRule(apiGroups = "modeldeploy.io", resources = "modeldeployments/scale", verbs = {RBACVerbs.GET, RBACVerbs.PATCH, RBACVerbs.UPDATE})
@RBACRule(apiGroups = "autoscaling", resources = "horizontalpodautoscalers", verbs = {RBACVerbs.GET, RBACVerbs.LIST,
    RBACVerbs.WATCH, RBACVerbs.CREATE, RBACVerbs.UPDATE, RBACVerbs.PATCH, RBACVerbs.DELETE})
@RBACRule(apiGroups = "", resources = "pods", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@RBACRule(apiGroups = "", resources = "events", verbs = {RBACVerbs.CREATE})
// Only the API key Secret (modeldeploy.modelstudio.api-key-secret.name; the chart templates the configured name).
@RBACRule(apiGroups = "", resources = "secrets", resourceNames = "modelstudio-api-key", verbs = {RBACVerbs.GET})
// The cluster's identity in vendor deployments' names, unless modeldeploy.modelstudio.cluster-id is set.
@RBACRule(apiGroups = "", resources = "namespaces", resourceNames = "kube-system", verbs = {RBACVerbs.GET})
@RBACRule(apiGroups = "modeldeploy.io", resources = "billingaccounts", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@RBACRule(apiGroups = "modeldeploy.io", resources = "modelgrants", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
// fabric8's leader elector renews the lease with PATCH (found on the real API server: without it leadership is lost after the first term).
@RBACRule(apiGroups = "coordination.k8s.io", resources = "leases", verbs = {RBACVerbs.GET, RBACVerbs.CREATE, RBACVerbs.UPDATE,
    RBACVerbs.PATCH})
public class ModelDeploymentReconciler implements Reconciler<ModelDeployment>, Cleaner<ModelDeployment> {

  @Inject Providers providers;
  @Inject PriceCatalogs catalogs;
  @Inject OperatorConfig config;
  @Inject Clock clock;
  @Inject DeploymentMetrics metrics;
  @Inject Autoscale autoscale;
  @Inject RolloutDriver rollouts;

  static final String ACCOUNTS = "billing-accounts";
  static final String GRANTS = "model-grants";

  @Override
  public List<EventSource<?, ModelDeployment>> prepareEventSources(EventSourceContext<ModelDeployment> context) {
    List<EventSource<?, ModelDeployment>> sources = new ArrayList<>();
    providers.all().forEach(p -> sources.addAll(p.eventSources(context)));
    // An account's change, or a grant given or revoked, concerns every deployment of its namespace.
    // Both are read from their informer's cache by namespace (see accounts(), grant()), so a deployment
    // created after their last change still finds them.
    sources.add(wholeNamespace(BillingAccount.class, ACCOUNTS, context));
    sources.add(wholeNamespace(ModelGrant.class, GRANTS, context));
    return sources;
  }

  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> InformerEventSource<R, ModelDeployment> wholeNamespace(
      Class<R> type, String name, EventSourceContext<ModelDeployment> context) {
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, ModelDeployment.class)
        .withName(name)
        .withSecondaryToPrimaryMapper(changed -> context.getPrimaryCache()
            .list(md -> md.getMetadata().getNamespace().equals(changed.getMetadata().getNamespace()))
            .map(ResourceID::fromResource).collect(java.util.stream.Collectors.toSet()))
        .build(), context);
  }

  @Override
  public UpdateControl<ModelDeployment> reconcile(ModelDeployment resource, Context<ModelDeployment> context) {
    Instant now = clock.instant();
    ModelDeploymentSpec spec = resource.getSpec();
    ModelDeploymentStatus before = resource.getStatus();
    ProviderType type = providers.typeOf(resource);
    Optional<ModelProvider> provider = providers.forType(type);

    ZoneId zone = config.billing().timeZone();
    Quote quote = Quote.of(spec, catalogs.forProvider(type), now.atZone(zone), zone);
    List<SpecError> errors = new ArrayList<>(quote.errors());
    if (errors.isEmpty() && config.privileges().enforce())
      Privileges.check(resource.getMetadata().getNamespace(), spec, grant(resource, context)).ifPresent(errors::add);
    if (errors.isEmpty()) errors.addAll(providerErrors(resource, type, provider));
    // A term the vendor sells is dated from the purchase it reports (after act), and only the vendor stops or releases it.
    boolean vendorTerm = errors.isEmpty() && provider.map(p -> p.vendorManagesTerm(resource)).orElse(false);
    SubscriptionTerm term = errors.isEmpty() && !vendorTerm ? term(spec, before, now, null, null) : null;
    // Evaluated for a rejected edit too: what runs keeps billing, so its accrual keeps counting.
    Budget budget = spec != null && spec.getBilling() != null ? budget(resource, context, now) : null;
    boolean released = (term != null && term.stage() == SubscriptionTerm.Stage.Released)
        || (budget != null && budget.stage() == Budget.Stage.Released);
    // Past the grace period nothing serves, but workloads and configuration are kept.
    boolean serviceStopped = term != null && term.stage() == SubscriptionTerm.Stage.ServiceStopped;
    Optional<DesiredDeployment> asked = errors.isEmpty() && !released && provider.isPresent()
        ? Optional.of(DesiredDeployment.of(resource)) : Optional.empty();
    Optional<Rollouts.Plan> plan = asked.map(a -> rollouts.plan(resource, serviceStopped ? 0 : a.replicas()));
    Optional<DesiredDeployment> desired = plan.map(p -> asked.get().forRevision(p.stable(), false, p.replicas()));
    Observation observation = act(provider, errors, resource, context, desired, released);
    // The new revision of a rollout, once the stable one was acted on without a refusal.
    Optional<RolloutDriver.Acted> acted = plan.filter(p -> errors.isEmpty())
        .map(p -> rollouts.act(provider.get(), p, desired.get(), resource, context));
    if (vendorTerm && observation.termStartedAt() != null)
      term = term(spec, before, now, observation.termStartedAt(), observation.termExpiresAt());

    boolean suspended = spec != null && Boolean.TRUE.equals(spec.getSuspend());
    ModelDeploymentStatus after = Lifecycle.next(new Lifecycle.Input(resource.getMetadata().getGeneration(), before,
        errors, observation, errors.isEmpty() ? Metering.shown(quote, spec, before == null ? null : before.getUsage()) : null,
        spec == null ? null : spec.capacityDisplay(), term, budget,
        errors.isEmpty() ? DesiredDeployment.of(resource).replicas() : 0, suspended, false, now, type));
    if (budget != null) after.setCost(Metering.accrue(before, after, budget, config.billing().accrualInterval(), now));
    rollouts.apply(resource, acted, observation, quote, other -> Quote.of(other, catalogs.forProvider(type), now.atZone(zone), zone),
        after, now);
    Optional<Duration> scaling = autoscale.apply(resource, quote, errors.isEmpty(), before, after, context.getClient(), type, now);

    metrics.observe(resource, before, after);
    if (observation.state() == ProviderState.Unavailable) metrics.providerError(resource, observation.reason());
    if (!after.equals(before)) writeStatus(resource, before, after, context, now);
    rollouts.removeAcknowledged(resource, after, context.getClient());
    Optional<Duration> recheck = earliest(earliest(Optional.ofNullable(observation.recheckAfter()),
        until(term == null ? Optional.empty() : term.nextTransitionAt().map(t -> t.toInstant()), now)),
        earliest(until(budget == null ? Optional.empty() : budget.releaseAt(), now),
            until(Metering.nextAccrual(after, budget, config.billing().accrualInterval()), now)));
    recheck = earliest(earliest(recheck, scaling), rollouts.recheck(resource, after, now));
    UpdateControl<ModelDeployment> control = UpdateControl.noUpdate();
    return recheck.isEmpty() ? control : control.rescheduleAfter(recheck.get());
  }

  /**
   * The status patch, then the Events that announce it: an Event never tells of a status that failed
   * to be written (the write's failure fails the reconcile, which is retried). A JSON patch of the
   * status from what was read, without optimistic locking, as the SDK's own patchStatus does; the
   * answer goes into the SDK's cache, as its own writes do, so the next pass starts from it.
   */
  private static void writeStatus(ModelDeployment resource, ModelDeploymentStatus before, ModelDeploymentStatus after,
      Context<ModelDeployment> context, Instant now) {
    ModelDeployment read = context.getClient().getKubernetesSerialization().clone(resource);
    read.getMetadata().setResourceVersion(null);
    ModelDeployment written = context.getClient().resource(read).editStatus(r -> {
      r.setStatus(after);
      return r;
    });
    context.eventSourceRetriever().getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(resource), written, resource);
    TransitionEvents.emit(context.getClient(), resource, before, after, now);
  }

  /** Why the provider cannot take this spec: not here, a move to another provider, or its own refusal. */
  private List<SpecError> providerErrors(ModelDeployment resource, ProviderType type, Optional<ModelProvider> provider) {
    ProviderType requested = resource.getSpec().getProvider();
    if (requested != null && requested != type)
      return List.of(new SpecError("spec.provider", "ProviderChangeNotSupported", "this deployment runs on " + type
          + " and cannot move to " + requested + " (what runs would be orphaned and keep billing): create a new"
          + " ModelDeployment with provider " + requested + ", switch traffic to it, then delete this one"));
    if (provider.isEmpty())
      return List.of(new SpecError("spec.provider", "ProviderNotAvailable", "this operator has no " + type
          + " provider; it has " + providers.all().stream().map(p -> p.type().name()).toList()));
    return provider.get().check(resource);
  }

  /** The prepaid term, for Subscription plans: what status recorded, moved on to now. */
  private SubscriptionTerm term(ModelDeploymentSpec spec, ModelDeploymentStatus before, Instant now, Instant boughtAt,
      Instant expiresAt) {
    if (spec.getBilling().effectivePlan() != BillingPlan.Subscription) return null;
    var subscription = spec.getBilling().getSubscription();
    return SubscriptionTerm.evaluate(before == null ? null : before.getSubscription(), subscription.getPeriods(),
        Boolean.TRUE.equals(subscription.getAutoRenew()), TermUnit.of(spec.getBilling().getMethod()),
        config.billing().timeZone(), now, boughtAt, expiresAt);
  }

  /** Where a pay-as-you-go deployment stands with its account: the one it names, else the namespace's only one. */
  private Budget budget(ModelDeployment resource, Context<ModelDeployment> context, Instant now) {
    if (resource.getSpec().getBilling().effectivePlan() != BillingPlan.PayAsYouGo) return null;
    String named = resource.getSpec().getBilling().getAccount();
    List<BillingAccount> accounts = accounts(resource, context);
    Optional<BillingAccount> account = named != null ? named(accounts, named)
        : accounts.size() == 1 ? Optional.of(accounts.get(0)) : Optional.empty();
    return Budget.evaluate(account, resource.getMetadata().getNamespace(), now);
  }

  private static Optional<ModelGrant> grant(ModelDeployment resource, Context<ModelDeployment> context) {
    return NamespaceCache.list(context, ModelGrant.class, GRANTS, resource.getMetadata().getNamespace()).stream()
        .filter(g -> ModelGrant.NAME.equals(g.getMetadata().getName())).findFirst();
  }

  private static List<BillingAccount> accounts(ModelDeployment resource, Context<ModelDeployment> context) {
    return NamespaceCache.list(context, BillingAccount.class, ACCOUNTS, resource.getMetadata().getNamespace());
  }

  private static Optional<BillingAccount> named(List<BillingAccount> accounts, String name) {
    return accounts.stream().filter(a -> a.getMetadata().getName().equals(name)).findFirst();
  }

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
      Context<ModelDeployment> context, Optional<DesiredDeployment> stable, boolean released) {
    // Without a spec (refused by the schema, but an older CRD may let one through) there is nothing to look for.
    if (provider.isEmpty() || resource.getSpec() == null) return Observation.notFound();
    Optional<java.time.Duration> retry = Optional.empty();
    try {
      if (errors.isEmpty() && released) {
        // Past a term's retention or an overdue account's 24 h: what ran is released; the
        // ModelDeployment stays, ready to be renewed or topped up.
        provider.get().delete(resource, context);
        return Observation.notFound();
      }
      if (errors.isEmpty() && stable.isPresent()) return provider.get().ensure(stable.get(), resource, context);
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
    ModelDeploymentStatus status = resource.getStatus();
    if (status == null || status.getPhase() != Phase.Deleting) status = recordDeletion(resource, context);
    boolean gone = providers.forResource(resource).map(p -> p.delete(resource, context)).orElse(true);
    if (gone && accountHasFinalAccrual(resource, status, context)) {
      metrics.forget(resource);
      autoscale.forget(resource);
      rollouts.forget(resource);
      return DeleteControl.defaultDelete();
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(config.deletePollInterval());
  }

  /**
   * Nothing is refunded by a deletion: the finalizer stays until the account it draws on has seen its
   * final accrual (the account then settles it exactly once). An account that no longer exists waits for nothing.
   */
  private static boolean accountHasFinalAccrual(ModelDeployment resource, ModelDeploymentStatus status,
      Context<ModelDeployment> context) {
    String named = status == null || status.getCost() == null ? null : status.getCost().getAccount();
    if (named == null) return true;
    return named(accounts(resource, context), named).map(a -> Budget.acknowledged(a, resource.getMetadata().getUid(), status.getCost().getAccrued())).orElse(true);
  }

  /**
   * Once per deletion, before anything is removed (Cleaner has no status control): the Deleting
   * status with the accrual settled to now, and for prepaid plans what ending the term costs, in the
   * status and an Event. Returns the status written.
   */
  private ModelDeploymentStatus recordDeletion(ModelDeployment resource, Context<ModelDeployment> context) {
    Instant now = clock.instant();
    ModelDeploymentStatus before = resource.getStatus();
    ModelDeploymentStatus after = Lifecycle.deleting(before, resource.getMetadata().getGeneration(), now);
    Budget budget = resource.getSpec() != null && resource.getSpec().getBilling() != null ? budget(resource, context, now) : null;
    if (budget != null && after.getCost() != null)
      after.setCost(Metering.accrue(before, after, budget, config.billing().accrualInterval(), now));
    Optional<Cancellation.Notice> notice = Cancellation.onDelete(resource.getSpec(), before, now, config.billing().timeZone());
    notice.flatMap(Cancellation.Notice::charge).ifPresent(charge -> after.getCost().setCancellationCharge(charge.toPlainString()));
    writeStatus(resource, before, after, context, now);
    notice.ifPresent(n -> TransitionEvents.post(context.getClient(), resource, "Warning", n.reason(), n.message(), now));
    return after;
  }
}
