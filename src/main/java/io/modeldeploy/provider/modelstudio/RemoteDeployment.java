package io.modeldeploy.provider.modelstudio;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A deployment as the vendor's API returns it (the fields the operator reads). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RemoteDeployment(
    @JsonProperty("deployed_model") String deployedModel,
    String name,
    @JsonProperty("model_name") String modelName,
    String status,
    String plan,
    @JsonProperty("base_capacity") Integer baseCapacity,
    Integer capacity,
    @JsonProperty("ready_capacity") Integer readyCapacity,
    @JsonProperty("model_unit_spec") String modelUnitSpec,
    @JsonProperty("enable_thinking") Boolean enableThinking,
    @JsonProperty("max_context_length") Integer maxContextLength,
    @JsonProperty("rpm_limit") Long rpmLimit,
    @JsonProperty("tpm_limit") Long tpmLimit,
    @JsonProperty("ptu_capacity") PtuCapacity ptuCapacity,
    @JsonProperty("fail_reason") String failReason,
    @JsonProperty("gmt_create") String gmtCreate) {

  /** gmt_create carries no zone: the vendor's local time (Beijing for this API); an instant with a zone is read as such. */
  public java.time.Instant createdAt(java.time.ZoneId vendorZone) {
    if (gmtCreate == null || gmtCreate.isBlank()) return null;
    try {
      return java.time.OffsetDateTime.parse(gmtCreate).toInstant();
    } catch (java.time.format.DateTimeParseException noZone) {
      try {
        return java.time.LocalDateTime.parse(gmtCreate.replace(' ', 'T')).atZone(vendorZone).toInstant();
      } catch (java.time.format.DateTimeParseException unreadable) {
        return null;
      }
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PtuCapacity(@JsonProperty("input_tpm") Long inputTpm, @JsonProperty("output_tpm") Long outputTpm,
      @JsonProperty("thinking_output_tpm") Long thinkingOutputTpm) {}
}
