package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * The vendor's operation for the last change of a provisioned-throughput deployment's own capacity
 * or term (create, scale, renew): followed until it ends, since an accepted request is not a
 * change made.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VendorOperation {

  @JsonPropertyDescription("The vendor's operation id (operation_id of the write's answer).")
  private String id;
  @JsonPropertyDescription("What was asked: CREATE, SCALE or RENEW.")
  private String type;
  @JsonPropertyDescription("PROCESSING, SUCCEEDED or FAILED, as the vendor reports it.")
  private String status;
  @JsonPropertyDescription("metadata.generation the write was made for: a failed change is not asked again for the same spec.")
  private Long generation;
  @JsonPropertyDescription("The vendor's error_code and error_message of a failed operation.")
  private String message;

  public VendorOperation() {}

  public VendorOperation(String id, String type, String status, Long generation, String message) {
    this.id = id;
    this.type = type;
    this.status = status;
    this.generation = generation;
    this.message = message;
  }

  public String getId() { return id; }
  public void setId(String id) { this.id = id; }
  public String getType() { return type; }
  public void setType(String type) { this.type = type; }
  public String getStatus() { return status; }
  public void setStatus(String status) { this.status = status; }
  public Long getGeneration() { return generation; }
  public void setGeneration(Long generation) { this.generation = generation; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }

  @Override
  public boolean equals(Object o) {
    return o instanceof VendorOperation other && Objects.equals(id, other.id) && Objects.equals(type, other.type)
        && Objects.equals(status, other.status) && Objects.equals(generation, other.generation) && Objects.equals(message, other.message);
  }

  @Override
  public int hashCode() { return Objects.hash(id, status); }
}
