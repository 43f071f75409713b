package io.modeldeploy.provider;

import io.modeldeploy.api.InferenceMode;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelUnitMode;
import io.modeldeploy.api.RevisionStatus;
import io.modeldeploy.rollout.Revisions;
import java.util.Map;

/**
 * What should run, in provider-neutral terms, derived from a valid spec: one revision of the
 * deployment (see Revisions), the stable one or, during a rollout, the new one (canary).
 *
 * @param revision the revision's name; workload the name its cluster workloads carry
 */
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
    Long tpmLimit,
    String revision,
    String workload,
    boolean canary) {

  public static final String NAME_LABEL = "modeldeploy.io/deployment";
  public static final String REVISION_LABEL = "modeldeploy.io/revision";

  /** The spec's own revision, as the stable one under the deployment's name; zero replicas while suspended. */
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
        spec.getThrottling() == null ? null : spec.getThrottling().getTpm(),
        Revisions.of(spec).getName(), resource.getMetadata().getName(), false);
  }

  /** Another revision of the same deployment (what it serves, where it runs), with the spec's in-place settings. */
  public DesiredDeployment forRevision(RevisionStatus r, boolean asCanary, int count) {
    boolean units = r.getUnitType() != null;
    return new DesiredDeployment(namespace, name, r.getModel(), r.getBaseModel(), units ? r.getUnitType() : unitType,
        units ? r.getUnitCount() : unitsPerReplica, units ? ModelUnitMode.valueOf(r.getUnitMode()) : mode, count,
        InferenceMode.Thinking.name().equals(r.getInferenceMode()), r.getMaxContextTokens(), rpmLimit, tpmLimit,
        r.getName(), r.getWorkload(), asCanary);
  }

  /** The label selector published in status, for the scale subresource and autoscalers. */
  public String selector() {
    return selectorLabels().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(","));
  }

  /**
   * Labels every workload of this revision carries: the instance is the revision's workload name, so
   * two revisions' Deployments never select each other's pods; NAME_LABEL is the deployment's, on all.
   */
  public Map<String, String> selectorLabels() {
    return Map.of("app.kubernetes.io/name", "model-server", "app.kubernetes.io/instance", workload, NAME_LABEL, name);
  }
}
