package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Instants as RFC 3339 strings with the billing time zone's offset. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SubscriptionStatus {

  @JsonPropertyDescription("When the term started (the deployment was ordered).")
  private String startedAt;
  @JsonPropertyDescription("23:59 on the last day of the term; the grace period starts here.")
  private String expiresAt;
  @JsonPropertyDescription("Service stops: 2 hours after expiry.")
  private String stopAt;
  @JsonPropertyDescription("Resources are released: 14 hours after the stop.")
  private String releaseAt;

  public String getStartedAt() { return startedAt; }
  public void setStartedAt(String startedAt) { this.startedAt = startedAt; }
  public String getExpiresAt() { return expiresAt; }
  public void setExpiresAt(String expiresAt) { this.expiresAt = expiresAt; }
  public String getStopAt() { return stopAt; }
  public void setStopAt(String stopAt) { this.stopAt = stopAt; }
  public String getReleaseAt() { return releaseAt; }
  public void setReleaseAt(String releaseAt) { this.releaseAt = releaseAt; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SubscriptionStatus other)) return false;
    return Objects.equals(startedAt, other.startedAt) && Objects.equals(expiresAt, other.expiresAt)
        && Objects.equals(stopAt, other.stopAt) && Objects.equals(releaseAt, other.releaseAt);
  }

  @Override
  public int hashCode() { return Objects.hash(startedAt, expiresAt, stopAt, releaseAt); }
}
