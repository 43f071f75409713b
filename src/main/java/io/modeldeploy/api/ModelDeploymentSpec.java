package io.modeldeploy.api;

import java.util.Map;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/**
 * What the user asks for. The CEL rules here are the "required iff" rules of the API; {@code
 * io.modeldeploy.validation.SpecValidator} checks the same in Java for clients with no API server.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.billing.method != 'ModelUnit' || has(self.modelUnit)",
    message = "spec.modelUnit is required when spec.billing.method is ModelUnit, e.g. {type: MU1, count: 2}")
@ValidationRule(value = "self.billing.method == 'ModelUnit' || !has(self.modelUnit)",
    message = "spec.modelUnit is only allowed when spec.billing.method is ModelUnit")
@ValidationRule(value = "self.billing.method != 'ProvisionedThroughput' || has(self.provisionedThroughput)",
    message = "spec.provisionedThroughput is required when spec.billing.method is ProvisionedThroughput, e.g. {inputTPM: 50000, outputTPM: 5000}")
@ValidationRule(value = "self.billing.method == 'ProvisionedThroughput' || !has(self.provisionedThroughput)",
    message = "spec.provisionedThroughput is only allowed when spec.billing.method is ProvisionedThroughput")
@ValidationRule(value = "self.billing.method == 'ModelUnit' || !has(self.throttling)",
    message = "spec.throttling is only allowed when spec.billing.method is ModelUnit: the vendor limits requests and tokens per minute of model units only (provisioned throughput is not limited within its TPM)")
@ValidationRule(value = "self.billing.method != 'TokenUsage' || has(self.baseModel)",
    message = "spec.baseModel is required when spec.billing.method is TokenUsage: token billing is only for fine-tuned models; name the foundation model it was tuned from")
@ValidationRule(value = "!has(oldSelf.provider) || (has(self.provider) && self.provider == oldSelf.provider)",
    message = "spec.provider cannot be changed or removed after creation: to move a deployment, create a new ModelDeployment with the other provider, switch traffic to it, then delete this one")
@ValidationRule(value = "!has(self.autoscaling) || (self.billing.method == 'ModelUnit' && (!has(self.billing.plan) || self.billing.plan == 'PayAsYouGo'))",
    message = "spec.autoscaling is only for billing.method ModelUnit with plan PayAsYouGo: prepaid model units are bought for a term, not scaled by load, and throughput or tokens have no replicas to scale")
public class ModelDeploymentSpec implements LenientEnum.Holder {

  @JsonIgnore
  private final Map<String, String> unreadable = LenientEnum.none();


  @Required
  @Size(min = 1, max = 128)
  @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
  @JsonPropertyDescription("Model code: a preset code from the price catalog (e.g. qwen3-8b), or a fine-tuned model's own code (then set baseModel).")
  private String model;

  @Size(min = 1, max = 128)
  @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
  @JsonPropertyDescription("For a fine-tuned model: the catalog model it was tuned from. Prices and offered unit specs come from it. Required for TokenUsage.")
  private String baseModel;

  @Size(max = 16)
  @JsonPropertyDescription("Where the model runs: Kubernetes (the cluster's own GPUs) or ModelStudio (the vendor's service). Defaults to the operator's configured provider. Recorded in status.provider at the first reconcile and immutable once set: create a new ModelDeployment to move.")
  @JsonDeserialize(using = LenientEnum.class)
  private ProviderType provider;

  @Required
  @JsonPropertyDescription("How the deployment is paid for. Method and plan cannot be changed after creation.")
  private Billing billing;

  @JsonPropertyDescription("Model-unit spec per replica, e.g. {type: MU1, count: 8} is \"MU1 x 8\". Required if and only if billing.method is ModelUnit.")
  private ModelUnit modelUnit;

  @SpecReplicas
  @Min(0)
  @Max(1000)
  @Default("1")
  @JsonPropertyDescription("Number of replicas, each with the model-unit spec above. 0 keeps the deployment but serves nothing. The scale subresource points here.")
  private Integer replicas;

  @JsonPropertyDescription("Reserved tokens per minute. Required if and only if billing.method is ProvisionedThroughput.")
  private ProvisionedThroughput provisionedThroughput;

  @Size(max = 16)
  @JsonPropertyDescription("Instruct or Thinking, where the model offers it. For TokenUsage it selects the thinking or non-thinking output price. Unset: the model's default (Instruct prices).")
  @JsonDeserialize(using = LenientEnum.class)
  private InferenceMode inferenceMode;

  @Min(1)
  @Max(1048576)
  @JsonPropertyDescription("Maximum context length in tokens; at most the model's maximum input tokens (262144 where the catalog gives none).")
  private Integer maxContextTokens;

  @JsonPropertyDescription("Service throttling (requests and tokens per minute) of a ModelUnit deployment, where the model supports it.")
  private Throttling throttling;

  @JsonPropertyDescription("Cluster deployments: where the inference gateway sends calls beyond spec.throttling or spec.maxContextTokens instead of refusing them.")
  private OverflowTarget overflow;

  @JsonPropertyDescription("Pay-as-you-go model units: replicas follow load, schedules and a cost ceiling; the autoscaler then owns spec.replicas (leave it out of Git).")
  private Autoscaling autoscaling;

  @JsonPropertyDescription("How a new revision (a change of model, baseModel, inferenceMode, maxContextTokens or modelUnit) replaces the serving one: Full (default) or Canary steps with analysis.")
  private Rollout rollout;

  @JsonPropertyDescription("Expected traffic, used only to project TokenUsage costs (daily, monthly) in status and in mdctl.")
  private Usage usage;

  @Default("false")
  @JsonPropertyDescription("true takes the deployment offline (nothing serving, workloads kept); false brings it back.")
  private Boolean suspend;

  public String getModel() { return model; }
  public void setModel(String model) { this.model = model; }
  public String getBaseModel() { return baseModel; }
  public void setBaseModel(String baseModel) { this.baseModel = baseModel; }
  public ProviderType getProvider() { return provider; }
  public void setProvider(ProviderType provider) { this.provider = provider; }
  public Billing getBilling() { return billing; }
  public void setBilling(Billing billing) { this.billing = billing; }
  public ModelUnit getModelUnit() { return modelUnit; }
  public void setModelUnit(ModelUnit modelUnit) { this.modelUnit = modelUnit; }
  public Integer getReplicas() { return replicas; }
  public void setReplicas(Integer replicas) { this.replicas = replicas; }
  public ProvisionedThroughput getProvisionedThroughput() { return provisionedThroughput; }
  public void setProvisionedThroughput(ProvisionedThroughput provisionedThroughput) { this.provisionedThroughput = provisionedThroughput; }
  public InferenceMode getInferenceMode() { return inferenceMode; }
  public void setInferenceMode(InferenceMode inferenceMode) { this.inferenceMode = inferenceMode; }
  public Integer getMaxContextTokens() { return maxContextTokens; }
  public void setMaxContextTokens(Integer maxContextTokens) { this.maxContextTokens = maxContextTokens; }
  public Throttling getThrottling() { return throttling; }
  public void setThrottling(Throttling throttling) { this.throttling = throttling; }
  public OverflowTarget getOverflow() { return overflow; }
  public void setOverflow(OverflowTarget overflow) { this.overflow = overflow; }
  public Autoscaling getAutoscaling() { return autoscaling; }
  public void setAutoscaling(Autoscaling autoscaling) { this.autoscaling = autoscaling; }
  public Rollout getRollout() { return rollout; }
  public void setRollout(Rollout rollout) { this.rollout = rollout; }
  public Rollout effectiveRollout() { return rollout == null ? Rollout.full() : rollout; }
  public Usage getUsage() { return usage; }
  public void setUsage(Usage usage) { this.usage = usage; }
  public Boolean getSuspend() { return suspend; }
  public void setSuspend(Boolean suspend) { this.suspend = suspend; }

  /** Replicas with the schema default applied (the API server defaults it; offline readers may not). */
  public int effectiveReplicas() { return replicas == null ? 1 : replicas; }

  /** What is reserved, as kubectl and mdctl show it: "MU1 x 8", "50000/5000 TPM", or "tokens". */
  public String capacityDisplay() {
    if (modelUnit != null) return modelUnit.display();
    if (provisionedThroughput != null)
      return provisionedThroughput.getInputTPM() + "/" + provisionedThroughput.getOutputTPM() + " TPM";
    return "tokens";
  }

  /** The catalog model prices come from: the base model of a fine-tuned model, else the model itself. */
  public String pricedModel() { return baseModel != null ? baseModel : model; }

  /** Enum values this operator version could not read, by property (see LenientEnum). */
  @Override
  public Map<String, String> unreadable() { return unreadable; }
}
