package io.modeldeploy.provider;

import io.modeldeploy.api.InferenceMode;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelUnitMode;
import java.util.Map;

/** What should run, in provider-neutral terms, derived from a valid spec. */
public record DesiredDeployment(
    String namespace,
    String name,
    String model,
    String baseModel,
    String unitType,
    int unitsPerReplica,
    ModelUnitMode mode,
    int replicas,
    boolean thinking,
    Integer maxContextTokens,
    Long rpmLimit,
    Long tpmLimit) {

  public static final String NAME_LABEL = "modeldeploy.io/deployment";

  /** Replicas to run: zero while suspended. */
  public static DesiredDeployment of(ModelDeployment resource) {
    ModelDeploymentSpec spec = resource.getSpec();
    boolean suspended = Boolean.TRUE.equals(spec.getSuspend());
    var unit = spec.getModelUnit();
    return new DesiredDeployment(resource.getMetadata().getNamespace(), resource.getMetadata().getName(),
        spec.getModel(), spec.getBaseModel(),
        unit == null ? null : unit.getType(), unit == null ? 0 : unit.getCount(),
        unit == null ? ModelUnitMode.Standard : unit.effectiveMode(),
        suspended ? 0 : spec.effectiveReplicas(),
        spec.getInferenceMode() == InferenceMode.Thinking, spec.getMaxContextTokens(),
        spec.getThrottling() == null ? null : spec.getThrottling().getRpm(),
        spec.getThrottling() == null ? null : spec.getThrottling().getTpm());
  }

  public DesiredDeployment withReplicas(int count) {
    return new DesiredDeployment(namespace, name, model, baseModel, unitType, unitsPerReplica, mode, count, thinking,
        maxContextTokens, rpmLimit, tpmLimit);
  }

  /** The label selector published in status, for the scale subresource and autoscalers. */
  public String selector() {
    return selectorLabels().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(","));
  }

  /** Labels every workload of this deployment carries. */
  public Map<String, String> selectorLabels() {
    return Map.of("app.kubernetes.io/name", "model-server", "app.kubernetes.io/instance", name, NAME_LABEL, name);
  }
}
