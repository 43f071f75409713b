package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProvisionedThroughput {

  @Required
  @Min(1)
  @Max(1000000000)
  @JsonPropertyDescription("Reserved input tokens per minute. Priced per 10,000 TPM per day.")
  private Long inputTPM;

  @Required
  @Min(0)
  @Max(1000000000)
  @JsonPropertyDescription("Reserved output tokens per minute. Priced per 1,000 TPM per day.")
  private Long outputTPM;

  @Min(0)
  @Max(1000000000)
  @JsonPropertyDescription("Reserved thinking-output tokens per minute; only where the catalog prices it.")
  private Long thinkingOutputTPM;

  public Long getInputTPM() { return inputTPM; }
  public void setInputTPM(Long inputTPM) { this.inputTPM = inputTPM; }
  public Long getOutputTPM() { return outputTPM; }
  public void setOutputTPM(Long outputTPM) { this.outputTPM = outputTPM; }
  public Long getThinkingOutputTPM() { return thinkingOutputTPM; }
  public void setThinkingOutputTPM(Long thinkingOutputTPM) { this.thinkingOutputTPM = thinkingOutputTPM; }
}
