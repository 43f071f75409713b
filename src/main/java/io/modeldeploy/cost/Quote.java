package io.modeldeploy.cost;

import io.modeldeploy.api.BillingPlan;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.UsageCounts;
import io.modeldeploy.catalog.Offer;
import io.modeldeploy.catalog.PriceCatalog;
import io.modeldeploy.validation.SpecError;
import io.modeldeploy.validation.SpecValidator;
import io.modeldeploy.validation.ValidationResult;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * What a spec costs, as the operator writes it to status and mdctl prints it: the validation
 * errors, or the estimate plus (for subscriptions) the term timeline as if ordered at a given instant.
 */
public record Quote(List<SpecError> errors, CostEstimate estimate, SubscriptionTimeline timeline, Offer offer) {

  public static Quote of(ModelDeploymentSpec spec, PriceCatalog catalog, ZonedDateTime orderedAt, ZoneId billingZone) {
    ValidationResult result = SpecValidator.validate(spec, catalog, billingZone);
    if (!result.isValid()) return new Quote(result.errors(), null, null, null);
    CostEstimate estimate = CostEngine.estimate(spec, result.offer(), catalog);
    SubscriptionTimeline timeline = null;
    if (spec.getBilling().effectivePlan() == BillingPlan.Subscription) {
      timeline = SubscriptionTimeline.of(orderedAt, spec.getBilling().getSubscription().getPeriods(),
          TermUnit.of(spec.getBilling().getMethod()), billingZone);
    }
    return new Quote(List.of(), estimate, timeline, result.offer());
  }

  /**
   * What metered usage cost, exact (a call can cost less than a cent; at least two decimals): every token of a TokenUsage deployment, the overflow tokens
   * of a provisioned-throughput one; empty for model units (billed by the hour whatever the traffic),
   * for a rejected spec and where the catalog does not price overflow.
   */
  public Optional<String> usageCost(ModelDeploymentSpec spec, UsageCounts counts) {
    if (offer == null || counts == null) return Optional.empty();
    return CostEngine.usageCost(spec, offer, counts).map(Quote::exactMoney);
  }

  /**
   * The hourly cost of this spec's capacity at a number of replicas (model units are priced per
   * replica; throughput and tokens have one capacity, whatever the replicas); zero when nothing is priced by the hour.
   */
  public java.math.BigDecimal hourlyAt(int replicas) {
    if (offer instanceof Offer.ModelUnitOffer units && units.spec().hourly() != null)
      return units.spec().hourly().multiply(java.math.BigDecimal.valueOf(replicas));
    return estimate == null || estimate.hourly() == null || replicas == 0 ? java.math.BigDecimal.ZERO : estimate.hourly();
  }

  private static String exactMoney(java.math.BigDecimal exact) {
    java.math.BigDecimal stripped = exact.stripTrailingZeros();
    return (stripped.scale() < 2 ? stripped.setScale(2) : stripped).toPlainString();
  }
}
