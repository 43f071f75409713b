package io.modeldeploy.gateway;

import io.modeldeploy.api.UsageCounts;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * What gateway replicas count together: each deployment's throttling window and its usage by day
 * and month. Redis when configured (exact across replicas and restarts), else this process alone.
 */
public interface Counters extends AutoCloseable {

  /** Admits a call estimated at {@code estimate} tokens, or says why not. */
  Future<Admission> admit(String key, Long rpm, Long tpm, long estimate, long nowMillis);

  /** The call has ended: its window counts {@code actualTokens} instead of the reservation. */
  void settle(Admission admission, long actualTokens);

  /** Adds metered usage to the day's and the month's totals; completes once totals() includes it. */
  Future<Void> add(String key, String day, String month, UsageCounts delta);

  /** The day's and the month's totals, in that order. */
  Future<UsageCounts[]> totals(String key, String day, String month);

  /**
   * Before the first copy of a day's or month's totals to status: what status already shows for that
   * period is added to counters that lost it (a Redis restarted without persistence). A no-op where
   * status is added to rather than copied from the counters.
   */
  Future<Void> restore(String key, String day, String month, UsageCounts shownToday, UsageCounts shownThisMonth);

  /** Whether this replica writes the deployment's status.usage now: one replica per interval. */
  Future<Boolean> claimWriter(String key, Duration interval);

  /** Usage summed here and not yet in the shared totals goes there now (before a final status write). */
  Future<Void> flush();

  /** Whether limits are shared by every replica right now (false without Redis, or while it is unreachable). */
  boolean shared();

  @Override
  void close();
}
