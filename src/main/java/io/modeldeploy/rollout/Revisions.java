package io.modeldeploy.rollout;

import io.modeldeploy.api.InferenceMode;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelUnit;
import io.modeldeploy.api.ModelUnitMode;
import io.modeldeploy.api.RevisionStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes a revision: the spec fields a running deployment cannot take in place (the model, the
 * base model, the inference mode, the maximum context, the model-unit spec). Replicas, throttling,
 * overflow and suspend are changed in place and never make one.
 */
public final class Revisions {

  private Revisions() {}

  /** The revision the spec asks for; its workload is named later (see workload). */
  public static RevisionStatus of(ModelDeploymentSpec spec) {
    RevisionStatus revision = new RevisionStatus();
    revision.setModel(spec.getModel());
    revision.setBaseModel(spec.getBaseModel());
    revision.setInferenceMode(spec.getInferenceMode() == null ? null : spec.getInferenceMode().name());
    revision.setMaxContextTokens(spec.getMaxContextTokens());
    ModelUnit unit = spec.getModelUnit();
    if (unit != null) {
      revision.setUnitType(unit.getType());
      revision.setUnitCount(unit.getCount());
      revision.setUnitMode(unit.effectiveMode().name());
    }
    revision.setName(name(revision));
    return revision;
  }

  /** The spec as the revision serves it: the spec's in-place fields, the revision's own. */
  public static ModelDeploymentSpec specOf(ModelDeploymentSpec spec, RevisionStatus revision) {
    ModelDeploymentSpec copy = io.fabric8.kubernetes.client.utils.Serialization.clone(spec);
    copy.setModel(revision.getModel());
    copy.setBaseModel(revision.getBaseModel());
    copy.setInferenceMode(revision.getInferenceMode() == null ? null : InferenceMode.valueOf(revision.getInferenceMode()));
    copy.setMaxContextTokens(revision.getMaxContextTokens());
    if (copy.getModelUnit() != null && revision.getUnitType() != null) {
      copy.getModelUnit().setType(revision.getUnitType());
      copy.getModelUnit().setCount(revision.getUnitCount());
      copy.getModelUnit().setMode(ModelUnitMode.valueOf(revision.getUnitMode()));
    }
    return copy;
  }

  /**
   * Where a revision's workloads run on the cluster: the deployment's own name for the first revision
   * (what ran before rollouts existed keeps its name, so upgrading the operator restarts nothing),
   * the name and the revision for every later one.
   */
  public static String workload(String deploymentName, RevisionStatus revision, boolean first) {
    return first ? deploymentName : deploymentName + "-" + revision.getName();
  }

  /** 8 hex digits of a SHA-256 of the revision's fields: the same spec always makes the same revision. */
  static String name(RevisionStatus r) {
    String fields = String.join("|", String.valueOf(r.getModel()), String.valueOf(r.getBaseModel()),
        r.getInferenceMode() == null ? InferenceMode.Instruct.name() : r.getInferenceMode(), String.valueOf(r.getMaxContextTokens()), String.valueOf(r.getUnitType()),
        String.valueOf(r.getUnitCount()), String.valueOf(r.getUnitMode()));
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(fields.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
