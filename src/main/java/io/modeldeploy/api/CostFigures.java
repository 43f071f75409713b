package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One part's figures (a capacity pack), or the sum of the deployment's parts; decimal strings as in CostStatus. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CostFigures {

  @JsonPropertyDescription("The capacity pack these figures are for; absent for a total.")
  private String name;
  @JsonPropertyDescription("Cost per hour.")
  private String hourly;
  @JsonPropertyDescription("Cost per day.")
  private String daily;
  @JsonPropertyDescription("Cost per 30-day month.")
  private String monthly;
  @JsonPropertyDescription("Total of the prepaid term(s).")
  private String termTotal;

  public CostFigures() {}

  public CostFigures(String name, String hourly, String daily, String monthly, String termTotal) {
    this.name = name;
    this.hourly = hourly;
    this.daily = daily;
    this.monthly = monthly;
    this.termTotal = termTotal;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getHourly() { return hourly; }
  public void setHourly(String hourly) { this.hourly = hourly; }
  public String getDaily() { return daily; }
  public void setDaily(String daily) { this.daily = daily; }
  public String getMonthly() { return monthly; }
  public void setMonthly(String monthly) { this.monthly = monthly; }
  public String getTermTotal() { return termTotal; }
  public void setTermTotal(String termTotal) { this.termTotal = termTotal; }

  public CostFigures copy() { return new CostFigures(name, hourly, daily, monthly, termTotal); }

  @Override
  public boolean equals(Object o) {
    return o instanceof CostFigures other && Objects.equals(name, other.name) && Objects.equals(hourly, other.hourly)
        && Objects.equals(daily, other.daily) && Objects.equals(monthly, other.monthly) && Objects.equals(termTotal, other.termTotal);
  }

  @Override
  public int hashCode() { return Objects.hash(name, daily, termTotal); }
}
