package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.time.Duration;

/** How quickly the autoscaler follows its metrics: stabilization windows, the largest step, the delay before scaling down. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScalingBehavior {

  static final int DEFAULT_SCALE_UP_WINDOW = 30;
  static final int DEFAULT_SCALE_DOWN_WINDOW = 300;
  static final int DEFAULT_SCALE_DOWN_DELAY = 600;
  static final int DEFAULT_MAX_STEP = 4;

  @Min(0)
  @Max(3600)
  @JsonPropertyDescription("Seconds the load must ask for more replicas before they are added (the lowest recommendation in the window is used). Default 30.")
  private Integer scaleUpStabilizationSeconds;

  @Min(0)
  @Max(86400)
  @JsonPropertyDescription("Seconds the load must ask for fewer replicas before any is removed (the highest recommendation in the window is used). Default 300.")
  private Integer scaleDownStabilizationSeconds;

  @Min(0)
  @Max(86400)
  @JsonPropertyDescription("Seconds after the last scale-up before any scale-down. Default 600.")
  private Integer scaleDownDelaySeconds;

  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Most replicas added or removed by one decision. Default 4.")
  private Integer maxStep;

  public Integer getScaleUpStabilizationSeconds() { return scaleUpStabilizationSeconds; }
  public void setScaleUpStabilizationSeconds(Integer v) { this.scaleUpStabilizationSeconds = v; }
  public Integer getScaleDownStabilizationSeconds() { return scaleDownStabilizationSeconds; }
  public void setScaleDownStabilizationSeconds(Integer v) { this.scaleDownStabilizationSeconds = v; }
  public Integer getScaleDownDelaySeconds() { return scaleDownDelaySeconds; }
  public void setScaleDownDelaySeconds(Integer v) { this.scaleDownDelaySeconds = v; }
  public Integer getMaxStep() { return maxStep; }
  public void setMaxStep(Integer maxStep) { this.maxStep = maxStep; }

  public Duration scaleUpWindow() { return seconds(scaleUpStabilizationSeconds, DEFAULT_SCALE_UP_WINDOW); }
  public Duration scaleDownWindow() { return seconds(scaleDownStabilizationSeconds, DEFAULT_SCALE_DOWN_WINDOW); }
  public Duration scaleDownDelay() { return seconds(scaleDownDelaySeconds, DEFAULT_SCALE_DOWN_DELAY); }
  public int step() { return maxStep == null ? DEFAULT_MAX_STEP : maxStep; }

  private static Duration seconds(Integer value, int fallback) { return Duration.ofSeconds(value == null ? fallback : value); }
}
