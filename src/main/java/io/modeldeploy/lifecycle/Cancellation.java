package io.modeldeploy.lifecycle;

import io.modeldeploy.api.BillingMethod;
import io.modeldeploy.api.BillingPlan;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.cost.CostEngine;
import io.modeldeploy.cost.CostEstimate;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * What deleting a prepaid deployment costs, said before the finalizer lets go: a monthly model-unit
 * subscription cancelled in its first month is charged used days x 1.2 x monthly / 30; a
 * provisioned-throughput subscription cannot be ended early, so its term is not refunded.
 */
public final class Cancellation {

  /** reason is stable CamelCase; charge is absent when nothing is charged on top of the term. */
  public record Notice(String reason, String message, Optional<BigDecimal> charge) {}

  private Cancellation() {}

  public static Optional<Notice> onDelete(ModelDeploymentSpec spec, ModelDeploymentStatus status, Instant now, ZoneId zone) {
    Optional<String> packs = packsServingOn(status);
    Optional<Notice> term = termOnDelete(spec, status, now, zone);
    if (packs.isEmpty()) return term;
    if (term.isEmpty()) return Optional.of(new Notice("CapacityPacksNotRefundable", packs.get(), Optional.empty()));
    return Optional.of(new Notice(term.get().reason(), term.get().message() + "; " + packs.get(), term.get().charge()));
  }

  /** Capacity packs are prepaid and cannot be ended early either: the vendor keeps them (and the model code) until they expire. */
  private static Optional<String> packsServingOn(ModelDeploymentStatus status) {
    if (status == null || status.getCapacityPacks() == null) return Optional.empty();
    var serving = status.getCapacityPacks().stream().filter(p -> p.getInstanceId() != null && !"STOPPED".equals(p.getState()))
        .map(p -> p.getName() + " until " + (p.getExpiresAt() == null ? "its term ends" : p.getExpiresAt())).toList();
    if (serving.isEmpty()) return Optional.empty();
    return Optional.of("capacity packs cannot be ended early and are not refunded: " + String.join(", ", serving)
        + " serve on, and the vendor keeps the model code " + status.getModelCode() + " for them, until they expire; nothing more is"
        + " charged unless a pack was set to renew itself (turn that off in the vendor's console)");
  }

  private static Optional<Notice> termOnDelete(ModelDeploymentSpec spec, ModelDeploymentStatus status, Instant now, ZoneId zone) {
    if (spec == null || spec.getBilling() == null || spec.getBilling().effectivePlan() != BillingPlan.Subscription
        || status == null || status.getSubscription() == null || status.getSubscription().getStartedAt() == null
        || status.getCost() == null) return Optional.empty();
    String currency = status.getCost().getCurrency();
    if (spec.getBilling().getMethod() == BillingMethod.ProvisionedThroughput)
      return Optional.of(new Notice("TermNotRefundable", "provisioned-throughput subscriptions cannot be ended early: the term "
          + "until " + status.getSubscription().getExpiresAt() + " is not refunded (it cost " + status.getCost().getTermTotal()
          + " " + currency + ")" + (Boolean.TRUE.equals(spec.getBilling().getSubscription().getAutoRenew())
              ? "; it was set to renew itself: turn auto-renewal off where the term was bought (the vendor's console), or it is"
                  + " renewed and charged again"
              : " and is not renewed: nothing more is charged"), Optional.empty()));
    if (spec.getBilling().getMethod() != BillingMethod.ModelUnit || status.getCost().getMonthly() == null) return Optional.empty();
    ZonedDateTime started = ZonedDateTime.parse(status.getSubscription().getStartedAt());
    BigDecimal monthly = new BigDecimal(status.getCost().getMonthly());
    return Optional.of(CostEngine.earlyCancellation(monthly, started, now.atZone(zone))
        .map(c -> new Notice("EarlyCancellationCharge", "cancelled within the first month: " + c.usedDays() + " used day"
            + (c.usedDays() == 1 ? "" : "s") + " x 1.2 x " + monthly.toPlainString() + " / 30 = "
            + CostEstimate.money(c.amount()).toPlainString() + " " + currency, Optional.of(CostEstimate.money(c.amount()))))
        .orElse(new Notice("NoCancellationCharge", "cancelled after the first month: no early-cancellation charge; the vendor's "
            + "refund rules for the rest of the term apply", Optional.empty())));
  }
}
