package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Subscription {

  @Required
  @Min(1)
  @Max(365)
  @JsonPropertyDescription("Length of the prepaid term: days for ProvisionedThroughput, months for ModelUnit. Raising it renews.")
  private Integer periods;

  @Default("false")
  @JsonPropertyDescription("Renew for the same number of periods when the term expires.")
  private Boolean autoRenew;

  public Integer getPeriods() { return periods; }
  public void setPeriods(Integer periods) { this.periods = periods; }
  public Boolean getAutoRenew() { return autoRenew; }
  public void setAutoRenew(Boolean autoRenew) { this.autoRenew = autoRenew; }
}
