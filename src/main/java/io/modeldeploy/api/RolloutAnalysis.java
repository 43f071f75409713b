package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.time.Duration;
import java.util.Optional;

/**
 * The checks each canary step must pass, read from the inference gateway's metrics of the new
 * revision: a check is made each time the revision has answered minRequests calls since the last one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutAnalysis {

  static final int DEFAULT_MIN_REQUESTS = 20;

  @Min(1)
  @Max(1000000)
  @JsonPropertyDescription("Calls the new revision must have answered before a check is made (each check counts its own calls). Default 20.")
  private Integer minRequests;

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Most percent of the new revision's calls that may fail (HTTP 5xx, the model unreachable or timing out).")
  private Integer maxErrorPercent;

  @Size(max = 32)
  @Pattern("^([0-9]+m)?([0-9]+s)?([0-9]+ms)?$")
  @JsonPropertyDescription("Slowest 95th percentile of time to first token allowed, e.g. 2s or 800ms.")
  private String maxTimeToFirstTokenP95;

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Most percent of the new revision's calls that may be refused by the deployment's throttling (429).")
  private Integer maxThrottledPercent;

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Failed checks tolerated; one more aborts the rollout. Default 0: the first failed check aborts.")
  private Integer failureLimit;

  public Integer getMinRequests() { return minRequests; }
  public void setMinRequests(Integer minRequests) { this.minRequests = minRequests; }
  public Integer getMaxErrorPercent() { return maxErrorPercent; }
  public void setMaxErrorPercent(Integer maxErrorPercent) { this.maxErrorPercent = maxErrorPercent; }
  public String getMaxTimeToFirstTokenP95() { return maxTimeToFirstTokenP95; }
  public void setMaxTimeToFirstTokenP95(String maxTimeToFirstTokenP95) { this.maxTimeToFirstTokenP95 = maxTimeToFirstTokenP95; }
  public Integer getMaxThrottledPercent() { return maxThrottledPercent; }
  public void setMaxThrottledPercent(Integer maxThrottledPercent) { this.maxThrottledPercent = maxThrottledPercent; }
  public Integer getFailureLimit() { return failureLimit; }
  public void setFailureLimit(Integer failureLimit) { this.failureLimit = failureLimit; }

  public int requests() { return minRequests == null ? DEFAULT_MIN_REQUESTS : minRequests; }
  public int failuresTolerated() { return failureLimit == null ? 0 : failureLimit; }

  /** The p95 ceiling, if set ("1m", "2s", "800ms", "1s500ms"). */
  public Optional<Duration> ttftCeiling() {
    if (maxTimeToFirstTokenP95 == null || maxTimeToFirstTokenP95.isEmpty()) return Optional.empty();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(?:([0-9]+)m(?!s))?(?:([0-9]+)s)?(?:([0-9]+)ms)?$")
        .matcher(maxTimeToFirstTokenP95);
    if (!m.matches()) return Optional.empty();
    return Optional.of(Duration.ofMinutes(number(m.group(1))).plusSeconds(number(m.group(2))).plusMillis(number(m.group(3))));
  }

  private static long number(String group) { return group == null ? 0 : Long.parseLong(group); }
}
