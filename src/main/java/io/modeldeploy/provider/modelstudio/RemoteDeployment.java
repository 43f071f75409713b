package io.modeldeploy.provider.modelstudio;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A deployment as the vendor's API returns it (the fields the operator reads), in the shapes of both
 * of its pages: the deployments API and the newer TPM reservation API (prepaid fields, capacity as
 * {@code input_tpm} or {@code input_tpm_quota}, PD-separated capacities, {@code deleted} on STOPPED).
 */
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
    @JsonProperty("prefill_capacity") Integer prefillCapacity,
    @JsonProperty("decode_capacity") Integer decodeCapacity,
    @JsonProperty("model_unit_spec") String modelUnitSpec,
    @JsonProperty("enable_thinking") Boolean enableThinking,
    @JsonProperty("max_context_length") Integer maxContextLength,
    @JsonProperty("rpm_limit") Long rpmLimit,
    @JsonProperty("tpm_limit") Long tpmLimit,
    @JsonProperty("ptu_capacity") PtuCapacity ptuCapacity,
    @JsonProperty("charge_type") String chargeType,
    @JsonProperty("pre_paid_gmt_expired") String prePaidGmtExpired,
    @JsonProperty("pre_paid_instance_id") String prePaidInstanceId,
    @JsonProperty("overflow_strategy") String overflowStrategy,
    Boolean deleted,
    @JsonProperty("operation_id") String operationId,
    @JsonProperty("fail_reason") String failReason,
    @JsonProperty("gmt_create") String gmtCreate) {

  /** Released: DELETED, or STOPPED with {@code deleted} (the TPM reservation API keeps released ones listed). */
  public boolean released() {
    return "DELETED".equals(status) || ("STOPPED".equals(status) && Boolean.TRUE.equals(deleted));
  }

  /** The same deployment with another throughput (an instance's, where the model code reports the sum of several). */
  public RemoteDeployment withPtuCapacity(PtuCapacity capacity) {
    return new RemoteDeployment(deployedModel, name, modelName, status, plan, baseCapacity, this.capacity, readyCapacity, prefillCapacity,
        decodeCapacity, modelUnitSpec, enableThinking, maxContextLength, rpmLimit, tpmLimit, capacity, chargeType, prePaidGmtExpired,
        prePaidInstanceId, overflowStrategy, deleted, operationId, failReason, gmtCreate);
  }

  /** When the vendor says it was created (a prepaid term's purchase). */
  public Instant createdAt(ZoneId vendorZone) { return instant(gmtCreate, vendorZone); }

  /** When the vendor says a prepaid term ends; null when it has not said (yet). */
  public Instant prepaidExpiresAt(ZoneId vendorZone) { return instant(prePaidGmtExpired, vendorZone); }

  /** The vendor's timestamps carry no zone: its local time; one with a zone is read as such. */
  static Instant instant(String vendorTime, ZoneId vendorZone) {
    if (vendorTime == null || vendorTime.isBlank()) return null;
    try {
      return OffsetDateTime.parse(vendorTime).toInstant();
    } catch (DateTimeParseException noZone) {
      try {
        return LocalDateTime.parse(vendorTime.replace(' ', 'T')).atZone(vendorZone).toInstant();
      } catch (DateTimeParseException unreadable) {
        return null;
      }
    }
  }

  /**
   * Reserved throughput. The deployments API writes tokens per minute, the TPM reservation API kTPM
   * (and one of its examples {@code input_tpm_quota}): the numbers are compared with the spec in
   * both units (RemoteRequests.ptuMatches) rather than guessed.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PtuCapacity(@JsonProperty("input_tpm") @JsonAlias("input_tpm_quota") Long inputTpm,
      @JsonProperty("output_tpm") @JsonAlias("output_tpm_quota") Long outputTpm,
      @JsonProperty("thinking_output_tpm") Long thinkingOutputTpm) {}

  /** A prepaid term as bought: days, and whether (and by how many days) the vendor renews it at expiry. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PrePaidInfo(Integer duration, @JsonProperty("auto_renewal") Boolean autoRenewal,
      @JsonProperty("auto_renewal_duration") Integer autoRenewalDuration) {}
}
