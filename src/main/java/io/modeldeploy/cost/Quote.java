package io.modeldeploy.cost;

import io.modeldeploy.api.BillingPlan;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.catalog.PriceCatalog;
import io.modeldeploy.validation.SpecError;
import io.modeldeploy.validation.SpecValidator;
import io.modeldeploy.validation.ValidationResult;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * What a spec costs, as the operator writes it to status and mdctl prints it: the validation
 * errors, or the estimate plus (for subscriptions) the term timeline as if ordered at a given instant.
 */
public record Quote(List<SpecError> errors, CostEstimate estimate, SubscriptionTimeline timeline) {

  public static Quote of(ModelDeploymentSpec spec, PriceCatalog catalog, ZonedDateTime orderedAt, ZoneId billingZone) {
    ValidationResult result = SpecValidator.validate(spec, catalog);
    if (!result.isValid()) return new Quote(result.errors(), null, null);
    CostEstimate estimate = CostEngine.estimate(spec, result.offer(), catalog);
    SubscriptionTimeline timeline = null;
    if (spec.getBilling().effectivePlan() == BillingPlan.Subscription) {
      timeline = SubscriptionTimeline.of(orderedAt, spec.getBilling().getSubscription().getPeriods(),
          TermUnit.of(spec.getBilling().getMethod()), billingZone);
    }
    return new Quote(List.of(), estimate, timeline);
  }
}
