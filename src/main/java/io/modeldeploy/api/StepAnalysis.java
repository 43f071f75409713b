package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The last check of one canary step, with its figures. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StepAnalysis {

  @JsonPropertyDescription("The step, from 1.")
  private Integer step;
  @JsonPropertyDescription("Passed or Failed.")
  private String result;
  @JsonPropertyDescription("Calls of the new revision the check counted.")
  private Long requests;
  @JsonPropertyDescription("Percent of them that failed (5xx, unreachable, timeout).")
  private String errorPercent;
  @JsonPropertyDescription("Percent of them refused by throttling (429).")
  private String throttledPercent;
  @JsonPropertyDescription("95th percentile of time to first token, as an upper bucket bound (e.g. 0.25s); absent when no call was answered.")
  private String timeToFirstTokenP95;
  @JsonPropertyDescription("Failed checks so far in this rollout.")
  private Integer failedChecks;
  @JsonPropertyDescription("What was checked against what.")
  private String message;

  public Integer getStep() { return step; }
  public void setStep(Integer step) { this.step = step; }
  public String getResult() { return result; }
  public void setResult(String result) { this.result = result; }
  public Long getRequests() { return requests; }
  public void setRequests(Long requests) { this.requests = requests; }
  public String getErrorPercent() { return errorPercent; }
  public void setErrorPercent(String errorPercent) { this.errorPercent = errorPercent; }
  public String getThrottledPercent() { return throttledPercent; }
  public void setThrottledPercent(String throttledPercent) { this.throttledPercent = throttledPercent; }
  public String getTimeToFirstTokenP95() { return timeToFirstTokenP95; }
  public void setTimeToFirstTokenP95(String timeToFirstTokenP95) { this.timeToFirstTokenP95 = timeToFirstTokenP95; }
  public Integer getFailedChecks() { return failedChecks; }
  public void setFailedChecks(Integer failedChecks) { this.failedChecks = failedChecks; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }

  public boolean passed() { return "Passed".equals(result); }

  @Override
  public boolean equals(Object o) {
    return o instanceof StepAnalysis a && Objects.equals(step, a.step) && Objects.equals(result, a.result)
        && Objects.equals(requests, a.requests) && Objects.equals(errorPercent, a.errorPercent)
        && Objects.equals(throttledPercent, a.throttledPercent) && Objects.equals(timeToFirstTokenP95, a.timeToFirstTokenP95)
        && Objects.equals(failedChecks, a.failedChecks) && Objects.equals(message, a.message);
  }

  @Override
  public int hashCode() { return Objects.hash(step, result, requests); }
}
