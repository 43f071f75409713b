package io.modeldeploy.gateway;

/**
 * A call's place in its deployment's window: admitted with {@code reserved} tokens counted (settled
 * with the real usage when it ends), or refused. sharedWindow: counted in Redis, not by this replica alone.
 */
public record Admission(String key, long window, long reserved, Window.Verdict verdict, long retryAfterSeconds,
    boolean sharedWindow) {

  public static Admission unlimited(String key) { return new Admission(key, -1, 0, Window.Verdict.Admitted, 0, false); }

  public boolean admitted() { return verdict.admitted(); }

  /** Nothing was counted for it: no limits, or refused. */
  public boolean counted() { return window >= 0 && admitted(); }
}
