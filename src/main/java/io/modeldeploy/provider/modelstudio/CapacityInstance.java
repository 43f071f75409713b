package io.modeldeploy.provider.modelstudio;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A capacity instance of a provisioned-throughput model code, as the TPM reservation API reports it:
 * one purchase (the model code's first, or a capacity pack), with its own charge type, status and term.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CapacityInstance(
    @JsonProperty("instance_id") String instanceId,
    @JsonProperty("charge_type") String chargeType,
    String status,
    Boolean deleted,
    @JsonProperty("effective_capacity") RemoteDeployment.PtuCapacity effectiveCapacity,
    @JsonProperty("configured_capacity") RemoteDeployment.PtuCapacity configuredCapacity,
    @JsonProperty("target_capacity") RemoteDeployment.PtuCapacity targetCapacity,
    @JsonProperty("pre_paid_info") RemoteDeployment.PrePaidInfo prePaidInfo,
    @JsonProperty("gmt_expired") String gmtExpired,
    @JsonProperty("can_renew") Boolean canRenew,
    @JsonProperty("fail_reason") String failReason,
    @JsonProperty("gmt_created") String gmtCreated) {

  /** Released (post-paid deleted, or prepaid unsubscribed): {@code deleted}, not STOPPED alone. */
  public boolean released() { return Boolean.TRUE.equals(deleted); }

  public boolean postPaid() { return "post_paid".equalsIgnoreCase(chargeType); }
}
