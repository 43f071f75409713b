package io.modeldeploy.gateway;

import io.modeldeploy.api.UsageCounts;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counters of this replica alone: without Redis, or while it is unreachable. */
public final class LocalCounters implements Counters {

  private static final class Current {
    long window = -1;
    long requests;
    long tokens;
  }

  private final Map<String, Current> windows = new ConcurrentHashMap<>();
  private final Map<String, UsageCounts> usage = new ConcurrentHashMap<>();

  @Override
  public Future<Admission> admit(String key, Long rpm, Long tpm, long estimate, long nowMillis) {
    return Future.succeededFuture(admitNow(key, rpm, tpm, estimate, nowMillis));
  }

  Admission admitNow(String key, Long rpm, Long tpm, long estimate, long nowMillis) {
    if (Window.unlimited(rpm, tpm)) return Admission.unlimited(key);
    long window = Window.of(nowMillis);
    Current current = windows.computeIfAbsent(key, k -> new Current());
    synchronized (current) {
      if (current.window != window) {
        current.window = window;
        current.requests = 0;
        current.tokens = 0;
      }
      Window.Verdict verdict = Window.decide(current.requests, current.tokens, rpm, tpm, estimate);
      if (verdict.admitted()) {
        current.requests++;
        current.tokens += estimate;
      }
      return new Admission(key, window, estimate, verdict, Window.retryAfterSeconds(nowMillis), false);
    }
  }

  @Override
  public void settle(Admission admission, long actualTokens) {
    if (!admission.counted()) return;
    Current current = windows.get(admission.key());
    if (current == null) return;
    synchronized (current) {
      if (current.window == admission.window()) current.tokens += actualTokens - admission.reserved();
    }
  }

  @Override
  public Future<Void> add(String key, String day, String month, UsageCounts delta) {
    usage.merge(key + "|d|" + day, delta, LocalCounters::sum);
    usage.merge(key + "|m|" + month, delta, LocalCounters::sum);
    return Future.succeededFuture();
  }

  @Override
  public Future<UsageCounts[]> totals(String key, String day, String month) {
    return Future.succeededFuture(new UsageCounts[] {
        usage.getOrDefault(key + "|d|" + day, new UsageCounts()), usage.getOrDefault(key + "|m|" + month, new UsageCounts())});
  }

  /**
   * Takes the day's and the month's counts out, for a writer that adds them to what status shows
   * (without Redis each replica adds its own share); put back with add() if that write fails.
   */
  public UsageCounts[] drain(String key, String day, String month) {
    // An earlier day's share can no longer be shown (status.usage.today is today's); its month's share still can.
    usage.keySet().removeIf(k -> k.startsWith(key + "|d|") && !k.equals(key + "|d|" + day));
    UsageCounts today = usage.remove(key + "|d|" + day);
    UsageCounts thisMonth = usage.remove(key + "|m|" + month);
    return new UsageCounts[] {today == null ? new UsageCounts() : today, thisMonth == null ? new UsageCounts() : thisMonth};
  }

  /** What drain took, back for the next write. */
  public void putBack(String key, String day, String month, UsageCounts[] share) {
    usage.merge(key + "|d|" + day, share[0], LocalCounters::sum);
    usage.merge(key + "|m|" + month, share[1], LocalCounters::sum);
  }

  /** Without Redis, status is added to, not copied from these counts: nothing to restore. */
  @Override
  public Future<Void> restore(String key, String day, String month, UsageCounts shownToday, UsageCounts shownThisMonth) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> claimWriter(String key, Duration interval) { return Future.succeededFuture(true); }

  /** Nothing is shared: nothing to send. */
  @Override
  public Future<Void> flush() { return Future.succeededFuture(); }

  @Override
  public boolean shared() { return false; }

  @Override
  public void close() {}

  static UsageCounts sum(UsageCounts a, UsageCounts b) {
    return new UsageCounts(a.getRequests() + b.getRequests(), a.getInputTokens() + b.getInputTokens(),
        a.getOutputTokens() + b.getOutputTokens(), a.getOverflowRequests() + b.getOverflowRequests(),
        a.getOverflowInputTokens() + b.getOverflowInputTokens(), a.getOverflowOutputTokens() + b.getOverflowOutputTokens());
  }
}
