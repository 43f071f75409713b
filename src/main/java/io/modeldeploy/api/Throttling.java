package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Throttling {

  @Min(1)
  @Max(100000000)
  @JsonPropertyDescription("Requests per minute above which calls get HTTP 429.")
  private Long rpm;

  @Min(1)
  @Max(1000000000)
  @JsonPropertyDescription("Tokens per minute above which calls get HTTP 429.")
  private Long tpm;

  public Long getRpm() { return rpm; }
  public void setRpm(Long rpm) { this.rpm = rpm; }
  public Long getTpm() { return tpm; }
  public void setTpm(Long tpm) { this.tpm = tpm; }
}
