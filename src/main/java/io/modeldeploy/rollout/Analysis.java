package io.modeldeploy.rollout;

import io.modeldeploy.api.RolloutAnalysis;
import io.modeldeploy.api.StepAnalysis;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One check of a canary step against spec.rollout.analysis: pure, from what the gateway counted in the window. */
public final class Analysis {

  public static final String PASSED = "Passed";
  public static final String FAILED = "Failed";

  private Analysis() {}

  /** A check of the window, or empty while it holds fewer calls than the analysis asks for. */
  public static Optional<StepAnalysis> check(RolloutAnalysis spec, int step, RevisionCounts window) {
    if (spec == null || window == null || window.requests() < spec.requests()) return Optional.empty();
    double errors = percent(window.errors(), window.requests());
    double throttled = percent(window.throttled(), window.requests());
    Double p95 = window.ttftP95Seconds();
    List<String> over = new ArrayList<>();
    List<String> within = new ArrayList<>();
    judge(spec.getMaxErrorPercent() == null ? null : (double) spec.getMaxErrorPercent(), errors, "error rate " + format(errors) + "%",
        "max " + spec.getMaxErrorPercent() + "%", over, within);
    judge(spec.getMaxThrottledPercent() == null ? null : (double) spec.getMaxThrottledPercent(), throttled,
        "throttled " + format(throttled) + "%", "max " + spec.getMaxThrottledPercent() + "%", over, within);
    Optional<Duration> ceiling = spec.ttftCeiling();
    if (ceiling.isPresent() && p95 != null)
      judge(ceiling.get().toMillis() / 1000.0, p95, "p95 time to first token " + p95 + "s", "max " + spec.getMaxTimeToFirstTokenP95(),
          over, within);
    StepAnalysis result = new StepAnalysis();
    result.setStep(step + 1);
    result.setResult(over.isEmpty() ? PASSED : FAILED);
    result.setRequests((long) window.requests());
    result.setErrorPercent(format(errors));
    result.setThrottledPercent(format(throttled));
    result.setTimeToFirstTokenP95(p95 == null ? null : p95 + "s");
    result.setMessage((long) window.requests() + " calls: " + String.join(", ", over.isEmpty() ? within : over));
    return Optional.of(result);
  }

  private static void judge(Double max, double value, String what, String limit, List<String> over, List<String> within) {
    if (max == null) return;
    (value > max ? over : within).add(what + (value > max ? " above " : " within ") + limit);
  }

  private static double percent(double part, double whole) { return whole <= 0 ? 0 : 100.0 * part / whole; }

  static String format(double value) { return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString(); }
}
