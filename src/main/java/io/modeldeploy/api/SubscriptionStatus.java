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
  @JsonPropertyDescription("Where the term is: Active, GracePeriod (expired, still serving), ServiceStopped or Released.")
  private String stage;
  @JsonPropertyDescription("The next timed transition (GracePeriod, ServiceStopped, Released, or AutoRenewal).")
  private String nextTransition;
  @JsonPropertyDescription("When the next timed transition happens.")
  private String nextTransitionAt;
  @JsonPropertyDescription("spec.billing.subscription.periods when last seen; raising it renews.")
  private Integer orderedPeriods;
  @JsonPropertyDescription("Periods paid from startedAt, renewals included (days for ProvisionedThroughput, months for ModelUnit).")
  private Integer paidPeriods;

  public String getStartedAt() { return startedAt; }
  public void setStartedAt(String startedAt) { this.startedAt = startedAt; }
  public String getExpiresAt() { return expiresAt; }
  public void setExpiresAt(String expiresAt) { this.expiresAt = expiresAt; }
  public String getStopAt() { return stopAt; }
  public void setStopAt(String stopAt) { this.stopAt = stopAt; }
  public String getReleaseAt() { return releaseAt; }
  public void setReleaseAt(String releaseAt) { this.releaseAt = releaseAt; }
  public String getStage() { return stage; }
  public void setStage(String stage) { this.stage = stage; }
  public String getNextTransition() { return nextTransition; }
  public void setNextTransition(String nextTransition) { this.nextTransition = nextTransition; }
  public String getNextTransitionAt() { return nextTransitionAt; }
  public void setNextTransitionAt(String nextTransitionAt) { this.nextTransitionAt = nextTransitionAt; }
  public Integer getOrderedPeriods() { return orderedPeriods; }
  public void setOrderedPeriods(Integer orderedPeriods) { this.orderedPeriods = orderedPeriods; }
  public Integer getPaidPeriods() { return paidPeriods; }
  public void setPaidPeriods(Integer paidPeriods) { this.paidPeriods = paidPeriods; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SubscriptionStatus other)) return false;
    return Objects.equals(startedAt, other.startedAt) && Objects.equals(expiresAt, other.expiresAt)
        && Objects.equals(stopAt, other.stopAt) && Objects.equals(releaseAt, other.releaseAt)
        && Objects.equals(stage, other.stage) && Objects.equals(nextTransition, other.nextTransition)
        && Objects.equals(nextTransitionAt, other.nextTransitionAt) && Objects.equals(orderedPeriods, other.orderedPeriods)
        && Objects.equals(paidPeriods, other.paidPeriods);
  }

  @Override
  public int hashCode() { return Objects.hash(startedAt, expiresAt, stopAt, releaseAt); }
}
