package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** One load target: the replica count it asks for is the observed load over this target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(self.type == 'KVCacheUsage' || self.type == 'TokensPerMinute') || self.target <= 100",
    message = "target of KVCacheUsage and TokensPerMinute is a percentage: 1 to 100")
public class ScalingMetric implements LenientEnum.Holder {

  @JsonIgnore
  private final Map<String, String> unreadable = LenientEnum.none();

  @Required
  @Size(max = 32)
  @JsonPropertyDescription("QueueLength (requests waiting per replica, vLLM; cluster only), InFlight (requests in flight per replica, gateway), KVCacheUsage (percent of KV cache in use, vLLM; cluster only) or TokensPerMinute (percent of spec.throttling.tpm, gateway).")
  @JsonDeserialize(using = LenientEnum.class)
  private ScalingMetricType type;

  @Required
  @Min(1)
  @Max(100000)
  @JsonPropertyDescription("Per replica for QueueLength and InFlight; a percentage (1-100) for KVCacheUsage and TokensPerMinute.")
  private Integer target;

  public ScalingMetric() {}

  public ScalingMetric(ScalingMetricType type, int target) {
    this.type = type;
    this.target = target;
  }

  public ScalingMetricType getType() { return type; }
  public void setType(ScalingMetricType type) { this.type = type; }
  public Integer getTarget() { return target; }
  public void setTarget(Integer target) { this.target = target; }

  @Override
  public Map<String, String> unreadable() { return unreadable; }
}
