package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The revisions of a deployment and where a rollout between them stands. Everything a restarted
 * operator needs to resume at the same step is here; it changes only when the rollout moves.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutStatus {

  @JsonPropertyDescription("Progressing, Paused (waiting for a promotion), Completed or Aborted.")
  @JsonDeserialize(using = LenientEnum.class)
  private RolloutPhase phase;
  @JsonPropertyDescription("The revision serving (all calls, but the canary's share during a rollout).")
  private RevisionStatus stable;
  @JsonPropertyDescription("The new revision being rolled out; absent when none is.")
  private RevisionStatus canary;
  @JsonPropertyDescription("The current step from 1, e.g. 2/4.")
  private String step;
  @JsonPropertyDescription("The current step's index from 0.")
  private Integer stepIndex;
  @JsonPropertyDescription("When the current step's weight took effect (RFC 3339); absent while the new revision is brought up for it.")
  private String stepStartedAt;
  @JsonPropertyDescription("Percent of calls the new revision gets now.")
  private Integer canaryWeight;
  @JsonPropertyDescription("The last analysis check of each step so far.")
  private List<StepAnalysis> analysis;
  @JsonPropertyDescription("Failed analysis checks in this rollout.")
  private Integer failedChecks;
  @JsonPropertyDescription("The promote or abort annotation this status acted on, until the operator has removed it.")
  private String acknowledged;
  @JsonPropertyDescription("When the new revision was first asked for (RFC 3339).")
  private String startedAt;
  @JsonPropertyDescription("The revision last aborted: it is not rolled out again until the spec changes.")
  private String abortedRevision;
  @JsonPropertyDescription("Revisions no longer wanted whose capacity is being removed (an old stable after a promotion, an aborted or replaced new one).")
  private List<RevisionStatus> retiring;
  @JsonPropertyDescription("Why the last rollout was aborted: AnalysisFailed, NewRevisionFailed or AbortedByUser.")
  private String abortReason;
  @JsonPropertyDescription("What the new revision's capacity has cost beside the stable one in this rollout, as of costedAt (also in status.cost.rolloutCost).")
  private String cost;
  @JsonPropertyDescription("When cost was last brought up to date: at each step change (RFC 3339).")
  private String costedAt;
  @JsonPropertyDescription("Where the rollout stands, in words.")
  private String message;

  public RolloutPhase getPhase() { return phase; }
  public void setPhase(RolloutPhase phase) { this.phase = phase; }
  public RevisionStatus getStable() { return stable; }
  public void setStable(RevisionStatus stable) { this.stable = stable; }
  public RevisionStatus getCanary() { return canary; }
  public void setCanary(RevisionStatus canary) { this.canary = canary; }
  public String getStep() { return step; }
  public void setStep(String step) { this.step = step; }
  public Integer getStepIndex() { return stepIndex; }
  public void setStepIndex(Integer stepIndex) { this.stepIndex = stepIndex; }
  public String getStepStartedAt() { return stepStartedAt; }
  public void setStepStartedAt(String stepStartedAt) { this.stepStartedAt = stepStartedAt; }
  public Integer getCanaryWeight() { return canaryWeight; }
  public void setCanaryWeight(Integer canaryWeight) { this.canaryWeight = canaryWeight; }
  public List<StepAnalysis> getAnalysis() { return analysis; }
  public void setAnalysis(List<StepAnalysis> analysis) { this.analysis = analysis; }
  public Integer getFailedChecks() { return failedChecks; }
  public void setFailedChecks(Integer failedChecks) { this.failedChecks = failedChecks; }
  public String getAcknowledged() { return acknowledged; }
  public void setAcknowledged(String acknowledged) { this.acknowledged = acknowledged; }
  public String getStartedAt() { return startedAt; }
  public void setStartedAt(String startedAt) { this.startedAt = startedAt; }
  public String getAbortedRevision() { return abortedRevision; }
  public void setAbortedRevision(String abortedRevision) { this.abortedRevision = abortedRevision; }
  public List<RevisionStatus> getRetiring() { return retiring; }
  public void setRetiring(List<RevisionStatus> retiring) { this.retiring = retiring; }
  public List<RevisionStatus> retiring() { return retiring == null ? List.of() : retiring; }
  public String getAbortReason() { return abortReason; }
  public void setAbortReason(String abortReason) { this.abortReason = abortReason; }
  public String getCost() { return cost; }
  public void setCost(String cost) { this.cost = cost; }
  public String getCostedAt() { return costedAt; }
  public void setCostedAt(String costedAt) { this.costedAt = costedAt; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }

  public int stepIndex() { return stepIndex == null ? 0 : stepIndex; }
  public int canaryWeight() { return canaryWeight == null ? 0 : canaryWeight; }
  public int failedChecks() { return failedChecks == null ? 0 : failedChecks; }

  public RolloutStatus copy() {
    RolloutStatus c = new RolloutStatus();
    c.phase = phase;
    c.stable = stable == null ? null : stable.copy();
    c.canary = canary == null ? null : canary.copy();
    c.step = step;
    c.stepIndex = stepIndex;
    c.stepStartedAt = stepStartedAt;
    c.canaryWeight = canaryWeight;
    c.analysis = analysis == null ? null : new ArrayList<>(analysis);
    c.failedChecks = failedChecks;
    c.acknowledged = acknowledged;
    c.startedAt = startedAt;
    c.abortedRevision = abortedRevision;
    c.retiring = retiring == null ? null : retiring.stream().map(RevisionStatus::copy).toList();
    c.abortReason = abortReason;
    c.cost = cost;
    c.costedAt = costedAt;
    c.message = message;
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RolloutStatus r && phase == r.phase && Objects.equals(stable, r.stable) && Objects.equals(canary, r.canary)
        && Objects.equals(step, r.step) && Objects.equals(stepIndex, r.stepIndex) && Objects.equals(stepStartedAt, r.stepStartedAt)
        && Objects.equals(canaryWeight, r.canaryWeight) && Objects.equals(analysis, r.analysis)
        && Objects.equals(failedChecks, r.failedChecks) && Objects.equals(acknowledged, r.acknowledged)
        && Objects.equals(startedAt, r.startedAt) && Objects.equals(abortedRevision, r.abortedRevision)
        && Objects.equals(retiring, r.retiring) && Objects.equals(abortReason, r.abortReason) && Objects.equals(cost, r.cost)
        && Objects.equals(costedAt, r.costedAt) && Objects.equals(message, r.message);
  }

  @Override
  public int hashCode() { return Objects.hash(phase, stable, canary, stepIndex); }
}
