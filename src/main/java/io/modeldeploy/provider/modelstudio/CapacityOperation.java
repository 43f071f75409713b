package io.modeldeploy.provider.modelstudio;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a capacity-instance write answers and what polling its id returns. HTTP 200 is only that the
 * request was taken: the operation's own status says whether it succeeded.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CapacityOperation(
    @JsonProperty("operation_id") String operationId,
    @JsonProperty("operation_type") String operationType,
    @JsonProperty("operation_status") String operationStatus,
    @JsonProperty("instance_id") String instanceId,
    @JsonProperty("current_status") String currentStatus,
    @JsonProperty("error_code") String errorCode,
    @JsonProperty("error_message") String errorMessage) {

  public static final String PROCESSING = "PROCESSING";
  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";

  /** SUCCEEDED or FAILED: polling stops. An operation status this operator does not know is polled on. */
  public boolean finished() { return SUCCEEDED.equals(operationStatus) || FAILED.equals(operationStatus); }

  public boolean failed() { return FAILED.equals(operationStatus); }

  /** The vendor's words for a failure, code first. */
  public String failure() {
    return (errorCode == null ? "FAILED" : errorCode) + (errorMessage == null || errorMessage.isBlank() ? "" : ": " + errorMessage);
  }
}
