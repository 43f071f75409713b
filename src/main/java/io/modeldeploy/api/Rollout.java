package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * How a new revision (a change of model, baseModel, inferenceMode, maxContextTokens or the model-unit
 * spec) replaces the one serving. Replicas, throttling and suspend are changed in place, never rolled out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.strategy) || self.strategy != 'Canary' || (has(self.steps) && size(self.steps) > 0)",
    message = "spec.rollout.steps is required for strategy Canary, e.g. [{weight: 10, pause: {duration: 10m}}, {weight: 100}]")
@ValidationRule(value = "(has(self.strategy) && self.strategy == 'Canary') || (!has(self.steps) && !has(self.analysis))",
    message = "spec.rollout.steps and spec.rollout.analysis are only for strategy Canary: Full moves all traffic once the new revision is Ready")
public class Rollout implements LenientEnum.Holder {

  @com.fasterxml.jackson.annotation.JsonIgnore
  private final java.util.Map<String, String> unreadable = LenientEnum.none();

  /** Steps a canary may have: enough for any sensible ramp, and bounds the CEL rule below. */
  public static final int MAX_STEPS = 10;

  @Default("Full")
  @JsonDeserialize(using = LenientEnum.class)
  @JsonPropertyDescription("Full (default): the new revision comes up beside the old one and takes all traffic once Ready. Canary: it takes traffic by steps.")
  private RolloutStrategy strategy;

  @Size(max = MAX_STEPS)
  @ValidationRule(value = "(size(self) < 2 || self[0].weight < self[1].weight) && (size(self) < 3 || self[1].weight < self[2].weight) && (size(self) < 4 || self[2].weight < self[3].weight) && (size(self) < 5 || self[3].weight < self[4].weight) && (size(self) < 6 || self[4].weight < self[5].weight) && (size(self) < 7 || self[5].weight < self[6].weight) && (size(self) < 8 || self[6].weight < self[7].weight) && (size(self) < 9 || self[7].weight < self[8].weight) && (size(self) < 10 || self[8].weight < self[9].weight)",
      message = "spec.rollout.steps: weights must increase strictly from one step to the next")
  @ValidationRule(value = "size(self) == 0 || self[size(self) - 1].weight == 100",
      message = "spec.rollout.steps: the last step's weight must be 100 (the new revision takes all traffic before it replaces the old one)")
  @JsonPropertyDescription("Canary steps, in order: weights strictly increasing, the last 100. At most 10.")
  private List<RolloutStep> steps;

  @JsonPropertyDescription("Canary: the checks each step must pass (error rate, p95 time to first token, throttled share); a failed check beyond failureLimit aborts the rollout.")
  private RolloutAnalysis analysis;

  public RolloutStrategy getStrategy() { return strategy; }
  public void setStrategy(RolloutStrategy strategy) { this.strategy = strategy; }
  public List<RolloutStep> getSteps() { return steps; }
  public void setSteps(List<RolloutStep> steps) { this.steps = steps; }
  public RolloutAnalysis getAnalysis() { return analysis; }
  public void setAnalysis(RolloutAnalysis analysis) { this.analysis = analysis; }

  public RolloutStrategy effectiveStrategy() { return strategy == null ? RolloutStrategy.Full : strategy; }

  /** The steps in force: a Full rollout is one step of 100 that ends once the new revision is Ready. */
  public List<RolloutStep> effectiveSteps() {
    return effectiveStrategy() == RolloutStrategy.Canary && steps != null && !steps.isEmpty() ? steps : FULL;
  }

  private static final List<RolloutStep> FULL = List.of(new RolloutStep(100, null));

  @Override
  public java.util.Map<String, String> unreadable() { return unreadable; }

  /** The default for a spec without spec.rollout. */
  public static Rollout full() { return new Rollout(); }
}
