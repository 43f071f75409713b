package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** How a pay-as-you-go model-unit deployment's replicas follow its load, its schedule and a cost ceiling. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.minReplicas) || self.minReplicas <= self.maxReplicas",
    message = "spec.autoscaling.minReplicas must be at most spec.autoscaling.maxReplicas")
@ValidationRule(value = "!has(self.metrics) || self.metrics.all(m, self.metrics.filter(n, n.type == m.type).size() == 1)",
    message = "spec.autoscaling.metrics: each metric type at most once")
@ValidationRule(value = "!has(self.schedules) || self.schedules.all(s, self.schedules.filter(t, t.name == s.name).size() == 1)",
    message = "spec.autoscaling.schedules: each schedule needs a name of its own")
public class Autoscaling implements LenientEnum.Holder {

  @JsonIgnore
  private final Map<String, String> unreadable = LenientEnum.none();

  @Min(0)
  @Max(1000)
  @Default("1")
  @JsonPropertyDescription("Fewest replicas outside any schedule. 0 (cluster deployments) scales to zero when idle; the gateway holds calls while a replica starts.")
  private Integer minReplicas;

  @Required
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Most replicas outside any schedule.")
  private Integer maxReplicas;

  @Size(max = 4)
  @JsonPropertyDescription("Load targets; replicas are the highest any of them asks for. Empty: replicas follow only the schedules (the effective minimum).")
  private List<ScalingMetric> metrics;

  @JsonPropertyDescription("How fast replicas follow the metrics.")
  private ScalingBehavior behavior;

  @Size(max = 16)
  @JsonPropertyDescription("Windows that set minReplicas and/or maxReplicas while active, so a schedule can lower capacity as well as raise it. Where windows overlap, the first active one in this list wins.")
  private List<ScalingSchedule> schedules;

  @Size(max = 32)
  @Pattern("^[0-9]{1,9}(\\.[0-9]{1,2})?$")
  @JsonPropertyDescription("Highest hourly cost (catalog currency, e.g. \"60\" or \"60.50\"): replicas are capped so the deployment's hourly cost stays at or under it, schedules included. Must allow minReplicas.")
  private String maxCostPerHour;

  @Size(max = 16)
  @Default("Builtin")
  @JsonPropertyDescription("Builtin: the operator scales from the metrics it samples. HPA: the operator owns an autoscaling/v2 HorizontalPodAutoscaler on this deployment's scale subresource (needs a metrics adapter); schedules and the cost ceiling then set its minReplicas and maxReplicas.")
  @JsonDeserialize(using = LenientEnum.class)
  private AutoscalingEngine engine;

  public Integer getMinReplicas() { return minReplicas; }
  public void setMinReplicas(Integer minReplicas) { this.minReplicas = minReplicas; }
  public Integer getMaxReplicas() { return maxReplicas; }
  public void setMaxReplicas(Integer maxReplicas) { this.maxReplicas = maxReplicas; }
  public List<ScalingMetric> getMetrics() { return metrics; }
  public void setMetrics(List<ScalingMetric> metrics) { this.metrics = metrics; }
  public ScalingBehavior getBehavior() { return behavior; }
  public void setBehavior(ScalingBehavior behavior) { this.behavior = behavior; }
  public List<ScalingSchedule> getSchedules() { return schedules; }
  public void setSchedules(List<ScalingSchedule> schedules) { this.schedules = schedules; }
  public String getMaxCostPerHour() { return maxCostPerHour; }
  public void setMaxCostPerHour(String maxCostPerHour) { this.maxCostPerHour = maxCostPerHour; }
  public AutoscalingEngine getEngine() { return engine; }
  public void setEngine(AutoscalingEngine engine) { this.engine = engine; }

  /** With the schema's defaults applied (offline readers may not have them). */
  public int effectiveMinReplicas() { return minReplicas == null ? 1 : minReplicas; }
  public int effectiveMaxReplicas() { return maxReplicas == null ? effectiveMinReplicas() : maxReplicas; }
  public AutoscalingEngine effectiveEngine() { return engine == null ? AutoscalingEngine.Builtin : engine; }
  public List<ScalingMetric> metricList() { return metrics == null ? List.of() : metrics; }
  public List<ScalingSchedule> scheduleList() { return schedules == null ? List.of() : schedules; }
  /** Whether replicas may go to zero at some time: its minimum, or a schedule's, is 0. */
  public boolean mayScaleToZero() {
    return effectiveMinReplicas() == 0 || scheduleList().stream().anyMatch(s -> Integer.valueOf(0).equals(s.getMinReplicas()));
  }

  public ScalingBehavior effectiveBehavior() { return behavior == null ? new ScalingBehavior() : behavior; }

  @Override
  public Map<String, String> unreadable() { return unreadable; }
}
