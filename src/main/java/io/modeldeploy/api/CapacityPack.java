package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * Throughput bought on top of a provisioned-throughput deployment for a number of days (the
 * console's "purchase capacity pack"; the vendor's prepaid capacity instance). Prepaid only: the
 * vendor allows one pay-as-you-go instance per model code, and more pay-as-you-go throughput is
 * spec.provisionedThroughput raised.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CapacityPack {

  @Required
  @Size(max = 40)
  @Pattern("^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$")
  @JsonPropertyDescription("Names the pack within this deployment (a DNS label of at most 40 characters); status and cost use it.")
  private String name;

  @Required
  @Min(1)
  @Max(1000000000)
  @JsonPropertyDescription("Input tokens per minute the pack adds. Fixed once bought.")
  private Long inputTPM;

  @Required
  @Min(0)
  @Max(1000000000)
  @JsonPropertyDescription("Output tokens per minute the pack adds. Fixed once bought.")
  private Long outputTPM;

  @Required
  @Min(1)
  @Max(365)
  @JsonPropertyDescription("Days the pack is bought for; raising it renews the pack for the days added.")
  private Integer days;

  @Default("false")
  @JsonPropertyDescription("Whether the vendor renews the pack for the same number of days when it expires.")
  private Boolean autoRenew;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public Long getInputTPM() { return inputTPM; }
  public void setInputTPM(Long inputTPM) { this.inputTPM = inputTPM; }
  public Long getOutputTPM() { return outputTPM; }
  public void setOutputTPM(Long outputTPM) { this.outputTPM = outputTPM; }
  public Integer getDays() { return days; }
  public void setDays(Integer days) { this.days = days; }
  public Boolean getAutoRenew() { return autoRenew; }
  public void setAutoRenew(Boolean autoRenew) { this.autoRenew = autoRenew; }
}
