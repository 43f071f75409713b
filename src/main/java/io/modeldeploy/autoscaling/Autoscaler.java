package io.modeldeploy.autoscaling;

import io.modeldeploy.api.Autoscaling;
import io.modeldeploy.api.ScalingBehavior;
import io.modeldeploy.api.ScalingMetric;
import io.modeldeploy.api.ScalingMetricType;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The scaling decision as one pure function: (policy, bounds in force, samples, replicas now, last
 * scale-up, now) -> the replicas wanted and why. Each sample recommends the highest count any
 * metric asks for. Up: the lowest recommendation of the scale-up window, so one spike adds nothing.
 * Down: the highest of the scale-down window, only once the samples cover that window, the delay
 * since the last scale-up has passed and every metric was read. Each decision moves at most maxStep;
 * the bounds (schedule, cost ceiling) apply at once.
 */
public final class Autoscaler {

  public static final String METRIC_ABOVE_TARGET = "MetricAboveTarget";
  public static final String METRIC_BELOW_TARGET = "MetricBelowTarget";
  public static final String SCALE_FROM_ZERO = "ScaleFromZero";

  private Autoscaler() {}

  /**
   * @param staleAfter a sample older than this is not "now": its metrics count as missing
   */
  public record Input(Autoscaling policy, Bounds bounds, List<MetricSample> samples, int replicas,
      Optional<Instant> lastScaleUp, Instant now, Duration staleAfter) {}

  /**
   * @param replicas what spec.replicas should be
   * @param reason CamelCase reason of a change (or of the hold), message with the figures
   * @param wanted what the metrics alone ask for (before bounds)
   * @param limitedBy which bound holds replicas away from what the load asks for, if one does
   * @param missing metric types not read in the latest sample (they hold scale-down)
   */
  public record Decision(int replicas, String reason, String message, int wanted, Optional<String> limitedBy,
      String limitMessage, List<ScalingMetricType> missing) {}

  public static Decision decide(Input in) {
    List<ScalingMetric> metrics = in.policy().metricList();
    ScalingBehavior behavior = in.policy().effectiveBehavior();
    Optional<MetricSample> latest = in.samples().stream().max(Comparator.comparing(MetricSample::at));
    List<ScalingMetricType> missing = metrics.stream().map(ScalingMetric::getType)
        .filter(t -> latest.filter(s -> !s.at().isBefore(in.now().minus(in.staleAfter()))).map(s -> !s.values().containsKey(t)).orElse(true))
        .toList();

    int current = in.replicas();
    boolean delayed = in.lastScaleUp().map(t -> in.now().isBefore(t.plus(behavior.scaleDownDelay()))).orElse(false);
    int wanted = current;
    String reason = null;
    String why = "no metric asks for a change";
    if (!metrics.isEmpty()) {
      List<MetricSample> up = within(in.samples(), in.now(), behavior.scaleUpWindow());
      List<MetricSample> down = within(in.samples(), in.now(), behavior.scaleDownWindow());
      int upward = up.stream().mapToInt(s -> recommend(metrics, s)).min().orElse(current);
      int downward = down.stream().mapToInt(s -> recommend(metrics, s)).max().orElse(current);
      boolean covered = in.samples().stream().anyMatch(s -> !s.at().isAfter(in.now().minus(behavior.scaleDownWindow())));
      if (upward > current) {
        wanted = upward;
        reason = current == 0 ? SCALE_FROM_ZERO : METRIC_ABOVE_TARGET;
        why = explain(metrics, latest.orElseThrow(), upward);
      } else if (downward < current && missing.isEmpty() && covered && !delayed) {
        wanted = downward;
        reason = METRIC_BELOW_TARGET;
        why = explain(metrics, latest.orElseThrow(), downward) + " for " + behavior.scaleDownWindow().toSeconds() + "s";
      } else if (downward < current) {
        why = !missing.isEmpty() ? "holding: no recent value of " + missing
            : delayed ? "holding: within the scale-down delay of " + behavior.scaleDownDelay().toSeconds() + "s after the last scale-up"
            : "holding: the load has not asked for fewer replicas for " + behavior.scaleDownWindow().toSeconds() + "s yet";
      }
    }
    // A call the gateway holds for a deployment at zero asks for one replica, whatever the metrics say.
    boolean held = current == 0 && latest.map(s -> s.held() > 0).orElse(false);
    if (held && wanted < 1) {
      wanted = 1;
      reason = SCALE_FROM_ZERO;
      why = latest.get().held() + " call(s) held by the gateway for a replica";
    }
    // Without metrics replicas follow the minimum in force (the schedules), down only after the scale-down
    // delay (a replica woken from zero is not dropped at once); with them, at most maxStep a decision.
    int floor = Math.max(in.bounds().min(), held ? 1 : 0);
    if (metrics.isEmpty() && floor < current && delayed)
      why = "holding: within the scale-down delay of " + behavior.scaleDownDelay().toSeconds() + "s after the last scale-up";
    int stepped = metrics.isEmpty() ? (floor < current && delayed ? current : floor)
        : current + Integer.signum(wanted - current) * Math.min(Math.abs(wanted - current), behavior.step());
    int replicas = in.bounds().clamp(stepped);
    // A bound is the reason when it moves replicas where the load did not ask; when it only stops the load's move short, the load is.
    boolean boundMoved = metrics.isEmpty() ? replicas != current && !(held && replicas == 1)
        : (replicas > current && stepped <= current) || (replicas < current && stepped >= current);
    if (boundMoved) {
      boolean minimum = metrics.isEmpty() || replicas > current;
      reason = minimum ? in.bounds().minReason() : in.bounds().maxReason();
      why = "the " + (minimum ? "minimum" : "maximum") + " in force is " + replicas + boundWhy(in.bounds(), reason)
          + (metrics.isEmpty() ? "" : "; the load asks for " + wanted);
    } else if (replicas != stepped) {
      boolean minimum = replicas > stepped;
      why = why + "; the " + (minimum ? "minimum" : "maximum") + " in force is " + replicas
          + boundWhy(in.bounds(), minimum ? in.bounds().minReason() : in.bounds().maxReason());
    } else if (replicas != wanted) {
      why = why + "; at most " + behavior.step() + " replica(s) per decision";
    }
    Optional<String> limitedBy = Optional.empty();
    // Not limited: no load figure, so the condition does not change with every sample.
    String limitMessage = "within the bounds in force, " + in.bounds().min() + ".." + in.bounds().max();
    if (wanted > in.bounds().max()) {
      limitedBy = Optional.of(in.bounds().maxReason());
      limitMessage = "the load asks for " + wanted + " replicas; the maximum in force is " + in.bounds().max()
          + boundWhy(in.bounds(), in.bounds().maxReason());
    } else if (wanted < in.bounds().min()) {
      limitedBy = Optional.of(in.bounds().minReason());
      limitMessage = "the load asks for " + wanted + " replicas; the minimum in force is " + in.bounds().min()
          + boundWhy(in.bounds(), in.bounds().minReason());
    }
    return new Decision(replicas, reason, why, wanted, limitedBy, limitMessage, missing);
  }

  /** The count one sample asks for: the highest over the metrics it has. */
  static int recommend(List<ScalingMetric> metrics, MetricSample sample) {
    return metrics.stream().filter(m -> sample.values().containsKey(m.getType()))
        .mapToInt(m -> recommend(m, sample)).max().orElse(sample.replicas());
  }

  /** Counts per replica: total / target. Percentages: replicas x observed / target (at least 1 when there is any load). */
  static int recommend(ScalingMetric metric, MetricSample sample) {
    double value = sample.values().get(metric.getType());
    if (!metric.getType().percent()) return (int) Math.ceil(value / metric.getTarget() - 1e-9);
    if (value <= 0) return 0;
    return Math.max(1, (int) Math.ceil(sample.replicas() * value / metric.getTarget() - 1e-9));
  }

  private static List<MetricSample> within(List<MetricSample> samples, Instant now, Duration window) {
    Instant from = now.minus(window);
    List<MetricSample> in = samples.stream().filter(s -> !s.at().isBefore(from)).toList();
    // A window shorter than the sampling interval is the latest sample.
    return in.isEmpty() ? samples.stream().max(Comparator.comparing(MetricSample::at)).stream().toList() : in;
  }

  private static String explain(List<ScalingMetric> metrics, MetricSample sample, int asked) {
    return metrics.stream().filter(m -> sample.values().containsKey(m.getType()))
        .map(m -> m.getType() + " " + figure(sample.values().get(m.getType())) + (m.getType().percent() ? "%" : "")
            + " (target " + m.getTarget() + (m.getType().percent() ? "%" : " per replica") + ")")
        .collect(Collectors.joining(", ")) + " asks for " + asked;
  }

  private static String boundWhy(Bounds bounds, String reason) {
    return switch (reason) {
      case Bounds.SCHEDULE -> " (schedule " + bounds.schedule().orElse("?") + ")";
      case Bounds.COST_CEILING -> " (" + bounds.costFigures() + ")";
      case Bounds.MIN_REPLICAS -> " (spec.autoscaling.minReplicas)";
      default -> " (spec.autoscaling.maxReplicas)";
    };
  }

  private static String figure(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
  }
}
