package io.modeldeploy.gateway;

/**
 * The throttling rule, pure: requests and tokens are counted in fixed one-minute windows (as the
 * vendor's RPM and TPM read), a call reserving its estimated tokens when it is admitted. The Redis
 * script in RedisCounters is this same rule, verdict for verdict.
 */
public final class Window {

  static final long MILLIS = 60_000;

  private Window() {}

  /** Why a call was or was not admitted; the ordinal is what the Redis script returns. */
  public enum Verdict {
    Admitted, OverRequests, OverTokens, LargerThanLimit;

    public boolean admitted() { return this == Admitted; }
  }

  public static long of(long epochMillis) { return epochMillis / MILLIS; }

  /** Whole seconds until the next window opens, at least 1 (the Retry-After of a throttled call). */
  public static long retryAfterSeconds(long epochMillis) {
    long left = MILLIS - epochMillis % MILLIS;
    return Math.max(1, (left + 999) / 1000);
  }

  /**
   * @param requests, tokens what the window has counted so far (tokens: reservations, settled as calls end)
   * @param rpm, tpm the limits; null for none
   */
  public static Verdict decide(long requests, long tokens, Long rpm, Long tpm, long estimate) {
    if (rpm != null && requests >= rpm) return Verdict.OverRequests;
    if (tpm != null && estimate > tpm) return Verdict.LargerThanLimit;
    if (tpm != null && tokens + estimate > tpm) return Verdict.OverTokens;
    return Verdict.Admitted;
  }

  /** Limits that count nothing need no counting at all. */
  public static boolean unlimited(Long rpm, Long tpm) { return rpm == null && tpm == null; }
}
