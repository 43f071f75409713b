package io.modeldeploy.provider.modelstudio;

import io.modeldeploy.api.BillingMethod;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelUnitMode;
import io.modeldeploy.api.ProvisionedThroughput;
import io.modeldeploy.provider.DesiredDeployment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the operator asks of the vendor's API for a ModelDeployment; pure. */
final class RemoteRequests {

  private RemoteRequests() {}

  /**
   * The vendor's suffix: 8 lower-case letters derived from the ModelDeployment's UID, so every
   * retried create names the same deployment (the vendor answers Conflict instead of making a
   * second one), and a ModelDeployment recreated under the same name gets a new one.
   */
  static String suffix(ModelDeployment resource) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(resource.getMetadata().getUid().getBytes(StandardCharsets.UTF_8));
      StringBuilder letters = new StringBuilder();
      for (int i = 0; i < 8; i++) letters.append((char) ('a' + (hash[i] & 0xff) % 26));
      return letters.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The display name: namespace and name, so a person finds it in the console. */
  static String displayName(ModelDeployment resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }

  static String plan(BillingMethod method) {
    return switch (method) {
      case ModelUnit -> "mu";
      case ProvisionedThroughput -> "ptu";
      case TokenUsage -> "lora";
    };
  }

  /** Template id: the unit type, with -PD for PD-separated templates (e.g. MU1-PD). */
  static String deploySpec(DesiredDeployment desired) {
    return desired.unitType() + (desired.mode() == ModelUnitMode.PDSeparated ? "-PD" : "");
  }

  /** Units in all: replicas x units per replica. Token deployments need a capacity the vendor ignores. */
  static int capacity(DesiredDeployment desired, BillingMethod method) {
    return method == BillingMethod.ModelUnit ? desired.replicas() * desired.unitsPerReplica() : 1;
  }

  static RemoteDeployment.PtuCapacity ptu(ProvisionedThroughput tpm) {
    return tpm == null ? null : new RemoteDeployment.PtuCapacity(tpm.getInputTPM(), tpm.getOutputTPM(),
        tpm.getThinkingOutputTPM() == null ? 0L : tpm.getThinkingOutputTPM());
  }

  static CreateRequest create(ModelDeployment resource, DesiredDeployment desired) {
    ModelDeploymentSpec spec = resource.getSpec();
    BillingMethod method = spec.getBilling().getMethod();
    boolean mu = method == BillingMethod.ModelUnit;
    return new CreateRequest(spec.getModel(), plan(method), mu ? deploySpec(desired) : null,
        method == BillingMethod.ProvisionedThroughput ? null : capacity(desired, method), mu ? "POST_PAY" : null,
        mu && spec.getInferenceMode() != null ? desired.thinking() : null, mu ? desired.maxContextTokens() : null,
        mu ? desired.rpmLimit() : null, mu ? desired.tpmLimit() : null,
        method == BillingMethod.ProvisionedThroughput ? ptu(spec.getProvisionedThroughput()) : null,
        displayName(resource), suffix(resource));
  }

  /** The scale call that brings the remote deployment to the spec, or null when it already matches. */
  static Map<String, Object> scale(ModelDeployment resource, DesiredDeployment desired, RemoteDeployment remote) {
    BillingMethod method = resource.getSpec().getBilling().getMethod();
    Map<String, Object> body = new LinkedHashMap<>();
    if (method == BillingMethod.ModelUnit && remote.capacity() != null && remote.capacity() != capacity(desired, method))
      body.put("capacity", capacity(desired, method));
    RemoteDeployment.PtuCapacity wanted = ptu(resource.getSpec().getProvisionedThroughput());
    if (method == BillingMethod.ProvisionedThroughput && wanted != null && !wanted.equals(remote.ptuCapacity()))
      body.put("ptu_capacity", wanted);
    return body.isEmpty() ? null : body;
  }

  /**
   * A change the vendor cannot make to a running deployment (its template, inference mode or maximum
   * context are fixed at creation): which spec field, and what runs instead. Empty when none.
   */
  static java.util.Optional<io.modeldeploy.validation.SpecError> notApplicableInPlace(ModelDeployment resource,
      DesiredDeployment desired, RemoteDeployment remote) {
    if (resource.getSpec().getBilling().getMethod() != BillingMethod.ModelUnit) return java.util.Optional.empty();
    String field = null;
    String runs = null;
    if (remote.modelUnitSpec() != null && !remote.modelUnitSpec().equals(deploySpec(desired))) {
      field = "spec.modelUnit";
      runs = "template " + remote.modelUnitSpec() + ", asked " + deploySpec(desired);
    } else if (resource.getSpec().getInferenceMode() != null && remote.enableThinking() != null
        && remote.enableThinking() != desired.thinking()) {
      field = "spec.inferenceMode";
      runs = (remote.enableThinking() ? "Thinking" : "Instruct") + ", asked " + resource.getSpec().getInferenceMode();
    } else if (desired.maxContextTokens() != null && remote.maxContextLength() != null
        && !desired.maxContextTokens().equals(remote.maxContextLength())) {
      field = "spec.maxContextTokens";
      runs = remote.maxContextLength() + ", asked " + desired.maxContextTokens();
    }
    if (field == null) return java.util.Optional.empty();
    return java.util.Optional.of(new io.modeldeploy.validation.SpecError(field, "RequiresNewDeployment",
        field + " cannot be changed on a running vendor deployment (" + remote.deployedModel() + " runs " + runs
            + "); it keeps serving as it is. To change it, create a new ModelDeployment with the new value, switch"
            + " traffic to it, then delete this one"));
  }

  static boolean throttlingDiffers(DesiredDeployment desired, RemoteDeployment remote) {
    return (desired.rpmLimit() != null && !desired.rpmLimit().equals(remote.rpmLimit()))
        || (desired.tpmLimit() != null && !desired.tpmLimit().equals(remote.tpmLimit()));
  }
}
