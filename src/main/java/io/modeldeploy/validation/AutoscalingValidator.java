package io.modeldeploy.validation;

import io.modeldeploy.api.Autoscaling;
import io.modeldeploy.api.BillingMethod;
import io.modeldeploy.api.BillingPlan;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ScalingMetric;
import io.modeldeploy.api.ScalingMetricType;
import io.modeldeploy.api.ScalingSchedule;
import io.modeldeploy.autoscaling.Bounds;
import io.modeldeploy.autoscaling.Schedules;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** spec.autoscaling: what the schema checks, for clients without an API server, and what only Java can (zones, shadowed windows, the ceiling's price). */
final class AutoscalingValidator {

  private static final Pattern MONEY = Pattern.compile("^[0-9]{1,9}(\\.[0-9]{1,2})?$");
  private static final Pattern HH_MM = Pattern.compile("^([01][0-9]|2[0-3]):[0-5][0-9]$");
  /** A fortnight in which windows are checked for being shadowed: two of every weekday. */
  private static final Instant REFERENCE = Instant.parse("2026-01-05T00:00:00Z");

  private AutoscalingValidator() {}

  static void check(List<SpecError> errors, ModelDeploymentSpec spec, ZoneId billingZone) {
    Autoscaling policy = spec.getAutoscaling();
    if (policy == null) return;
    SpecValidator.unreadable(errors, "spec.autoscaling", policy, Autoscaling.class);
    if (spec.getBilling().getMethod() != BillingMethod.ModelUnit || spec.getBilling().effectivePlan() != BillingPlan.PayAsYouGo)
      errors.add(new SpecError("spec.autoscaling", "AutoscalingNotOffered", "spec.autoscaling is only for billing.method"
          + " ModelUnit with plan PayAsYouGo: prepaid model units are bought for a term, not scaled by load, and throughput"
          + " or tokens have no replicas to scale"));
    if (policy.getMaxReplicas() == null) errors.add(SpecValidator.missing("spec.autoscaling.maxReplicas", "the most replicas, e.g. 4"));
    SpecValidator.range(errors, "spec.autoscaling.minReplicas", policy.getMinReplicas(), 0, 1000);
    SpecValidator.range(errors, "spec.autoscaling.maxReplicas", policy.getMaxReplicas(), 1, 1000);
    if (policy.getMaxReplicas() != null && policy.effectiveMinReplicas() > policy.getMaxReplicas())
      errors.add(new SpecError("spec.autoscaling.minReplicas", "InvalidValue", "spec.autoscaling.minReplicas "
          + policy.effectiveMinReplicas() + " is above maxReplicas " + policy.getMaxReplicas()));
    if (policy.getMaxCostPerHour() != null && !MONEY.matcher(policy.getMaxCostPerHour()).matches())
      errors.add(new SpecError("spec.autoscaling.maxCostPerHour", "InvalidValue", "'" + policy.getMaxCostPerHour()
          + "' is not an amount; expected a decimal with at most two places, e.g. \"60\" or \"60.50\""));
    checkMetrics(errors, spec, policy);
    checkSchedules(errors, policy, billingZone);
  }

  /** The ceiling must pay for the minimum outside schedules: otherwise the deployment could never run as asked. */
  static void checkCeiling(List<SpecError> errors, Autoscaling policy, BigDecimal hourlyPerReplica) {
    if (policy == null || policy.getMaxCostPerHour() == null) return;
    Optional<Integer> cap = Bounds.costCap(policy, hourlyPerReplica);
    if (cap.isPresent() && cap.get() < policy.effectiveMinReplicas())
      errors.add(new SpecError("spec.autoscaling.maxCostPerHour", "CostCeilingBelowMinimum", "maxCostPerHour "
          + policy.getMaxCostPerHour() + " pays for " + cap.get() + " replica(s) at " + hourlyPerReplica.stripTrailingZeros().toPlainString()
          + "/h each, fewer than minReplicas " + policy.effectiveMinReplicas() + "; expected at least "
          + hourlyPerReplica.multiply(BigDecimal.valueOf(policy.effectiveMinReplicas())).stripTrailingZeros().toPlainString()));
  }

  private static void checkMetrics(List<SpecError> errors, ModelDeploymentSpec spec, Autoscaling policy) {
    Set<ScalingMetricType> seen = new HashSet<>();
    List<ScalingMetric> metrics = policy.metricList();
    if (metrics.size() > 4) errors.add(new SpecError("spec.autoscaling.metrics", "TooMany", "at most 4 metrics, one of each type"));
    for (int i = 0; i < metrics.size(); i++) {
      ScalingMetric metric = metrics.get(i);
      String field = "spec.autoscaling.metrics[" + i + "]";
      SpecValidator.unreadable(errors, field, metric, ScalingMetric.class);
      if (metric.getType() == null) {
        if (!metric.unreadable().containsKey("type"))
          errors.add(SpecValidator.missing(field + ".type", "QueueLength, InFlight, KVCacheUsage or TokensPerMinute"));
        continue;
      }
      if (!seen.add(metric.getType()))
        errors.add(new SpecError(field + ".type", "Duplicate", metric.getType() + " is listed twice; each metric type at most once"));
      if (metric.getTarget() == null) errors.add(SpecValidator.missing(field + ".target", "the target per replica, or a percentage"));
      SpecValidator.range(errors, field + ".target", metric.getTarget(), 1, metric.getType().percent() ? 100 : 100_000);
      if (metric.getType() == ScalingMetricType.TokensPerMinute && (spec.getThrottling() == null || spec.getThrottling().getTpm() == null))
        errors.add(new SpecError(field + ".type", "NoTokenLimit", "TokensPerMinute is a percentage of spec.throttling.tpm,"
            + " which is not set: set spec.throttling.tpm or scale on InFlight or QueueLength"));
    }
  }

  private static void checkSchedules(List<SpecError> errors, Autoscaling policy, ZoneId billingZone) {
    List<ScalingSchedule> schedules = policy.scheduleList();
    if (schedules.size() > 16) errors.add(new SpecError("spec.autoscaling.schedules", "TooMany", "at most 16 schedules"));
    Set<String> names = new HashSet<>();
    boolean readable = true;
    for (int i = 0; i < schedules.size(); i++) {
      ScalingSchedule s = schedules.get(i);
      String field = "spec.autoscaling.schedules[" + i + "]";
      int before = errors.size();
      if (s.getName() == null) errors.add(SpecValidator.missing(field + ".name", "a name, e.g. business-hours"));
      else if (!names.add(s.getName()))
        errors.add(new SpecError(field + ".name", "Duplicate", "another schedule is named " + s.getName() + "; each needs a name of its own"));
      time(errors, field + ".start", s.getStart());
      time(errors, field + ".end", s.getEnd());
      if (s.getTimeZone() != null) {
        try {
          ZoneId.of(s.getTimeZone());
        } catch (DateTimeException e) {
          errors.add(new SpecError(field + ".timeZone", "UnknownTimeZone", "'" + s.getTimeZone()
              + "' is not an IANA time zone; expected e.g. Asia/Shanghai, Europe/Berlin or UTC"));
        }
      }
      if (s.getMinReplicas() == null && s.getMaxReplicas() == null)
        errors.add(new SpecError(field, "MissingField", "a schedule sets minReplicas, maxReplicas or both while it is active"));
      SpecValidator.range(errors, field + ".minReplicas", s.getMinReplicas(), 0, 1000);
      SpecValidator.range(errors, field + ".maxReplicas", s.getMaxReplicas(), 0, 1000);
      int min = s.getMinReplicas() != null ? s.getMinReplicas() : policy.effectiveMinReplicas();
      int max = s.getMaxReplicas() != null ? s.getMaxReplicas() : policy.effectiveMaxReplicas();
      if (min > max)
        errors.add(new SpecError(field, "InvalidValue", "while " + s.getName() + " is active the minimum would be " + min
            + (s.getMinReplicas() != null ? "" : " (spec.autoscaling.minReplicas)") + " and the maximum " + max
            + (s.getMaxReplicas() != null ? "" : " (spec.autoscaling.maxReplicas)") + "; set both in the schedule so that min <= max"));
      readable &= errors.size() == before;
    }
    if (readable) checkShadowed(errors, schedules, billingZone);
  }

  /**
   * The first active window wins, so a window that an earlier one covers at every moment it is open
   * would never take effect: refused, naming the window that hides it.
   */
  private static void checkShadowed(List<SpecError> errors, List<ScalingSchedule> schedules, ZoneId billingZone) {
    for (int j = 1; j < schedules.size(); j++) {
      ScalingSchedule later = schedules.get(j);
      List<ScalingSchedule> earlier = schedules.subList(0, j);
      List<Instant> moments = new ArrayList<>();
      for (Instant at = REFERENCE; at.isBefore(REFERENCE.plus(java.time.Duration.ofDays(14))); at = at.plus(java.time.Duration.ofMinutes(15)))
        if (Schedules.active(List.of(later), billingZone, at).isPresent()) moments.add(at);
      if (moments.isEmpty()) continue;
      boolean hidden = moments.stream().allMatch(at -> Schedules.active(earlier, billingZone, at).isPresent());
      if (hidden)
        errors.add(new SpecError("spec.autoscaling.schedules[" + j + "]", "ShadowedSchedule", "schedule " + later.getName()
            + " is never in force: where windows overlap the first in the list wins, and "
            + Schedules.active(earlier, billingZone, moments.get(0)).map(ScalingSchedule::getName).orElse("an earlier one")
            + " is open whenever it is; move it above, or narrow the earlier window"));
    }
  }

  private static void time(List<SpecError> errors, String field, String value) {
    if (value == null) {
      errors.add(SpecValidator.missing(field, "a time of day, HH:MM"));
      return;
    }
    try {
      if (!HH_MM.matcher(value).matches()) throw new DateTimeParseException("", value, 0);
      LocalTime.parse(value);
    } catch (DateTimeParseException e) {
      errors.add(new SpecError(field, "InvalidValue", "'" + value + "' is not a time of day; expected HH:MM from 00:00 to 23:59"));
    }
  }
}
