package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One change of spec.replicas made by the autoscaler. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScalingDecision {

  @JsonPropertyDescription("When it was made (RFC 3339).")
  private String at;
  @JsonPropertyDescription("Replicas before.")
  private Integer from;
  @JsonPropertyDescription("Replicas after.")
  private Integer to;
  @JsonPropertyDescription("Why, as a CamelCase reason: MetricAboveTarget, MetricBelowTarget, ScaleFromZero, MinReplicas, MaxReplicas, Schedule or CostCeiling.")
  private String reason;
  @JsonPropertyDescription("Why, with the figures.")
  private String message;

  public ScalingDecision() {}

  public ScalingDecision(String at, int from, int to, String reason, String message) {
    this.at = at;
    this.from = from;
    this.to = to;
    this.reason = reason;
    this.message = message;
  }

  public String getAt() { return at; }
  public void setAt(String at) { this.at = at; }
  public Integer getFrom() { return from; }
  public void setFrom(Integer from) { this.from = from; }
  public Integer getTo() { return to; }
  public void setTo(Integer to) { this.to = to; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScalingDecision d && Objects.equals(at, d.at) && Objects.equals(from, d.from)
        && Objects.equals(to, d.to) && Objects.equals(reason, d.reason) && Objects.equals(message, d.message);
  }

  @Override
  public int hashCode() { return Objects.hash(at, from, to, reason); }
}
