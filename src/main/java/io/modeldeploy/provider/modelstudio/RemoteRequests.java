package io.modeldeploy.provider.modelstudio;

import io.modeldeploy.api.BillingMethod;
import io.modeldeploy.api.CapacityPack;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelUnitMode;
import io.modeldeploy.api.Overflow;
import io.modeldeploy.api.ProvisionedThroughput;
import io.modeldeploy.provider.DesiredDeployment;
import io.modeldeploy.api.BillingPlan;
import io.modeldeploy.validation.SpecError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

/** What the operator asks of the vendor's API for a ModelDeployment; pure. */
final class RemoteRequests {

  private RemoteRequests() {}

  /** Why a vendor deployment is being made; each gets its own suffix. */
  enum Creation {
    /** The first for this ModelDeployment. */
    FIRST,
    /** Again, once, after the one it had was deleted behind the operator's back. */
    RECREATED,
    /** Again after the ModelDeployment was offline (resumed, renewed or topped up after a release). */
    AGAIN
  }

  /**
   * The vendor's suffix for a create: 8 lower-case letters derived from the ModelDeployment's UID and
   * why the deployment is made (for AGAIN, also the generation it is made for). Every retry of a create
   * names the same deployment, so the vendor answers Conflict instead of making a second one and the
   * lookup adopts it: the first create's suffix depends on nothing that can change while its answer is
   * outstanding (a spec edited meanwhile does not give the retry another). A deployment made again gets
   * another suffix, since the vendor may keep used suffixes reserved.
   */
  static String suffix(ModelDeployment resource, Creation creation) {
    String uid = resource.getMetadata().getUid();
    return switch (creation) {
      case FIRST -> letters(uid);
      case RECREATED -> letters(uid + "/recreated");
      case AGAIN -> letters(uid + "/" + generation(resource));
    };
  }

  /** The suffix of the vendor deployment a rollout makes for a new revision: one per revision, the same on every retry. */
  static String revisionSuffix(ModelDeployment resource, String revision) {
    return letters(resource.getMetadata().getUid() + "/revision/" + revision);
  }

  static boolean ofRevision(ModelDeployment resource, String revision, String deployedModel) {
    return deployedModel != null && revision != null && deployedModel.endsWith("-" + revisionSuffix(resource, revision));
  }

  /**
   * Whether this deployed model id is the stable revision's: one of this ModelDeployment's suffixes
   * (any generation so far), or the suffix of the revision a rollout promoted.
   */
  static boolean hasOurSuffix(ModelDeployment resource, String deployedModel) {
    if (deployedModel == null) return false;
    var rollout = resource.getStatus() == null ? null : resource.getStatus().getRollout();
    if (rollout != null && rollout.getStable() != null && ofRevision(resource, rollout.getStable().getName(), deployedModel)) return true;
    String uid = resource.getMetadata().getUid();
    if (deployedModel.endsWith("-" + letters(uid)) || deployedModel.endsWith("-" + letters(uid + "/recreated"))) return true;
    for (long g = generation(resource); g >= 1; g--)
      if (deployedModel.endsWith("-" + letters(uid + "/" + g))) return true;
    return false;
  }

  private static long generation(ModelDeployment resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 1 : generation;
  }

  /** 8 lower-case letters from a SHA-256 of the text. */
  private static String letters(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder letters = new StringBuilder();
      for (int i = 0; i < 8; i++) letters.append((char) ('a' + (hash[i] & 0xff) % 26));
      return letters.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The display name: namespace and name, so a person finds it in the console, and the cluster that
   * made it, so that two clusters sharing a workspace each find only their own.
   */
  static String displayName(ModelDeployment resource, String clusterId) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName() + "@" + clusterId;
  }

  /** A deployment this ModelDeployment made in this cluster: its display name, and one of its suffixes. */
  static boolean ours(ModelDeployment resource, String clusterId, RemoteDeployment remote) {
    return displayName(resource, clusterId).equals(remote.name()) && hasOurSuffix(resource, remote.deployedModel());
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

  /** The API's bound on a deployment's units: at least 0 and below 1000. */
  static final int MAX_CAPACITY = 999;

  /** Units the vendor cannot take: {@code replicas x modelUnit.count} must stay below 1000. */
  static List<SpecError> capacityErrors(DesiredDeployment desired) {
    int units = desired.replicas() * desired.unitsPerReplica();
    if (units <= MAX_CAPACITY) return List.of();
    return List.of(new SpecError("spec.replicas", "CapacityOutOfRange", "the vendor takes fewer than 1000 units per deployment: "
        + desired.replicas() + " replicas x " + desired.unitsPerReplica() + " units = " + units + "; at most "
        + MAX_CAPACITY / desired.unitsPerReplica() + " replicas of " + desired.unitType() + " x " + desired.unitsPerReplica()));
  }

  /**
   * What the vendor cannot autoscale: metrics read from pods it does not have, and a maximum (of the
   * policy or any schedule) beyond the capacity one deployment takes.
   */
  static List<SpecError> autoscalingErrors(io.modeldeploy.api.Autoscaling policy, DesiredDeployment desired) {
    if (policy == null) return List.of();
    List<SpecError> errors = new java.util.ArrayList<>();
    for (int i = 0; i < policy.metricList().size(); i++) {
      var type = policy.metricList().get(i).getType();
      if (type != null && type.fromPods())
        errors.add(new SpecError("spec.autoscaling.metrics[" + i + "].type", "MetricNotAvailable", type + " is read from vLLM on"
            + " the deployment's pods, and a ModelStudio deployment has none: scale it on InFlight or TokensPerMinute (read by the gateway)"));
    }
    int most = java.util.stream.Stream.concat(java.util.stream.Stream.of(policy.effectiveMaxReplicas()),
        policy.scheduleList().stream().map(io.modeldeploy.api.ScalingSchedule::getMaxReplicas).filter(java.util.Objects::nonNull))
        .mapToInt(Integer::intValue).max().orElse(0);
    if (most * desired.unitsPerReplica() > MAX_CAPACITY)
      errors.add(new SpecError("spec.autoscaling.maxReplicas", "CapacityOutOfRange", "the vendor takes fewer than 1000 units per"
          + " deployment: up to " + most + " replicas x " + desired.unitsPerReplica() + " units; at most "
          + MAX_CAPACITY / desired.unitsPerReplica() + " replicas of " + desired.unitType() + " x " + desired.unitsPerReplica()));
    return errors;
  }

  /** A PD-separated template's prefill (and, equally, decode) units: half of each replica's units. */
  static int pdCapacity(DesiredDeployment desired) {
    return desired.replicas() * desired.unitsPerReplica() / 2;
  }

  static boolean pdSeparated(DesiredDeployment desired) { return desired.mode() == ModelUnitMode.PDSeparated; }

  /** The TPM reservation API reserves in kTPM (1,000 tokens per minute). */
  static final long TOKENS_PER_KTPM = 1000;

  /** The spec's throughput in kTPM, as the TPM reservation API takes it (whole kTPM: checked by kTpmErrors). */
  static RemoteDeployment.PtuCapacity ptuInKtpm(ProvisionedThroughput tpm) {
    if (tpm == null) return null;
    Long thinking = tpm.getThinkingOutputTPM() == null || tpm.getThinkingOutputTPM() == 0 ? null
        : tpm.getThinkingOutputTPM() / TOKENS_PER_KTPM;
    return new RemoteDeployment.PtuCapacity(tpm.getInputTPM() / TOKENS_PER_KTPM, tpm.getOutputTPM() / TOKENS_PER_KTPM, thinking);
  }

  /**
   * Whether what the vendor reports is the spec's throughput, read in kTPM or in tokens per minute
   * (its two pages differ; a thinking-output figure it leaves out or reports as 0 is none). A
   * missing capacity is not a difference: nothing is sent on a guess.
   */
  static boolean ptuMatches(ProvisionedThroughput spec, RemoteDeployment.PtuCapacity remote) {
    if (spec == null || remote == null || remote.inputTpm() == null) return true;
    long thinking = spec.getThinkingOutputTPM() == null ? 0 : spec.getThinkingOutputTPM();
    long remoteThinking = remote.thinkingOutputTpm() == null ? 0 : remote.thinkingOutputTpm();
    long remoteOutput = remote.outputTpm() == null ? 0 : remote.outputTpm();
    return LongStream.of(1, TOKENS_PER_KTPM).anyMatch(unit -> remote.inputTpm() * unit == spec.getInputTPM()
        && remoteOutput * unit == spec.getOutputTPM() && remoteThinking * unit == thinking);
  }

  /** Throughput the vendor cannot reserve: not a whole number of kTPM. */
  static List<SpecError> kTpmErrors(ProvisionedThroughput tpm) {
    if (tpm == null) return List.of();
    List<SpecError> errors = new ArrayList<>();
    String at = "spec.provisionedThroughput.";
    wholeKtpm(errors, at + "inputTPM", tpm.getInputTPM());
    wholeKtpm(errors, at + "outputTPM", tpm.getOutputTPM());
    wholeKtpm(errors, at + "thinkingOutputTPM", tpm.getThinkingOutputTPM());
    errors.addAll(kTpmErrors(tpm.packs(), at + "capacityPacks"));
    return errors;
  }

  /** The same for capacity packs, each at its index under field. */
  static List<SpecError> kTpmErrors(List<CapacityPack> packs, String field) {
    List<SpecError> errors = new ArrayList<>();
    for (int i = 0; i < packs.size(); i++) {
      wholeKtpm(errors, field + "[" + i + "].inputTPM", packs.get(i).getInputTPM());
      wholeKtpm(errors, field + "[" + i + "].outputTPM", packs.get(i).getOutputTPM());
    }
    return errors;
  }

  private static void wholeKtpm(List<SpecError> errors, String field, Long tpm) {
    if (tpm == null || tpm % TOKENS_PER_KTPM == 0) return;
    long down = tpm / TOKENS_PER_KTPM * TOKENS_PER_KTPM;
    errors.add(new SpecError(field, "NotWholeKTPM", "the vendor reserves throughput in"
        + " kTPM (1,000 tokens per minute): " + tpm + " is not a whole number of kTPM; use " + (down == 0 ? "" : down + " or ")
        + (down + TOKENS_PER_KTPM)));
  }

  static CreateRequest create(ModelDeployment resource, String clusterId, DesiredDeployment desired, String suffix) {
    ModelDeploymentSpec spec = resource.getSpec();
    BillingMethod method = spec.getBilling().getMethod();
    boolean mu = method == BillingMethod.ModelUnit;
    boolean ptu = method == BillingMethod.ProvisionedThroughput;
    boolean pd = mu && pdSeparated(desired);
    return new CreateRequest(desired.model(), plan(method), mu ? deploySpec(desired) : null,
        ptu || pd ? null : capacity(desired, method), pd ? pdCapacity(desired) : null, pd ? pdCapacity(desired) : null,
        mu ? "POST_PAY" : null, ptu ? chargeType(spec) : null, ptu ? prePaidInfo(spec, null) : null,
        mu && spec.getInferenceMode() != null ? desired.thinking() : null, mu ? desired.maxContextTokens() : null,
        mu ? desired.rpmLimit() : null, mu ? desired.tpmLimit() : null,
        ptu ? ptuInKtpm(spec.getProvisionedThroughput()) : null,
        displayName(resource, clusterId), suffix);
  }

  /** The TPM reservation API's required charge type: a subscription is bought prepaid, through the API. */
  static String chargeType(ModelDeploymentSpec spec) {
    return spec.getBilling().effectivePlan() == BillingPlan.Subscription ? "pre_paid" : "post_paid";
  }

  /** A prepaid term of the spec's periods (days), or of the periods added since (a renewal); null for pay-as-you-go. */
  static RemoteDeployment.PrePaidInfo prePaidInfo(ModelDeploymentSpec spec, Integer days) {
    if (spec.getBilling().effectivePlan() != BillingPlan.Subscription) return null;
    var subscription = spec.getBilling().getSubscription();
    boolean autoRenew = Boolean.TRUE.equals(subscription.getAutoRenew());
    // Auto-renewal renews by the ordered periods, as the seed's rules and our projection do.
    return new RemoteDeployment.PrePaidInfo(days != null ? days : subscription.getPeriods(), autoRenew,
        autoRenew ? subscription.getPeriods() : null);
  }

  /** A capacity pack bought as a prepaid capacity instance (capacity packs are prepaid only). */
  static Map<String, Object> packPurchase(CapacityPack pack) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("billing_method", "PRE_PAY");
    body.put("ptu_capacity", new RemoteDeployment.PtuCapacity(pack.getInputTPM() / TOKENS_PER_KTPM,
        pack.getOutputTPM() / TOKENS_PER_KTPM, null));
    body.put("pre_paid_info", packTerm(pack, pack.getDays()));
    return body;
  }

  /** Days added to a bought pack. */
  static Map<String, Object> packRenewal(CapacityPack pack, int days) {
    return Map.of("pre_paid_info", packTerm(pack, days));
  }

  private static RemoteDeployment.PrePaidInfo packTerm(CapacityPack pack, int days) {
    boolean autoRenew = Boolean.TRUE.equals(pack.getAutoRenew());
    return new RemoteDeployment.PrePaidInfo(days, autoRenew, autoRenew ? pack.getDays() : null);
  }

  /** The scale call that brings the remote deployment to the spec, or null when it already matches. */
  static Map<String, Object> scale(ModelDeployment resource, DesiredDeployment desired, RemoteDeployment remote) {
    ModelDeploymentSpec spec = resource.getSpec();
    BillingMethod method = spec.getBilling().getMethod();
    Map<String, Object> body = new LinkedHashMap<>();
    if (method == BillingMethod.ModelUnit && pdSeparated(desired)) {
      int wanted = pdCapacity(desired);
      if ((remote.prefillCapacity() != null && remote.prefillCapacity() != wanted)
          || (remote.decodeCapacity() != null && remote.decodeCapacity() != wanted)) {
        body.put("prefill_capacity", wanted);
        body.put("decode_capacity", wanted);
      }
    } else if (method == BillingMethod.ModelUnit && remote.capacity() != null && remote.capacity() != capacity(desired, method)) {
      body.put("capacity", capacity(desired, method));
    }
    if (method == BillingMethod.ProvisionedThroughput && !ptuMatches(spec.getProvisionedThroughput(), remote.ptuCapacity())) {
      body.put("ptu_capacity", ptuInKtpm(spec.getProvisionedThroughput()));
      // A prepaid instance is upgraded or downgraded as an order; the old capacity serves until it is paid.
      if (spec.getBilling().effectivePlan() == BillingPlan.Subscription)
        body.put("order_type", upgrade(spec.getProvisionedThroughput(), remote.ptuCapacity()) ? "UPGRADE" : "DOWNGRADE");
    }
    return body.isEmpty() ? null : body;
  }

  /** Prepaid throughput exists only in the TPM reservation API, which answers in kTPM. */
  private static boolean upgrade(ProvisionedThroughput spec, RemoteDeployment.PtuCapacity remote) {
    return spec.getInputTPM() >= remote.inputTpm() * TOKENS_PER_KTPM;
  }

  /**
   * The renewal that pays for periods the spec added since they were last ordered (days of
   * provisioned throughput bought through the API), or null.
   */
  static Map<String, Object> renewal(ModelDeploymentSpec spec, Integer orderedPeriods) {
    if (spec.getBilling().effectivePlan() != BillingPlan.Subscription || orderedPeriods == null) return null;
    int added = spec.getBilling().getSubscription().getPeriods() - orderedPeriods;
    return added <= 0 ? null : Map.of("pre_paid_info", prePaidInfo(spec, added));
  }

  /**
   * One request id per write (sent as x-acs-req-uuid and X-DashScope-RequestId): the same for a
   * retry of the same write of the same generation, so the vendor carries it out once; another
   * write, or the same call with other parameters, gets another.
   */
  static String requestId(ModelDeployment resource, String operation, Object body) {
    return uuidOf(resource.getMetadata().getUid() + "/" + resource.getMetadata().getGeneration() + "/" + operation + "/"
        + (body == null ? "" : body.toString()));
  }

  /** Deleting a vendor deployment is one operation whatever the generation: its retries share an id. */
  static String deletionId(ModelDeployment resource, RemoteDeployment remote) {
    return uuidOf(resource.getMetadata().getUid() + "/delete/" + remote.deployedModel());
  }

  /** Request ids of capacity-pack writes: per pack and attempt (or days ordered), not per generation, so an edit meanwhile buys nothing twice. */
  static String packRequestId(ModelDeployment resource, String operation, Object body) {
    return uuidOf(resource.getMetadata().getUid() + "/pack/" + operation + "/" + body);
  }

  /** Releasing an instance is one operation whatever the generation. */
  static String releaseId(ModelDeployment resource, String instanceId) {
    return uuidOf(resource.getMetadata().getUid() + "/release/" + instanceId);
  }

  private static String uuidOf(String identity) {
    return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
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

  /**
   * The overflow strategy that brings a throughput deployment to the spec ({@code enable} for
   * PayAsYouGo, {@code disable} for Reject, lower case as documented), or null when the vendor already
   * has it or does not say (nothing is sent on a guess).
   */
  static Map<String, Object> overflowStrategy(ModelDeployment resource, RemoteDeployment remote) {
    ProvisionedThroughput tpm = resource.getSpec().getProvisionedThroughput();
    if (tpm == null || remote.overflowStrategy() == null) return null;
    String wanted = tpm.effectiveOverflow() == Overflow.PayAsYouGo ? "enable" : "disable";
    return wanted.equalsIgnoreCase(remote.overflowStrategy()) ? null : Map.of("overflow_strategy", wanted);
  }

  /** The throttling update that brings a model-unit deployment to the spec's limits, or null (never for PTU or tokens). */
  static Map<String, Object> throttling(ModelDeployment resource, DesiredDeployment desired, RemoteDeployment remote) {
    if (resource.getSpec().getBilling().getMethod() != BillingMethod.ModelUnit) return null;
    boolean differs = (desired.rpmLimit() != null && !desired.rpmLimit().equals(remote.rpmLimit()))
        || (desired.tpmLimit() != null && !desired.tpmLimit().equals(remote.tpmLimit()));
    if (!differs) return null;
    Map<String, Object> body = new LinkedHashMap<>();
    if (desired.rpmLimit() != null) body.put("rpm_limit", desired.rpmLimit());
    if (desired.tpmLimit() != null) body.put("tpm_limit", desired.tpmLimit());
    return body;
  }
}
