package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Calls and tokens the inference gateway metered, for the day and the month (in the billing time
 * zone) named here. Written by the gateway, at most once a minute and only after traffic, so a day
 * without calls leaves the last day's figures, under that day's date.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UsageStatus {

  @JsonPropertyDescription("The day today counts, e.g. 2026-11-30, in the billing time zone.")
  private String day;
  @JsonPropertyDescription("Calls and tokens of that day.")
  private UsageCounts today;
  @JsonPropertyDescription("The month thisMonth counts, e.g. 2026-11.")
  private String month;
  @JsonPropertyDescription("Calls and tokens of that month.")
  private UsageCounts thisMonth;

  public UsageStatus() {}

  public UsageStatus(String day, UsageCounts today, String month, UsageCounts thisMonth) {
    this.day = day;
    this.today = today;
    this.month = month;
    this.thisMonth = thisMonth;
  }

  public String getDay() { return day; }
  public void setDay(String day) { this.day = day; }
  public UsageCounts getToday() { return today; }
  public void setToday(UsageCounts today) { this.today = today; }
  public String getMonth() { return month; }
  public void setMonth(String month) { this.month = month; }
  public UsageCounts getThisMonth() { return thisMonth; }
  public void setThisMonth(UsageCounts thisMonth) { this.thisMonth = thisMonth; }

  @Override
  public boolean equals(Object o) {
    return o instanceof UsageStatus other && Objects.equals(day, other.day) && Objects.equals(today, other.today)
        && Objects.equals(month, other.month) && Objects.equals(thisMonth, other.thisMonth);
  }

  @Override
  public int hashCode() { return Objects.hash(day, month, today); }
}
