package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What the gateway metered for one deployment over a day or a month; overflow counts are part of the totals. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UsageCounts {

  @JsonPropertyDescription("Calls answered by the model (served from the reservation or as overflow).")
  private long requests;
  @JsonPropertyDescription("Input (prompt) tokens, as the model reported them.")
  private long inputTokens;
  @JsonPropertyDescription("Output (completion) tokens, as the model reported them.")
  private long outputTokens;
  @JsonPropertyDescription("Of the calls: those served beyond the reservation or limits (x-dashscope-ptu-overflow: true).")
  private long overflowRequests;
  @JsonPropertyDescription("Of the input tokens: those of overflow calls.")
  private long overflowInputTokens;
  @JsonPropertyDescription("Of the output tokens: those of overflow calls.")
  private long overflowOutputTokens;

  public UsageCounts() {}

  public UsageCounts(long requests, long inputTokens, long outputTokens, long overflowRequests, long overflowInputTokens,
      long overflowOutputTokens) {
    this.requests = requests;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    this.overflowRequests = overflowRequests;
    this.overflowInputTokens = overflowInputTokens;
    this.overflowOutputTokens = overflowOutputTokens;
  }

  public long getRequests() { return requests; }
  public void setRequests(long requests) { this.requests = requests; }
  public long getInputTokens() { return inputTokens; }
  public void setInputTokens(long inputTokens) { this.inputTokens = inputTokens; }
  public long getOutputTokens() { return outputTokens; }
  public void setOutputTokens(long outputTokens) { this.outputTokens = outputTokens; }
  public long getOverflowRequests() { return overflowRequests; }
  public void setOverflowRequests(long overflowRequests) { this.overflowRequests = overflowRequests; }
  public long getOverflowInputTokens() { return overflowInputTokens; }
  public void setOverflowInputTokens(long overflowInputTokens) { this.overflowInputTokens = overflowInputTokens; }
  public long getOverflowOutputTokens() { return overflowOutputTokens; }
  public void setOverflowOutputTokens(long overflowOutputTokens) { this.overflowOutputTokens = overflowOutputTokens; }

  @Override
  public boolean equals(Object o) {
    return o instanceof UsageCounts other && requests == other.requests && inputTokens == other.inputTokens
        && outputTokens == other.outputTokens && overflowRequests == other.overflowRequests
        && overflowInputTokens == other.overflowInputTokens && overflowOutputTokens == other.overflowOutputTokens;
  }

  @Override
  public int hashCode() { return Objects.hash(requests, inputTokens, outputTokens, overflowRequests); }

  @Override
  public String toString() {
    return requests + " requests, " + inputTokens + "/" + outputTokens + " tokens (overflow " + overflowRequests + ", "
        + overflowInputTokens + "/" + overflowOutputTokens + ")";
  }
}
