package io.modeldeploy.provider.modelstudio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of POST /deployments. Model units: {@code capacity}, or {@code prefill_capacity} and
 * {@code decode_capacity} for a PD-separated template, with {@code billing_method}. Provisioned
 * throughput (the TPM reservation API): {@code charge_type}, kTPM, and {@code pre_paid_info} for a term.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateRequest(
    @JsonProperty("model_name") String modelName,
    String plan,
    @JsonProperty("deploy_spec") String deploySpec,
    Integer capacity,
    @JsonProperty("prefill_capacity") Integer prefillCapacity,
    @JsonProperty("decode_capacity") Integer decodeCapacity,
    @JsonProperty("billing_method") String billingMethod,
    @JsonProperty("charge_type") String chargeType,
    @JsonProperty("pre_paid_info") RemoteDeployment.PrePaidInfo prePaidInfo,
    @JsonProperty("enable_thinking") Boolean enableThinking,
    @JsonProperty("max_context_length") Integer maxContextLength,
    @JsonProperty("rpm_limit") Long rpmLimit,
    @JsonProperty("tpm_limit") Long tpmLimit,
    @JsonProperty("ptu_capacity") RemoteDeployment.PtuCapacity ptuCapacity,
    String name,
    String suffix) {}
