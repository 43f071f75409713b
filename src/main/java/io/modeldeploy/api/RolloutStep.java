package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** One step of a canary: the share of calls the new revision gets, and how long it holds it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutStep {

  @Required
  @Min(1)
  @Max(100)
  @JsonPropertyDescription("Percent of the deployment's calls (through the inference gateway) sent to the new revision during this step.")
  private Integer weight;

  @JsonPropertyDescription("How long the step holds: {duration: 10m}, or {} to wait for a promotion. Absent: the step ends as soon as its analysis passes (at once without analysis).")
  private RolloutPause pause;

  public RolloutStep() {}

  public RolloutStep(int weight, RolloutPause pause) {
    this.weight = weight;
    this.pause = pause;
  }

  public Integer getWeight() { return weight; }
  public void setWeight(Integer weight) { this.weight = weight; }
  public RolloutPause getPause() { return pause; }
  public void setPause(RolloutPause pause) { this.pause = pause; }

  /** Waits for a promotion. */
  public boolean open() { return pause != null && pause.length().isEmpty(); }
}
