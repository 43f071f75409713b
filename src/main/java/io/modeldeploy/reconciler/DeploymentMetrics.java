package io.modeldeploy.reconciler;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus view of each deployment: one series per phase (0/1), estimated hourly cost, desired and
 * ready replicas; counters of phase transitions and provider errors. Labels are namespace, name,
 * model and billing method only (plus the phase or reason on the series that need one).
 */
@ApplicationScoped
public class DeploymentMetrics {

  /** What the gauges of one deployment read. */
  private static final class Reading {
    volatile Phase phase;
    volatile double hourlyCost = Double.NaN;
    volatile int desired;
    volatile int ready;
    volatile java.time.Instant expiresAt;
    volatile double accrued = Double.NaN;
    volatile java.time.Instant accruedAt;
    volatile boolean billable;
    volatile double overflowPriced = Double.NaN;
    volatile double usageToday = Double.NaN;

    /** Status is written every few minutes; the gauge adds the minutes since, at the current price. */
    double accruedNow(java.time.Instant now) {
      if (Double.isNaN(accrued) || accruedAt == null || !billable || Double.isNaN(hourlyCost)) return accrued;
      return accrued + hourlyCost * Math.max(0, java.time.Duration.between(accruedAt, now).toMinutes()) / 60.0;
    }
  }

  private record Registered(Tags tags, Reading reading, List<Meter> meters) {}

  private final MeterRegistry registry;
  private final java.time.Clock clock;
  private final Map<String, Registered> deployments = new ConcurrentHashMap<>();
  private final Map<String, AccountGauge> accounts = new ConcurrentHashMap<>();

  @Inject
  public DeploymentMetrics(MeterRegistry registry, java.time.Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** The remaining balance of a BillingAccount, as its status says. */
  public void account(String namespace, String name, String remaining) {
    accounts.computeIfAbsent(namespace + "/" + name, k -> {
      var value = new java.util.concurrent.atomic.AtomicReference<>(Double.NaN);
      Gauge gauge = Gauge.builder("modeldeploy.account.remaining", value, v -> v.get())
          .description("remaining balance of a BillingAccount in the catalog's currency")
          .tags(Tags.of("namespace", namespace, "name", name)).register(registry);
      return new AccountGauge(value, gauge);
    }).value().set(remaining == null ? Double.NaN : Double.parseDouble(remaining));
  }

  /** The account is gone: its gauge goes too. */
  public void forgetAccount(String namespace, String name) {
    AccountGauge gone = accounts.remove(namespace + "/" + name);
    if (gone != null) registry.remove(gone.gauge());
  }

  private record AccountGauge(java.util.concurrent.atomic.AtomicReference<Double> value, Gauge gauge) {}

  /** After a reconcile: the gauges read the new status; a phase change counts as a transition. */
  public void observe(ModelDeployment resource, ModelDeploymentStatus before, ModelDeploymentStatus after) {
    Registered r = registered(resource);
    r.reading().phase = after.getPhase();
    r.reading().hourlyCost = after.getCost() == null || after.getCost().getHourly() == null ? Double.NaN
        : Double.parseDouble(after.getCost().getHourly());
    r.reading().ready = after.getReadyReplicas() == null ? 0 : after.getReadyReplicas();
    var cost = after.getCost();
    r.reading().accrued = cost == null || cost.getAccrued() == null ? Double.NaN : Double.parseDouble(cost.getAccrued());
    r.reading().accruedAt = cost == null || cost.getAccruedAt() == null ? null : java.time.Instant.parse(cost.getAccruedAt());
    r.reading().overflowPriced = cost == null || cost.getOverflowPriced() == null ? Double.NaN
        : cost.getOverflowPriced() ? 1 : 0;
    r.reading().usageToday = cost == null || cost.getUsageToday() == null ? Double.NaN : Double.parseDouble(cost.getUsageToday());
    r.reading().billable = after.getPhase() != null && after.getPhase().billable();
    r.reading().expiresAt = after.getSubscription() == null || after.getSubscription().getExpiresAt() == null ? null
        : java.time.OffsetDateTime.parse(after.getSubscription().getExpiresAt()).toInstant();
    r.reading().desired = after.desiredReplicas();
    Phase previous = before == null ? null : before.getPhase();
    if (after.getPhase() != null && after.getPhase() != previous)
      registry.counter("modeldeploy.transitions", r.tags().and("phase", after.getPhase().name())).increment();
  }

  /** A provider refused, throttled or failed; reason is a stable CamelCase reason. */
  public void providerError(ModelDeployment resource, String reason) {
    registry.counter("modeldeploy.provider.errors", registered(resource).tags().and("reason", reason)).increment();
  }

  /** The deployment is gone: its series go too. */
  public void forget(ModelDeployment resource) {
    Registered r = deployments.remove(key(resource));
    if (r != null) r.meters().forEach(registry::remove);
  }

  private Registered registered(ModelDeployment resource) {
    Tags tags = Tags.of("namespace", resource.getMetadata().getNamespace(), "name", resource.getMetadata().getName(),
        "model", resource.getSpec() == null ? "" : String.valueOf(resource.getSpec().getModel()),
        "billing_method", resource.getSpec() == null || resource.getSpec().getBilling() == null
            ? "" : String.valueOf(resource.getSpec().getBilling().getMethod()));
    return deployments.compute(key(resource), (k, existing) -> {
      if (existing != null && existing.tags().equals(tags)) return existing;
      if (existing != null) existing.meters().forEach(registry::remove);
      Reading reading = new Reading();
      List<Meter> meters = new ArrayList<>();
      for (Phase phase : Phase.values())
        meters.add(Gauge.builder("modeldeploy.phase", reading, x -> x.phase == phase ? 1 : 0)
            .description("1 for the deployment's current phase, 0 for the others").tags(tags.and("phase", phase.name()))
            .register(registry));
      meters.add(Gauge.builder("modeldeploy.cost.hourly", reading, x -> x.hourlyCost)
          .description("estimated cost per hour in the catalog's currency").tags(tags).register(registry));
      meters.add(Gauge.builder("modeldeploy.replicas.desired", reading, x -> x.desired).tags(tags).register(registry));
      meters.add(Gauge.builder("modeldeploy.replicas.ready", reading, x -> x.ready).tags(tags).register(registry));
      meters.add(Gauge.builder("modeldeploy.cost.accrued", reading, x -> x.accruedNow(clock.instant()))
          .description("pay-as-you-go cost accrued so far, to the minute").tags(tags).register(registry));
      meters.add(Gauge.builder("modeldeploy.cost.overflow.priced", reading, x -> x.overflowPriced)
          .description("provisioned throughput: 1 if the catalog prices overflow tokens, 0 if their cost is not priced")
          .tags(tags).register(registry));
      meters.add(Gauge.builder("modeldeploy.cost.usage.today", reading, x -> x.usageToday)
          .description("what the day's metered tokens cost (status.cost.usageToday): all tokens for TokenUsage, overflow for ProvisionedThroughput")
          .tags(tags).register(registry));
      meters.add(Gauge.builder("modeldeploy.subscription.expiry.seconds", reading,
              x -> x.expiresAt == null ? Double.NaN : java.time.Duration.between(clock.instant(), x.expiresAt).toSeconds())
          .description("seconds until a prepaid term expires (negative once expired)").tags(tags).register(registry));
      return new Registered(tags, reading, meters);
    });
  }

  private static String key(ModelDeployment resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
