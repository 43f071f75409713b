package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Where the gateway sends a cluster deployment's calls that it would otherwise refuse. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OverflowTarget {

  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("Another ModelDeployment in this namespace (for example a vendor pay-as-you-go one) that serves calls beyond spec.throttling or with an input longer than spec.maxContextTokens, answered with x-dashscope-ptu-overflow: true.")
  private String to;

  public String getTo() { return to; }
  public void setTo(String to) { this.to = to; }
}
