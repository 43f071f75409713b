package io.modeldeploy.lifecycle;

import io.modeldeploy.api.BillingPlan;
import io.modeldeploy.api.CostStatus;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.cost.Accrual;
import io.modeldeploy.api.UsageStatus;
import io.modeldeploy.cost.Quote;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The billing policy of one deployment, as pure functions: which cost figures it shows, how its
 * pay-as-you-go accrual moves on, which account it is drawn on, and when the figure is next due.
 */
public final class Metering {

  private Metering() {}

  /**
   * Pay-as-you-go bills nothing while suspended; a prepaid term costs the same whatever runs. What the
   * gateway metered (status.usage) is priced beside the estimate.
   */
  public static CostStatus shown(Quote quote, ModelDeploymentSpec spec, UsageStatus usage) {
    boolean payAsYouGo = spec.getBilling().effectivePlan() == BillingPlan.PayAsYouGo;
    boolean suspended = Boolean.TRUE.equals(spec.getSuspend());
    CostStatus shown = (suspended && payAsYouGo ? quote.estimate().whileSuspended() : quote.estimate()).toStatus();
    if (usage != null) {
      shown.setUsageToday(quote.usageCost(spec, usage.getToday()).orElse(null));
      shown.setUsageThisMonth(quote.usageCost(spec, usage.getThisMonth()).orElse(null));
    }
    return shown;
  }

  /**
   * The cost block to write: after's figures with the accrual carried from before, settled at once
   * when the phase, the price or the account changes, else at the refresh interval. A change of
   * account opens the new one at the settled figure, so each account is charged only its own share.
   */
  public static CostStatus accrue(ModelDeploymentStatus before, ModelDeploymentStatus after, Budget budget,
      Duration interval, Instant now) {
    CostStatus was = before == null ? null : before.getCost();
    String account = drawnOn(budget);
    boolean switched = was != null && !Objects.equals(was.getAccount(), account);
    boolean changed = before == null || before.getPhase() != after.getPhase() || switched
        || !Objects.equals(was == null ? null : was.getHourly(), after.getCost() == null ? null : after.getCost().getHourly());
    boolean billableBefore = before != null && before.getPhase() != null && before.getPhase().billable();
    CostStatus carried = Accrual.carry(was, after.getCost(), billableBefore, changed, now, refresh(budget, interval));
    if (carried == null) return null;
    carried.setAccount(account);
    carried.setAccruedAtAccountStart(switched || was == null || was.getAccruedAtAccountStart() == null
        ? carried.getAccrued() : was.getAccruedAtAccountStart());
    return carried;
  }

  /** When the bounded accrual write is next due: only for a billable deployment that draws on an account. */
  public static Optional<Instant> nextAccrual(ModelDeploymentStatus status, Budget budget, Duration interval) {
    if (status.getCost() == null || status.getCost().getAccruedAt() == null || status.getPhase() == null
        || !status.getPhase().billable()) return Optional.empty();
    return refresh(budget, interval).map(every -> Accrual.nextWrite(status.getCost(), every));
  }

  /**
   * Refreshed on a timer only for a deployment that draws on an account: without one nothing is
   * enforced, so a thousand running deployments cost the API server no writes (the gauge has the figure).
   */
  static Optional<Duration> refresh(Budget budget, Duration interval) {
    return drawnOn(budget) == null ? Optional.empty() : Optional.of(interval);
  }

  private static String drawnOn(Budget budget) {
    return budget == null || budget.stage() == Budget.Stage.NoAccount ? null : budget.account();
  }
}
