package io.modeldeploy.gateway;

import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import io.modeldeploy.api.ProviderType;
import io.modeldeploy.api.UsageStatus;

/**
 * One ModelDeployment as the gateway routes to it: read from its spec and status, nothing else.
 *
 * @param rpm, tpm the deployment's spec.throttling (null: no limit)
 * @param overflowTo the ModelDeployment in the same namespace that serves what this one would refuse
 */
public record Route(String namespace, String name, String specModel, String modelCode, Phase phase,
    ProviderType provider, String endpoint, Long rpm, Long tpm, String overflowTo, Integer maxContextTokens,
    UsageStatus usage, String resourceVersion, boolean scalesFromZero) {

  public static Route of(ModelDeployment md) {
    ModelDeploymentSpec spec = md.getSpec();
    ModelDeploymentStatus status = md.getStatus();
    boolean hasStatus = status != null;
    var throttling = spec == null ? null : spec.getThrottling();
    return new Route(md.getMetadata().getNamespace(), md.getMetadata().getName(), spec == null ? null : spec.getModel(),
        hasStatus ? status.getModelCode() : null, hasStatus ? status.getPhase() : null,
        hasStatus ? status.getProvider() : null, hasStatus ? status.getEndpoint() : null,
        throttling == null ? null : throttling.getRpm(), throttling == null ? null : throttling.getTpm(),
        spec == null || spec.getOverflow() == null ? null : spec.getOverflow().getTo(),
        spec == null ? null : spec.getMaxContextTokens(), hasStatus ? status.getUsage() : null,
        md.getMetadata().getResourceVersion(), spec != null && scalesFromZero(spec));
  }

  /** Whether the built-in autoscaler may take it to zero replicas (and so brings one up when a call waits). */
  private static boolean scalesFromZero(ModelDeploymentSpec spec) {
    var policy = spec.getAutoscaling();
    return policy != null && policy.effectiveEngine() == io.modeldeploy.api.AutoscalingEngine.Builtin
        && !Boolean.TRUE.equals(spec.getSuspend()) && policy.mayScaleToZero();
  }

  /** Not serving yet, but a call for it is held rather than refused: the autoscaler is bringing (or will bring) a replica. */
  public boolean waking() {
    return scalesFromZero && !serving() && modelCode != null && phase != null
        && java.util.Set.of(Phase.Stopped, Phase.Pending, Phase.Deploying, Phase.Resizing).contains(phase);
  }

  /** The deployment's key in counters and metrics: namespace/name. */
  public String key() { return namespace + "/" + name; }

  /** Serving capacity with somewhere to send calls. */
  public boolean serving() { return phase != null && phase.serving() && endpoint != null && modelCode != null; }

  /** On the vendor: calls carry the vendor's key, and the vendor decides overflow. */
  public boolean vendor() { return provider == ProviderType.ModelStudio; }

  public String describe() {
    return "ModelDeployment " + key() + " (phase " + (phase == null ? "unknown: not reconciled yet" : phase) + ")";
  }
}
