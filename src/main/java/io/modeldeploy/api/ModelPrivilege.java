package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The privilege to deploy a model (or every model whose code starts with a prefix), within limits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelPrivilege {

  @Required
  @Size(min = 1, max = 129)
  @Pattern("^([A-Za-z0-9][A-Za-z0-9._-]*\\*?|\\*)$")
  @JsonPropertyDescription("A model code (spec.model), or a prefix ending in * (qwen3-* ; * alone is every model).")
  private String model;

  @Size(max = 3)
  @JsonPropertyDescription("Billing methods allowed (ProvisionedThroughput, ModelUnit, TokenUsage). Unset: all.")
  private List<BillingMethod> billingMethods;

  @Min(1)
  @Max(256)
  @JsonPropertyDescription("The largest model-unit spec per replica, in units (8 allows MU1 x 8 but not MU1 x 16). Unset: any.")
  private Integer maxUnitsPerReplica;

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("The most replicas, spec.replicas and spec.autoscaling.maxReplicas alike. Unset: any.")
  private Integer maxReplicas;

  public ModelPrivilege() {}

  public ModelPrivilege(String model) { this.model = model; }

  public String getModel() { return model; }
  public void setModel(String model) { this.model = model; }
  public List<BillingMethod> getBillingMethods() { return billingMethods; }
  public void setBillingMethods(List<BillingMethod> billingMethods) { this.billingMethods = billingMethods; }
  public Integer getMaxUnitsPerReplica() { return maxUnitsPerReplica; }
  public void setMaxUnitsPerReplica(Integer maxUnitsPerReplica) { this.maxUnitsPerReplica = maxUnitsPerReplica; }
  public Integer getMaxReplicas() { return maxReplicas; }
  public void setMaxReplicas(Integer maxReplicas) { this.maxReplicas = maxReplicas; }
}
