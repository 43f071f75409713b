package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BillingAccountStatus {

  @JsonPropertyDescription("The metadata.generation the operator last acted on.")
  private Long observedGeneration;
  @JsonPropertyDescription("What the account's pay-as-you-go deployments have accrued, deleted and moved ones included (updated at a bounded rate). Never goes down: only a higher spec.balance brings an overdue account back.")
  private String spent;
  @JsonPropertyDescription("The part of spent owed by deployments that were deleted or moved to another account.")
  private String settled;
  @JsonPropertyDescription("The deployments drawing on the account now, with what each has accrued on it.")
  private List<AccountDraw> draws = new ArrayList<>();
  @JsonPropertyDescription("balance - spent.")
  private String remaining;
  @JsonPropertyDescription("When remaining fell below -creditLimit; deployments keep running for 24 h after it, then are released.")
  private String overdueSince;
  @JsonPropertyDescription("Deployments drawing on the account.")
  private Integer deployments;

  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public String getSpent() { return spent; }
  public void setSpent(String spent) { this.spent = spent; }
  public String getSettled() { return settled; }
  public void setSettled(String settled) { this.settled = settled; }
  public List<AccountDraw> getDraws() { return draws; }
  public void setDraws(List<AccountDraw> draws) { this.draws = draws; }
  public String getRemaining() { return remaining; }
  public void setRemaining(String remaining) { this.remaining = remaining; }
  public String getOverdueSince() { return overdueSince; }
  public void setOverdueSince(String overdueSince) { this.overdueSince = overdueSince; }
  public Integer getDeployments() { return deployments; }
  public void setDeployments(Integer deployments) { this.deployments = deployments; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BillingAccountStatus other)) return false;
    return Objects.equals(observedGeneration, other.observedGeneration) && Objects.equals(spent, other.spent)
        && Objects.equals(remaining, other.remaining) && Objects.equals(overdueSince, other.overdueSince)
        && Objects.equals(deployments, other.deployments) && Objects.equals(settled, other.settled)
        && Objects.equals(draws, other.draws);
  }

  @Override
  public int hashCode() { return Objects.hash(observedGeneration, spent, remaining, overdueSince, deployments); }
}
