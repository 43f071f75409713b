package io.modeldeploy.cost;

import io.modeldeploy.api.CostStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Pay-as-you-go cost accrued while billable, billed by the minute as the vendor does for model
 * units. Written at a bounded rate: when the refresh interval has passed, or when the phase or the price
 * changes (the time before the change is settled at the old price). Between writes the recorded
 * figures stand, so a status that nothing else changed is not rewritten.
 */
public final class Accrual {

  private Accrual() {}

  /**
   * @param before the cost recorded so far (accrued, accruedAt, and the hourly price that applied)
   * @param after the new cost block
   * @param billableBefore whether the deployment was billable since accruedAt
   * @param changed whether the phase, the price or the account changes now
   * @param refresh how often the figure is brought up to date between changes; empty: only on changes
   * @return a copy of after with accrued and accruedAt; neither argument is modified
   */
  public static CostStatus carry(CostStatus before, CostStatus after, boolean billableBefore, boolean changed, Instant now,
      Optional<Duration> refresh) {
    if (after == null) return null;
    CostStatus carried = after.copy();
    BigDecimal accrued = before == null || before.getAccrued() == null ? BigDecimal.ZERO : new BigDecimal(before.getAccrued());
    Instant since = before == null || before.getAccruedAt() == null ? null : Instant.parse(before.getAccruedAt());
    if (since == null) {
      carried.setAccrued(CostEstimate.money(accrued).toPlainString());
      carried.setAccruedAt(instant(now));
      return carried;
    }
    boolean due = changed || refresh.map(interval -> !now.isBefore(since.plus(interval))).orElse(false);
    if (!due) {
      carried.setAccrued(before.getAccrued());
      carried.setAccruedAt(before.getAccruedAt());
      return carried;
    }
    long minutes = Math.max(0, Duration.between(since, now).toMinutes());
    if (billableBefore && before.getHourly() != null)
      accrued = accrued.add(new BigDecimal(before.getHourly()).multiply(BigDecimal.valueOf(minutes)).divide(BigDecimal.valueOf(60), CostEngine.EXACT));
    carried.setAccrued(CostEstimate.money(accrued).toPlainString());
    // Whole minutes are billed; the started one is carried to the next write.
    carried.setAccruedAt(instant(billableBefore ? since.plus(Duration.ofMinutes(minutes)) : now));
    return carried;
  }

  /** When the next bounded write is due. */
  public static Instant nextWrite(CostStatus cost, Duration interval) {
    return Instant.parse(cost.getAccruedAt()).plus(interval);
  }

  private static String instant(Instant t) { return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS)); }
}
