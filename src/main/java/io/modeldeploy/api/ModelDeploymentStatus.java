package io.modeldeploy.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
// Its enums are read leniently too (a newer operator's phase must not break an older one's informer);
// nothing reports them, so the status keeps no record of what it could not read.
public class ModelDeploymentStatus {


  @JsonPropertyDescription("The metadata.generation the operator last acted on.")
  private Long observedGeneration;

  @JsonPropertyDescription("The provider this deployment runs on, recorded at its first reconcile; reconciling and deleting always use it, whatever spec.provider or the operator's default says later.")
  @JsonDeserialize(using = LenientEnum.class)
  private ProviderType provider;

  @JsonPropertyDescription("Human summary of the conditions, named as in the vendor's console.")
  @JsonDeserialize(using = LenientEnum.class)
  private Phase phase;

  @JsonPropertyDescription("Accepted, Ready, Reconciling, Stalled and the operator's own conditions; one per type.")
  private List<Condition> conditions = new ArrayList<>();

  @StatusReplicas
  @JsonPropertyDescription("Replicas currently deployed.")
  private Integer replicas;

  @JsonPropertyDescription("Replicas ready to serve.")
  private Integer readyReplicas;

  @JsonPropertyDescription("Replicas the operator is working towards (0 while suspended or stopped).")
  private Integer desiredReplicas;

  @JsonPropertyDescription("Ready over desired replicas, e.g. 2/3 (for kubectl get).")
  private String ready;

  @JsonPropertyDescription("What is reserved, for kubectl get: the model-unit spec per replica (MU1 x 8), the TPM (50000/5000 TPM) or tokens.")
  private String units;

  @LabelSelector
  @JsonPropertyDescription("Label selector of the serving pods, for the scale subresource and autoscalers.")
  private String selector;

  @JsonPropertyDescription("The code clients put in the model field of their calls.")
  private String modelCode;

  @JsonPropertyDescription("OpenAI-compatible base URL of the deployment.")
  private String endpoint;

  @JsonPropertyDescription("Cost estimate from the price catalog.")
  private CostStatus cost;

  @JsonPropertyDescription("Prepaid term timeline, for Subscription plans.")
  private SubscriptionStatus subscription;

  @JsonPropertyDescription("Capacity packs of a provisioned-throughput deployment on the vendor: purchase, effective throughput and term of each.")
  private List<CapacityPackStatus> capacityPacks;

  @JsonPropertyDescription("The vendor's operation for the last change of a provisioned-throughput deployment's own capacity or term.")
  private VendorOperation vendorOperation;

  @JsonPropertyDescription("Calls and tokens metered by the inference gateway today and this month; written by the gateway.")
  private UsageStatus usage;

  @JsonPropertyDescription("The serving revision and, during a rollout, the new one: step, weight, analysis.")
  private RolloutStatus rollout;

  @JsonPropertyDescription("Each revision taking calls through the inference gateway, its percent and ready replicas.")
  private List<TrafficTarget> traffic;

  @JsonPropertyDescription("With spec.autoscaling: what the autoscaler wants, the bounds in force and its last decisions.")
  private AutoscalingStatus autoscaling;

  public AutoscalingStatus getAutoscaling() { return autoscaling; }
  public void setAutoscaling(AutoscalingStatus autoscaling) { this.autoscaling = autoscaling; }
  public RolloutStatus getRollout() { return rollout; }
  public void setRollout(RolloutStatus rollout) { this.rollout = rollout; }
  public List<TrafficTarget> getTraffic() { return traffic; }
  public void setTraffic(List<TrafficTarget> traffic) { this.traffic = traffic; }
  public UsageStatus getUsage() { return usage; }
  public void setUsage(UsageStatus usage) { this.usage = usage; }
  public VendorOperation getVendorOperation() { return vendorOperation; }
  public void setVendorOperation(VendorOperation vendorOperation) { this.vendorOperation = vendorOperation; }
  public List<CapacityPackStatus> getCapacityPacks() { return capacityPacks; }
  public void setCapacityPacks(List<CapacityPackStatus> capacityPacks) { this.capacityPacks = capacityPacks; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public ProviderType getProvider() { return provider; }
  public void setProvider(ProviderType provider) { this.provider = provider; }
  public Phase getPhase() { return phase; }
  public void setPhase(Phase phase) { this.phase = phase; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
  public Integer getReplicas() { return replicas; }
  public void setReplicas(Integer replicas) { this.replicas = replicas; }
  public Integer getReadyReplicas() { return readyReplicas; }
  public void setReadyReplicas(Integer readyReplicas) { this.readyReplicas = readyReplicas; }
  public String getReady() { return ready; }

  public Integer getDesiredReplicas() { return desiredReplicas; }
  public void setDesiredReplicas(Integer desiredReplicas) { this.desiredReplicas = desiredReplicas; }

  /** The desired count, 0 before the first status. */
  public int desiredReplicas() { return desiredReplicas == null ? 0 : desiredReplicas; }
  public void setReady(String ready) { this.ready = ready; }
  public String getUnits() { return units; }
  public void setUnits(String units) { this.units = units; }
  public String getSelector() { return selector; }
  public void setSelector(String selector) { this.selector = selector; }
  public String getModelCode() { return modelCode; }
  public void setModelCode(String modelCode) { this.modelCode = modelCode; }
  public String getEndpoint() { return endpoint; }
  public void setEndpoint(String endpoint) { this.endpoint = endpoint; }
  public CostStatus getCost() { return cost; }
  public void setCost(CostStatus cost) { this.cost = cost; }
  public SubscriptionStatus getSubscription() { return subscription; }
  public void setSubscription(SubscriptionStatus subscription) { this.subscription = subscription; }

  /** Field by field, so the reconciler can skip a status patch that would change nothing. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ModelDeploymentStatus other)) return false;
    return Objects.equals(observedGeneration, other.observedGeneration) && phase == other.phase
        && provider == other.provider
        && Objects.equals(conditions, other.conditions) && Objects.equals(replicas, other.replicas)
        && Objects.equals(readyReplicas, other.readyReplicas) && Objects.equals(ready, other.ready)
        && Objects.equals(desiredReplicas, other.desiredReplicas)
        && Objects.equals(units, other.units) && Objects.equals(selector, other.selector)
        && Objects.equals(modelCode, other.modelCode) && Objects.equals(endpoint, other.endpoint)
        && Objects.equals(cost, other.cost) && Objects.equals(subscription, other.subscription)
        && Objects.equals(capacityPacks, other.capacityPacks) && Objects.equals(vendorOperation, other.vendorOperation)
        && Objects.equals(usage, other.usage) && Objects.equals(autoscaling, other.autoscaling)
        && Objects.equals(rollout, other.rollout) && Objects.equals(traffic, other.traffic);
  }

  @Override
  public int hashCode() { return Objects.hash(observedGeneration, phase, replicas, readyReplicas, modelCode); }
}
