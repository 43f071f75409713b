package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * A capacity pack as the vendor reports it, and the purchase or renewal in flight. The operation
 * and instance ids are what lets the operator follow a purchase across restarts without buying twice.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CapacityPackStatus {

  @JsonPropertyDescription("The pack's name in spec.provisionedThroughput.capacityPacks.")
  private String name;
  @JsonPropertyDescription("The vendor's capacity instance, once the purchase is confirmed.")
  private String instanceId;
  @JsonPropertyDescription("The vendor's operation for the last purchase or renewal of this pack.")
  private String operationId;
  @JsonPropertyDescription("PROCESSING, SUCCEEDED or FAILED, as the vendor reports the operation.")
  private String operationStatus;
  @JsonPropertyDescription("Purchases of this pack the vendor answered FAILED; each new attempt (after a spec change) is a new operation.")
  private Integer failedAttempts;
  @JsonPropertyDescription("metadata.generation when the last purchase failed: the same spec is not bought again to fail again.")
  private Long failedGeneration;
  @JsonPropertyDescription("Days ordered so far (the purchase and its renewals).")
  private Integer orderedDays;
  @JsonPropertyDescription("The instance's status as the vendor reports it (RUNNING, WAIT_PRE_PAID_BILLING_TO_DEPLOYING, ...).")
  private String state;
  @JsonPropertyDescription("Input tokens per minute the vendor confirms as effective (0 until then).")
  private Long effectiveInputTPM;
  @JsonPropertyDescription("Output tokens per minute the vendor confirms as effective (0 until then).")
  private Long effectiveOutputTPM;
  @JsonPropertyDescription("When the vendor says the pack's term ends, RFC 3339.")
  private String expiresAt;
  @JsonPropertyDescription("true once the pack left the spec: a prepaid pack cannot be ended early and serves until it expires.")
  private Boolean removed;
  @JsonPropertyDescription("Why the pack is not (yet) effective, or what happens to it next.")
  private String message;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getInstanceId() { return instanceId; }
  public void setInstanceId(String instanceId) { this.instanceId = instanceId; }
  public String getOperationId() { return operationId; }
  public void setOperationId(String operationId) { this.operationId = operationId; }
  public String getOperationStatus() { return operationStatus; }
  public void setOperationStatus(String operationStatus) { this.operationStatus = operationStatus; }
  public Integer getFailedAttempts() { return failedAttempts; }
  public void setFailedAttempts(Integer failedAttempts) { this.failedAttempts = failedAttempts; }
  public Long getFailedGeneration() { return failedGeneration; }
  public void setFailedGeneration(Long failedGeneration) { this.failedGeneration = failedGeneration; }
  public Integer getOrderedDays() { return orderedDays; }
  public void setOrderedDays(Integer orderedDays) { this.orderedDays = orderedDays; }
  public String getState() { return state; }
  public void setState(String state) { this.state = state; }
  public Long getEffectiveInputTPM() { return effectiveInputTPM; }
  public void setEffectiveInputTPM(Long effectiveInputTPM) { this.effectiveInputTPM = effectiveInputTPM; }
  public Long getEffectiveOutputTPM() { return effectiveOutputTPM; }
  public void setEffectiveOutputTPM(Long effectiveOutputTPM) { this.effectiveOutputTPM = effectiveOutputTPM; }
  public String getExpiresAt() { return expiresAt; }
  public void setExpiresAt(String expiresAt) { this.expiresAt = expiresAt; }
  public Boolean getRemoved() { return removed; }
  public void setRemoved(Boolean removed) { this.removed = removed; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CapacityPackStatus other)) return false;
    return Objects.equals(name, other.name) && Objects.equals(instanceId, other.instanceId)
        && Objects.equals(operationId, other.operationId) && Objects.equals(operationStatus, other.operationStatus)
        && Objects.equals(failedAttempts, other.failedAttempts) && Objects.equals(failedGeneration, other.failedGeneration)
        && Objects.equals(orderedDays, other.orderedDays) && Objects.equals(state, other.state)
        && Objects.equals(effectiveInputTPM, other.effectiveInputTPM) && Objects.equals(effectiveOutputTPM, other.effectiveOutputTPM)
        && Objects.equals(expiresAt, other.expiresAt) && Objects.equals(removed, other.removed) && Objects.equals(message, other.message);
  }

  @Override
  public int hashCode() { return Objects.hash(name, instanceId, operationId, state); }
}
