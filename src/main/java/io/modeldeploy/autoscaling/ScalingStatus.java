package io.modeldeploy.autoscaling;

import io.fabric8.kubernetes.api.model.Condition;
import io.modeldeploy.api.Autoscaling;
import io.modeldeploy.api.AutoscalingEngine;
import io.modeldeploy.api.AutoscalingStatus;
import io.modeldeploy.api.ScalingDecision;
import io.modeldeploy.lifecycle.Conditions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** status.autoscaling and its two conditions, from a decision: pure, and unchanged while nothing changes. */
public final class ScalingStatus {

  static final int DECISIONS_KEPT = 5;
  public static final List<String> CONDITION_TYPES = List.of(Conditions.SCALING_ACTIVE, Conditions.SCALING_LIMITED);

  private ScalingStatus() {}

  /**
   * @param decision the built-in engine's decision; empty for the HPA engine (the HPA decides)
   * @param replicas spec.replicas as it will be after this pass
   * @param previous the decisions made before, newest first
   * @param made the decision recorded this pass, if replicas changed
   */
  public static AutoscalingStatus of(Autoscaling policy, Bounds bounds, Optional<Instant> nextBoundary,
      Optional<Autoscaler.Decision> decision, int replicas, List<ScalingDecision> previous, Optional<ScalingDecision> made) {
    AutoscalingStatus status = new AutoscalingStatus();
    status.setEngine(policy.effectiveEngine().name());
    status.setDesiredReplicas(decision.map(Autoscaler.Decision::replicas).orElse(replicas));
    status.setMinReplicas(bounds.min());
    status.setMaxReplicas(bounds.max());
    status.setActiveSchedule(bounds.schedule().orElse(null));
    status.setNextScheduleBoundary(nextBoundary.map(ScalingStatus::time).orElse(null));
    status.setLimitedBy(decision.flatMap(Autoscaler.Decision::limitedBy).orElse(null));
    List<ScalingDecision> decisions = new ArrayList<>();
    made.ifPresent(decisions::add);
    decisions.addAll(previous);
    status.setDecisions(decisions.isEmpty() ? null : List.copyOf(decisions.subList(0, Math.min(DECISIONS_KEPT, decisions.size()))));
    return status;
  }

  public static ScalingDecision decision(Instant now, int from, Autoscaler.Decision decision) {
    return new ScalingDecision(time(now), from, decision.replicas(), decision.reason(), decision.message());
  }

  /** The decisions status shows, newest first. */
  public static List<ScalingDecision> decisions(AutoscalingStatus status) {
    return status == null || status.getDecisions() == null ? List.of() : status.getDecisions();
  }

  /**
   * Whether a status read shows this operator's own last decision (or a newer one, another leader's):
   * false for an object read before that decision's writes came back.
   */
  public static boolean shows(AutoscalingStatus read, ScalingDecision own) {
    List<ScalingDecision> shown = decisions(read);
    return own == null || shown.contains(own)
        || (!shown.isEmpty() && !Instant.parse(shown.get(0).getAt()).isBefore(Instant.parse(own.getAt())));
  }

  /** When replicas last went up, from the recorded decisions (so a restart keeps the scale-down delay). */
  public static Optional<Instant> lastScaleUp(List<ScalingDecision> previous) {
    return previous.stream().filter(d -> d.getTo() != null && d.getFrom() != null && d.getTo() > d.getFrom())
        .map(d -> Instant.parse(d.getAt())).findFirst();
  }

  public static List<Condition> conditions(AutoscalingEngine engine, Optional<Autoscaler.Decision> decision, Bounds bounds,
      List<Condition> previous, Long generation, Instant now) {
    boolean reading = decision.map(d -> d.missing().isEmpty()).orElse(true);
    String activeReason = engine == AutoscalingEngine.HPA ? "HorizontalPodAutoscaler" : reading ? "MetricsRead" : "MetricsMissing";
    String activeMessage = engine == AutoscalingEngine.HPA
        ? "a HorizontalPodAutoscaler of the same name scales this deployment; the operator sets its bounds to " + bounds.min() + ".." + bounds.max()
        : reading ? "every metric is read; replicas follow them between " + bounds.min() + " and " + bounds.max()
        : "no recent value of " + decision.get().missing() + ": holding at the current replicas (never scaled down without metrics)";
    Optional<String> limited = decision.flatMap(Autoscaler.Decision::limitedBy);
    return List.of(
        Conditions.next(previous, Conditions.SCALING_ACTIVE, reading, activeReason, activeMessage, generation, now),
        Conditions.next(previous, Conditions.SCALING_LIMITED, limited.isPresent(), limited.orElse("WithinBounds"),
            decision.map(Autoscaler.Decision::limitMessage).orElse("replicas between " + bounds.min() + " and " + bounds.max()),
            generation, now));
  }

  /** The hourly cost at a replica count, as status writes money. */
  public static String hourly(BigDecimal perReplica, int replicas) {
    return perReplica.multiply(BigDecimal.valueOf(replicas)).setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  private static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
