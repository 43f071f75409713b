package io.modeldeploy.validation;

import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.Rollout;
import io.modeldeploy.api.RolloutAnalysis;
import io.modeldeploy.api.RolloutPause;
import io.modeldeploy.api.RolloutStep;
import io.modeldeploy.api.RolloutStrategy;
import java.util.List;

/** spec.rollout's rules for clients without an API server (the CRD's CEL says the same). */
final class RolloutValidator {

  /** The CRD's pattern for a pause (hours, minutes, seconds). */
  private static final java.util.regex.Pattern PAUSE = java.util.regex.Pattern.compile("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$");

  private RolloutValidator() {}

  static void check(List<SpecError> errors, ModelDeploymentSpec spec) {
    Rollout rollout = spec.getRollout();
    if (rollout == null) return;
    SpecValidator.unreadable(errors, "spec.rollout", rollout, Rollout.class);
    List<RolloutStep> steps = rollout.getSteps() == null ? List.of() : rollout.getSteps();
    RolloutAnalysis analysis = rollout.getAnalysis();
    if (analysis != null && analysis.getMaxTimeToFirstTokenP95() != null && analysis.ttftCeiling().isEmpty())
      errors.add(new SpecError("spec.rollout.analysis.maxTimeToFirstTokenP95", "InvalidDuration", "'"
          + analysis.getMaxTimeToFirstTokenP95() + "' is not a duration: expected e.g. 2s, 800ms or 1s500ms"));
    if (rollout.effectiveStrategy() != RolloutStrategy.Canary) {
      if (!steps.isEmpty() || rollout.getAnalysis() != null)
        errors.add(new SpecError("spec.rollout.steps", "ForbiddenField", "spec.rollout.steps and spec.rollout.analysis are only"
            + " for strategy Canary: Full moves all traffic once the new revision is Ready"));
      return;
    }
    if (steps.isEmpty()) {
      errors.add(new SpecError("spec.rollout.steps", "RequiredField", "spec.rollout.steps is required for strategy Canary,"
          + " e.g. [{weight: 10, pause: {duration: 10m}}, {weight: 100}]"));
      return;
    }
    if (steps.size() > Rollout.MAX_STEPS)
      errors.add(new SpecError("spec.rollout.steps", "TooManySteps", "at most " + Rollout.MAX_STEPS + " steps, got " + steps.size()));
    for (int i = 0; i < steps.size(); i++) {
      RolloutPause pause = steps.get(i).getPause();
      if (pause != null && pause.getDuration() != null && !PAUSE.matcher(pause.getDuration()).matches())
        errors.add(new SpecError("spec.rollout.steps[" + i + "].pause.duration", "InvalidDuration", "'" + pause.getDuration()
            + "' is not a duration: expected a duration such as 10m or 1h30m, or no duration to wait for a promotion"));
      Integer weight = steps.get(i).getWeight();
      String field = "spec.rollout.steps[" + i + "].weight";
      if (weight == null || weight < 1 || weight > 100) {
        errors.add(new SpecError(field, "OutOfRange", "a step's weight is a percent from 1 to 100, got " + weight));
        return;
      }
      if (i > 0 && steps.get(i - 1).getWeight() != null && weight <= steps.get(i - 1).getWeight())
        errors.add(new SpecError(field, "WeightsNotIncreasing", "weights must increase strictly from one step to the next: "
            + steps.get(i - 1).getWeight() + " then " + weight));
    }
    if (steps.get(steps.size() - 1).getWeight() != 100)
      errors.add(new SpecError("spec.rollout.steps[" + (steps.size() - 1) + "].weight", "LastStepNot100", "the last step's"
          + " weight must be 100 (the new revision takes all traffic before it replaces the old one), got "
          + steps.get(steps.size() - 1).getWeight()));
  }
}
