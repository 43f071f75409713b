package io.modeldeploy.provider.modelstudio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of POST /deployments. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateRequest(
    @JsonProperty("model_name") String modelName,
    String plan,
    @JsonProperty("deploy_spec") String deploySpec,
    Integer capacity,
    @JsonProperty("billing_method") String billingMethod,
    @JsonProperty("enable_thinking") Boolean enableThinking,
    @JsonProperty("max_context_length") Integer maxContextLength,
    @JsonProperty("rpm_limit") Long rpmLimit,
    @JsonProperty("tpm_limit") Long tpmLimit,
    @JsonProperty("ptu_capacity") RemoteDeployment.PtuCapacity ptuCapacity,
    String name,
    String suffix) {}
