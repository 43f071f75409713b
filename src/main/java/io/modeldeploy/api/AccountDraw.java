package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One deployment drawing on a BillingAccount, as the account last saw it. */
public class AccountDraw {

  @JsonPropertyDescription("The ModelDeployment's name.")
  private String name;
  @JsonPropertyDescription("The ModelDeployment's UID, so a re-created one of the same name is a new draw.")
  private String uid;
  @JsonPropertyDescription("What the deployment had accrued when it began drawing on this account.")
  private String opening;
  @JsonPropertyDescription("What the deployment had accrued when the account last looked; it is charged accrued - opening.")
  private String accrued;

  public AccountDraw() {}

  public AccountDraw(String name, String uid, String opening, String accrued) {
    this.name = name;
    this.uid = uid;
    this.opening = opening;
    this.accrued = accrued;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getUid() { return uid; }
  public void setUid(String uid) { this.uid = uid; }
  public String getOpening() { return opening; }
  public void setOpening(String opening) { this.opening = opening; }
  public String getAccrued() { return accrued; }
  public void setAccrued(String accrued) { this.accrued = accrued; }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccountDraw other && Objects.equals(name, other.name) && Objects.equals(uid, other.uid)
        && Objects.equals(opening, other.opening) && Objects.equals(accrued, other.accrued);
  }

  @Override
  public int hashCode() { return Objects.hash(name, uid, opening, accrued); }
}
