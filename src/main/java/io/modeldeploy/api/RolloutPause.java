package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.time.Duration;
import java.util.Optional;

/** How long a step holds its weight: a duration, or (empty) until a promotion. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutPause {

  @Size(max = 32)
  @Pattern("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$")
  @JsonPropertyDescription("How long the step holds its weight, e.g. 10m or 1h30m. Absent: the step waits for a promotion (annotation modeldeploy.io/rollout=promote, or mdctl rollout promote).")
  private String duration;

  public RolloutPause() {}

  public RolloutPause(String duration) { this.duration = duration; }

  public String getDuration() { return duration; }
  public void setDuration(String duration) { this.duration = duration; }

  /** The pause's length; empty for an open pause (or a duration of nothing). */
  public Optional<Duration> length() {
    if (duration == null || duration.isEmpty()) return Optional.empty();
    return Optional.of(Duration.parse("PT" + duration.toUpperCase()));
  }
}
