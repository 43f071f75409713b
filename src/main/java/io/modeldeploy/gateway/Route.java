package io.modeldeploy.gateway;

import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import io.modeldeploy.api.ProviderType;
import io.modeldeploy.api.TrafficTarget;
import io.modeldeploy.api.UsageStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One ModelDeployment as the gateway routes to it: read from its spec and status, nothing else.
 *
 * @param rpm, tpm the deployment's spec.throttling (null: no limit)
 * @param overflowTo the ModelDeployment in the same namespace that serves what this one would refuse
 * @param backends its revisions taking calls and their shares (status.traffic); one during no rollout
 * @param revision the revision this route sends to, once a call's revision is picked (empty before)
 */
public record Route(String namespace, String name, String specModel, String modelCode, Phase phase,
    ProviderType provider, String endpoint, Long rpm, Long tpm, String overflowTo, Integer maxContextTokens,
    UsageStatus usage, String resourceVersion, boolean scalesFromZero, List<Backend> backends, String revision) {

  /** A revision taking calls: the code it serves under, where, and its percent of them. */
  public record Backend(String revision, String modelCode, String endpoint, int percent) {}

  /** A deployment with one revision at the status' code and endpoint. */
  public Route(String namespace, String name, String specModel, String modelCode, Phase phase, ProviderType provider,
      String endpoint, Long rpm, Long tpm, String overflowTo, Integer maxContextTokens, UsageStatus usage, String resourceVersion,
      boolean scalesFromZero) {
    this(namespace, name, specModel, modelCode, phase, provider, endpoint, rpm, tpm, overflowTo, maxContextTokens, usage,
        resourceVersion, scalesFromZero, List.of(new Backend("", modelCode, endpoint, 100)), "");
  }

  public static Route of(ModelDeployment md) {
    ModelDeploymentSpec spec = md.getSpec();
    ModelDeploymentStatus status = md.getStatus();
    boolean hasStatus = status != null;
    var throttling = spec == null ? null : spec.getThrottling();
    Route route = new Route(md.getMetadata().getNamespace(), md.getMetadata().getName(), spec == null ? null : spec.getModel(),
        hasStatus ? status.getModelCode() : null, hasStatus ? status.getPhase() : null,
        hasStatus ? status.getProvider() : null, hasStatus ? status.getEndpoint() : null,
        throttling == null ? null : throttling.getRpm(), throttling == null ? null : throttling.getTpm(),
        spec == null || spec.getOverflow() == null ? null : spec.getOverflow().getTo(),
        spec == null ? null : spec.getMaxContextTokens(), hasStatus ? status.getUsage() : null,
        md.getMetadata().getResourceVersion(), spec != null && scalesFromZero(spec));
    List<Backend> split = !hasStatus || status.getTraffic() == null ? List.of() : status.getTraffic().stream()
        .filter(t -> t.getModelCode() != null && t.getEndpoint() != null && t.getPercent() != null && t.getPercent() > 0)
        .map(Route::backend).toList();
    return split.isEmpty() ? route : route.withBackends(split);
  }

  private static Backend backend(TrafficTarget t) {
    return new Backend(t.getRevision(), t.getModelCode(), t.getEndpoint(), t.getPercent());
  }

  private Route withBackends(List<Backend> split) {
    return new Route(namespace, name, specModel, modelCode, phase, provider, endpoint, rpm, tpm, overflowTo, maxContextTokens,
        usage, resourceVersion, scalesFromZero, split, revision);
  }

  /**
   * The revision one call goes to, by the revisions' shares: a call with a session key (header
   * x-session-id, else the body's user) always lands in the same bucket of a hundred, and a growing
   * new revision only takes buckets from the stable one, so a conversation moves at most once.
   */
  public Route pick(String sessionKey) {
    if (backends.size() < 2) return backends.isEmpty() ? this : toward(backends.get(0));
    int bucket = sessionKey == null ? ThreadLocalRandom.current().nextInt(100)
        : Math.floorMod(java.util.Arrays.hashCode(sessionKey.getBytes(StandardCharsets.UTF_8)), 100);
    int upTo = 0;
    for (Backend backend : backends) {
      upTo += backend.percent();
      if (bucket < upTo) return toward(backend);
    }
    return toward(backends.get(backends.size() - 1));
  }

  private Route toward(Backend backend) {
    return new Route(namespace, name, specModel, backend.modelCode(), phase, provider, backend.endpoint(), rpm, tpm, overflowTo,
        maxContextTokens, usage, resourceVersion, scalesFromZero, backends, backend.revision());
  }

  /** Every code a call may name to reach this deployment: the status' and each revision's. */
  public List<String> codes() {
    java.util.Set<String> codes = new java.util.LinkedHashSet<>();
    if (modelCode != null) codes.add(modelCode);
    backends.stream().map(Backend::modelCode).filter(c -> c != null).forEach(codes::add);
    return List.copyOf(codes);
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
