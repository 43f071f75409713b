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
   * @param after the new cost block, which receives accrued and accruedAt
   * @param billableBefore whether the deployment was billable since accruedAt
   * @param changed whether the phase or the price changes now
   * @param refresh how often the figure is brought up to date between changes; empty: only on changes
   */
  public static void carry(CostStatus before, CostStatus after, boolean billableBefore, boolean changed, Instant now,
      Optional<Duration> refresh) {
    if (after == null) return;
    BigDecimal accrued = before == null || before.getAccrued() == null ? BigDecimal.ZERO : new BigDecimal(before.getAccrued());
    Instant since = before == null || before.getAccruedAt() == null ? null : Instant.parse(before.getAccruedAt());
    if (since == null) {
      after.setAccrued(CostEstimate.money(accrued).toPlainString());
      after.setAccruedAt(instant(now));
      return;
    }
    boolean due = changed || refresh.map(interval -> !now.isBefore(since.plus(interval))).orElse(false);
    if (!due) {
      after.setAccrued(before.getAccrued());
      after.setAccruedAt(before.getAccruedAt());
      return;
    }
    long minutes = Math.max(0, Duration.between(since, now).toMinutes());
    if (billableBefore && before.getHourly() != null)
      accrued = accrued.add(new BigDecimal(before.getHourly()).multiply(BigDecimal.valueOf(minutes)).divide(BigDecimal.valueOf(60), CostEngine.EXACT));
    after.setAccrued(CostEstimate.money(accrued).toPlainString());
    // Whole minutes are billed; the started one is carried to the next write.
    after.setAccruedAt(instant(billableBefore ? since.plus(Duration.ofMinutes(minutes)) : now));
  }

  /** When the next bounded write is due. */
  public static Instant nextWrite(CostStatus cost, Duration interval) {
    return Instant.parse(cost.getAccruedAt()).plus(interval);
  }

  private static String instant(Instant t) { return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS)); }
}
