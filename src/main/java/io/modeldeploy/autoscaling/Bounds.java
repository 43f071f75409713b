package io.modeldeploy.autoscaling;

import io.modeldeploy.api.Autoscaling;
import io.modeldeploy.api.ScalingSchedule;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The replica range in force: the policy's, or the active schedule's, with the maximum capped so
 * replicas x hourly price stays within maxCostPerHour (the ceiling wins over a schedule's minimum).
 *
 * @param minReason, maxReason what set each bound: MinReplicas/MaxReplicas, Schedule or CostCeiling
 * @param costCap replicas the ceiling allows, when there is one
 */
public record Bounds(int min, int max, String minReason, String maxReason, Optional<String> schedule,
    Optional<Integer> costCap, BigDecimal hourlyPerReplica, String ceiling) {

  public static final String MIN_REPLICAS = "MinReplicas";
  public static final String MAX_REPLICAS = "MaxReplicas";
  public static final String SCHEDULE = "Schedule";
  public static final String COST_CEILING = "CostCeiling";

  /** @param hourlyPerReplica the catalog's hourly price of one replica's model-unit spec */
  public static Bounds at(Autoscaling policy, BigDecimal hourlyPerReplica, ZoneId defaultZone, Instant now) {
    return of(policy, Schedules.active(policy.scheduleList(), defaultZone, now), hourlyPerReplica);
  }

  static Bounds of(Autoscaling policy, Optional<ScalingSchedule> active, BigDecimal hourlyPerReplica) {
    Integer scheduledMin = active.map(ScalingSchedule::getMinReplicas).orElse(null);
    Integer scheduledMax = active.map(ScalingSchedule::getMaxReplicas).orElse(null);
    int min = scheduledMin != null ? scheduledMin : policy.effectiveMinReplicas();
    int max = scheduledMax != null ? scheduledMax : policy.effectiveMaxReplicas();
    String minReason = scheduledMin != null ? SCHEDULE : MIN_REPLICAS;
    String maxReason = scheduledMax != null ? SCHEDULE : MAX_REPLICAS;
    Optional<Integer> cap = costCap(policy, hourlyPerReplica);
    if (cap.isPresent() && cap.get() < max) {
      max = cap.get();
      maxReason = COST_CEILING;
    }
    if (min > max) {
      min = max;
      minReason = maxReason;
    }
    return new Bounds(min, max, minReason, maxReason, active.map(ScalingSchedule::getName), cap, hourlyPerReplica,
        policy.getMaxCostPerHour());
  }

  /** Replicas maxCostPerHour pays for: floor(ceiling / hourly price per replica). */
  public static Optional<Integer> costCap(Autoscaling policy, BigDecimal hourlyPerReplica) {
    if (policy.getMaxCostPerHour() == null || hourlyPerReplica == null || hourlyPerReplica.signum() <= 0) return Optional.empty();
    return Optional.of(new BigDecimal(policy.getMaxCostPerHour()).divide(hourlyPerReplica, 0, RoundingMode.FLOOR).intValueExact());
  }

  /** The ceiling with its figures, e.g. "maxCostPerHour 60 pays for 2 replicas at 21.00/h each (42.00/h)". */
  public String costFigures() {
    int replicas = costCap.orElse(0);
    return "maxCostPerHour " + ceiling + " pays for " + replicas + " replica(s) at " + money(hourlyPerReplica) + "/h each ("
        + money(hourlyPerReplica.multiply(BigDecimal.valueOf(replicas))) + "/h)";
  }

  private static String money(BigDecimal value) { return value.setScale(2, RoundingMode.HALF_UP).toPlainString(); }

  public int clamp(int replicas) { return Math.max(min, Math.min(max, replicas)); }
}
