package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Usage {

  @Min(0)
  @Max(1000000000000L)
  @JsonPropertyDescription("Expected input tokens per day.")
  private Long inputTokensPerDay;

  @Min(0)
  @Max(1000000000000L)
  @JsonPropertyDescription("Expected output tokens per day.")
  private Long outputTokensPerDay;

  public Long getInputTokensPerDay() { return inputTokensPerDay; }
  public void setInputTokensPerDay(Long inputTokensPerDay) { this.inputTokensPerDay = inputTokensPerDay; }
  public Long getOutputTokensPerDay() { return outputTokensPerDay; }
  public void setOutputTokensPerDay(Long outputTokensPerDay) { this.outputTokensPerDay = outputTokensPerDay; }
}
