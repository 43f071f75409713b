package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** What the autoscaler wants and why, and what bounds it now. Written only when one of these changes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoscalingStatus {

  @JsonPropertyDescription("Builtin or HPA.")
  private String engine;
  @JsonPropertyDescription("Replicas the autoscaler wants now (spec.replicas follows it through the scale subresource).")
  private Integer desiredReplicas;
  @JsonPropertyDescription("The minimum in force now: spec.autoscaling.minReplicas or the active schedule's, lowered to the cost ceiling if it binds.")
  private Integer minReplicas;
  @JsonPropertyDescription("The maximum in force now: spec.autoscaling.maxReplicas or the active schedule's, capped by maxCostPerHour.")
  private Integer maxReplicas;
  @JsonPropertyDescription("The schedule in force, if any.")
  private String activeSchedule;
  @JsonPropertyDescription("When a schedule next starts or ends (RFC 3339).")
  private String nextScheduleBoundary;
  @JsonPropertyDescription("What holds replicas below what the load asks for, or above it: MaxReplicas, MinReplicas, Schedule or CostCeiling; absent when nothing does.")
  private String limitedBy;
  @JsonPropertyDescription("The last scale decisions, newest first (at most 5).")
  private List<ScalingDecision> decisions;

  public String getEngine() { return engine; }
  public void setEngine(String engine) { this.engine = engine; }
  public Integer getDesiredReplicas() { return desiredReplicas; }
  public void setDesiredReplicas(Integer desiredReplicas) { this.desiredReplicas = desiredReplicas; }
  public Integer getMinReplicas() { return minReplicas; }
  public void setMinReplicas(Integer minReplicas) { this.minReplicas = minReplicas; }
  public Integer getMaxReplicas() { return maxReplicas; }
  public void setMaxReplicas(Integer maxReplicas) { this.maxReplicas = maxReplicas; }
  public String getActiveSchedule() { return activeSchedule; }
  public void setActiveSchedule(String activeSchedule) { this.activeSchedule = activeSchedule; }
  public String getNextScheduleBoundary() { return nextScheduleBoundary; }
  public void setNextScheduleBoundary(String nextScheduleBoundary) { this.nextScheduleBoundary = nextScheduleBoundary; }
  public String getLimitedBy() { return limitedBy; }
  public void setLimitedBy(String limitedBy) { this.limitedBy = limitedBy; }
  public List<ScalingDecision> getDecisions() { return decisions; }
  public void setDecisions(List<ScalingDecision> decisions) { this.decisions = decisions; }

  @Override
  public boolean equals(Object o) {
    return o instanceof AutoscalingStatus other && Objects.equals(engine, other.engine)
        && Objects.equals(desiredReplicas, other.desiredReplicas) && Objects.equals(minReplicas, other.minReplicas)
        && Objects.equals(maxReplicas, other.maxReplicas) && Objects.equals(activeSchedule, other.activeSchedule)
        && Objects.equals(nextScheduleBoundary, other.nextScheduleBoundary) && Objects.equals(limitedBy, other.limitedBy)
        && Objects.equals(decisions, other.decisions);
  }

  @Override
  public int hashCode() { return Objects.hash(desiredReplicas, minReplicas, maxReplicas, activeSchedule); }
}
