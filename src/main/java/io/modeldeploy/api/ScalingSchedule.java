package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * A recurring window that sets the replica bounds while it is active: from start to end on each
 * listed day (the day it starts), in its time zone; an end at or before the start ends the next day.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.minReplicas) || has(self.maxReplicas)",
    message = "a schedule sets minReplicas, maxReplicas or both while it is active")
@ValidationRule(value = "!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
    message = "a schedule's minReplicas must be at most its maxReplicas")
public class ScalingSchedule {

  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Name, shown in status.autoscaling.activeSchedule.")
  private String name;

  @Size(max = 64)
  @JsonPropertyDescription("IANA time zone of start and end, e.g. Asia/Shanghai or Europe/Berlin. Default: the operator's billing time zone.")
  private String timeZone;

  @Size(max = 7)
  @JsonPropertyDescription("Days the window starts on (Mon..Sun). Default: every day.")
  private List<Weekday> days;

  @Required
  @Size(max = 5)
  @Pattern("^([01][0-9]|2[0-3]):[0-5][0-9]$")
  @JsonPropertyDescription("Start, HH:MM (24-hour).")
  private String start;

  @Required
  @Size(max = 5)
  @Pattern("^([01][0-9]|2[0-3]):[0-5][0-9]$")
  @JsonPropertyDescription("End, HH:MM (24-hour); at or before start: the next day (a window that crosses midnight, or 24 hours when equal).")
  private String end;

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("Fewest replicas while active (replaces spec.autoscaling.minReplicas).")
  private Integer minReplicas;

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("Most replicas while active (replaces spec.autoscaling.maxReplicas); may be lower than it, to take capacity away.")
  private Integer maxReplicas;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getTimeZone() { return timeZone; }
  public void setTimeZone(String timeZone) { this.timeZone = timeZone; }
  public List<Weekday> getDays() { return days; }
  public void setDays(List<Weekday> days) { this.days = days; }
  public String getStart() { return start; }
  public void setStart(String start) { this.start = start; }
  public String getEnd() { return end; }
  public void setEnd(String end) { this.end = end; }
  public Integer getMinReplicas() { return minReplicas; }
  public void setMinReplicas(Integer minReplicas) { this.minReplicas = minReplicas; }
  public Integer getMaxReplicas() { return maxReplicas; }
  public void setMaxReplicas(Integer maxReplicas) { this.maxReplicas = maxReplicas; }
}
