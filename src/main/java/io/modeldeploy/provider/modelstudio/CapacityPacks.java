package io.modeldeploy.provider.modelstudio;

import io.modeldeploy.api.CapacityPack;
import io.modeldeploy.api.CapacityPackStatus;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ProvisionedThroughput;
import io.modeldeploy.lifecycle.Conditions;
import io.modeldeploy.provider.Observation.ProviderCondition;
import io.modeldeploy.validation.SpecError;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Capacity packs of a provisioned-throughput deployment, bought as prepaid capacity instances of its
 * model code. Every purchase and renewal is an operation the vendor carries out asynchronously: its
 * id goes into status and is polled until SUCCEEDED or FAILED, and a pack's throughput counts only
 * once the vendor reports it effective. A purchase that failed is not repeated for the same spec
 * (that would repeat the failure, and every attempt is an order): a new generation tries again.
 */
final class CapacityPacks {

  /** The packs as status will show them, and whether anything is still in flight (poll sooner). */
  record Outcome(List<CapacityPackStatus> packs, boolean inFlight) {

    /** CapacityPacksReady: a failed purchase first (with the vendor's words), then any not yet effective. */
    ProviderCondition condition() {
      List<CapacityPackStatus> wanted = packs.stream().filter(p -> !Boolean.TRUE.equals(p.getRemoved())).toList();
      List<String> failed = wanted.stream().filter(p -> CapacityOperation.FAILED.equals(p.getOperationStatus()) && p.getInstanceId() == null)
          .map(p -> p.getName() + ": " + p.getMessage()).toList();
      if (!failed.isEmpty()) return new ProviderCondition(Conditions.CAPACITY_PACKS_READY, false, "PurchaseFailed", String.join("; ", failed));
      List<String> waiting = wanted.stream().filter(p -> !"RUNNING".equals(p.getState()))
          .map(p -> p.getName() + " (" + (p.getState() != null ? p.getState() : p.getOperationStatus() != null ? p.getOperationStatus() : "not bought yet") + ")")
          .toList();
      if (!waiting.isEmpty())
        return new ProviderCondition(Conditions.CAPACITY_PACKS_READY, false, "PurchasePending", "not effective yet: " + String.join(", ", waiting));
      return new ProviderCondition(Conditions.CAPACITY_PACKS_READY, true, "Effective", wanted.isEmpty() ? "no capacity packs in the spec"
          : "effective: " + wanted.stream().map(CapacityPackStatus::getName).collect(Collectors.joining(", ")));
    }
  }

  private final ModelStudioClient client;
  private final ZoneId vendorZone;

  CapacityPacks(ModelStudioClient client, ZoneId vendorZone) {
    this.client = client;
    this.vendorZone = vendorZone;
  }

  /** Whether there is anything to follow: packs in the spec, or packs status still reports. */
  static boolean any(ModelDeployment resource) {
    ProvisionedThroughput tpm = resource.getSpec().getProvisionedThroughput();
    return (tpm != null && !tpm.packs().isEmpty()) || !recorded(resource).isEmpty();
  }

  /**
   * A pack name that status still reports as removed (its prepaid term runs on): a pack added under
   * that name would be taken for the old one, so it is refused until that one is released.
   */
  static List<SpecError> errors(ModelDeployment resource) {
    ProvisionedThroughput tpm = resource.getSpec().getProvisionedThroughput();
    if (tpm == null) return List.of();
    Map<String, CapacityPackStatus> removed = recorded(resource).stream().filter(p -> Boolean.TRUE.equals(p.getRemoved()))
        .collect(Collectors.toMap(CapacityPackStatus::getName, Function.identity()));
    List<SpecError> errors = new ArrayList<>(RemoteRequests.kTpmErrors(tpm.packs(), "spec.provisionedThroughput.capacityPacks"));
    for (int i = 0; i < tpm.packs().size(); i++) {
      CapacityPackStatus old = removed.get(tpm.packs().get(i).getName());
      if (old != null)
        errors.add(new SpecError("spec.provisionedThroughput.capacityPacks[" + i + "].name", "PackNameInUse", "a pack named "
            + old.getName() + " was removed from the spec and still serves until " + old.getExpiresAt()
            + " (a prepaid pack cannot be ended early); give the new pack another name"));
    }
    return errors;
  }

  /**
   * One pass over the model code's live instances (listed once by the caller): follow each pack's operation or instance, buy
   * the packs not bought yet and renew the ones whose days were raised. Only called while the model
   * code is RUNNING (instances are bought on an existing, serving model code).
   */
  Outcome sync(String key, ModelDeployment resource, RemoteDeployment remote, List<CapacityInstance> live) {
    Map<String, CapacityInstance> instances = live.stream()
        .collect(Collectors.toMap(CapacityInstance::instanceId, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    Map<String, CapacityPackStatus> before = recorded(resource).stream()
        .collect(Collectors.toMap(CapacityPackStatus::getName, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    List<CapacityPackStatus> after = new ArrayList<>();
    boolean inFlight = false;
    ProvisionedThroughput tpm = resource.getSpec().getProvisionedThroughput();
    for (CapacityPack pack : tpm == null ? List.<CapacityPack>of() : tpm.packs()) {
      CapacityPackStatus status = copy(before.remove(pack.getName()), pack.getName());
      follow(key, resource, remote, pack, status, instances);
      inFlight |= inFlight(status);
      after.add(status);
    }
    // Left the spec: a prepaid pack cannot be ended early, so it is shown until the vendor releases it.
    for (CapacityPackStatus left : before.values()) {
      CapacityPackStatus status = copy(left, left.getName());
      if (status.getInstanceId() == null && status.getOperationId() != null && !bought(status))
        poll(key, remote, status, resource.getMetadata().getGeneration());
      CapacityInstance instance = status.getInstanceId() == null ? null : instances.get(status.getInstanceId());
      if (instance == null && (bought(status) || status.getOperationId() == null)) continue;
      if (instance != null) show(status, instance);
      status.setRemoved(true);
      status.setMessage("removed from the spec: a prepaid pack cannot be ended early; it serves, and nothing more is charged, until "
          + (status.getExpiresAt() == null ? "its term ends" : status.getExpiresAt())
          + (instance != null && instance.prePaidInfo() != null && Boolean.TRUE.equals(instance.prePaidInfo().autoRenewal())
              ? "; auto-renewal is on: turn it off in the vendor's console or the pack renews" : ""));
      inFlight |= inFlight(status);
      after.add(status);
    }
    return new Outcome(after, inFlight);
  }

  private void follow(String key, ModelDeployment resource, RemoteDeployment remote, CapacityPack pack, CapacityPackStatus status,
      Map<String, CapacityInstance> instances) {
    if (status.getOperationId() != null && !bought(status)) poll(key, remote, status, resource.getMetadata().getGeneration());
    if (status.getInstanceId() != null) {
      CapacityInstance instance = instances.get(status.getInstanceId());
      if (instance == null) {
        // The vendor's words for a released instance (STOPPED with deleted): it no longer lists it.
        status.setState("STOPPED");
        status.setEffectiveInputTPM(0L);
        status.setEffectiveOutputTPM(0L);
        status.setMessage("the vendor released this pack (its term ended); it is not bought again by itself: remove it from the spec,"
            + " or add a pack of another name to buy more");
        return;
      }
      show(status, instance);
      renew(key, resource, remote, pack, status, instance);
      return;
    }
    if (status.getOperationId() != null && !bought(status)) return;
    boolean failedThisSpec = status.getFailedGeneration() != null
        && status.getFailedGeneration().equals(resource.getMetadata().getGeneration());
    if (failedThisSpec) return;
    buy(key, resource, remote, pack, status);
  }

  private void buy(String key, ModelDeployment resource, RemoteDeployment remote, CapacityPack pack, CapacityPackStatus status) {
    Map<String, Object> body = RemoteRequests.packPurchase(pack);
    int attempt = status.getFailedAttempts() == null ? 0 : status.getFailedAttempts();
    CapacityOperation operation = client.buyInstance(key, remote.deployedModel(), body,
        RemoteRequests.packRequestId(resource, "buy/" + pack.getName() + "/" + attempt, body));
    status.setOrderedDays(pack.getDays());
    status.setState(null);
    status.setMessage(null);
    record(status, operation, resource);
  }

  /** Days added to a bought pack: the renew call for them, once (status records the days ordered). */
  private void renew(String key, ModelDeployment resource, RemoteDeployment remote, CapacityPack pack, CapacityPackStatus status,
      CapacityInstance instance) {
    int ordered = status.getOrderedDays() == null ? pack.getDays() : status.getOrderedDays();
    if (pack.getDays() <= ordered || operating(status) || Boolean.FALSE.equals(instance.canRenew())) return;
    Map<String, Object> body = RemoteRequests.packRenewal(pack, pack.getDays() - ordered);
    CapacityOperation operation = client.renewInstance(key, remote.deployedModel(), instance.instanceId(), body,
        RemoteRequests.packRequestId(resource, "renew/" + pack.getName() + "/" + ordered, body));
    status.setOrderedDays(pack.getDays());
    record(status, operation, resource);
  }

  /** A poll of the operation in flight; an operation the vendor does not know is bought again under the same key (the same order). */
  private void poll(String key, RemoteDeployment remote, CapacityPackStatus status, Long generation) {
    Optional<CapacityOperation> operation = client.operation(key, remote.deployedModel(), status.getOperationId());
    if (operation.isEmpty()) {
      status.setOperationId(null);
      status.setOperationStatus(null);
      return;
    }
    recordResult(status, operation.get(), generation);
  }

  private static void record(CapacityPackStatus status, CapacityOperation operation, ModelDeployment resource) {
    status.setOperationId(operation.operationId());
    recordResult(status, operation, resource.getMetadata().getGeneration());
  }

  private static void recordResult(CapacityPackStatus status, CapacityOperation operation, Long generation) {
    status.setOperationStatus(operation.operationStatus());
    if (operation.instanceId() != null && operation.finished() && !operation.failed()) status.setInstanceId(operation.instanceId());
    if (operation.failed()) {
      status.setFailedAttempts((status.getFailedAttempts() == null ? 0 : status.getFailedAttempts()) + 1);
      status.setFailedGeneration(generation);
      status.setState(null);
      status.setMessage((operation.operationType() == null ? "the operation" : operation.operationType()) + " operation "
          + operation.operationId() + " failed: " + operation.failure() + "; a new spec tries again");
    }
  }

  /** The instance as the vendor reports it: only effective throughput counts, never the target of a change in flight. */
  private void show(CapacityPackStatus status, CapacityInstance instance) {
    status.setState(instance.status());
    RemoteDeployment.PtuCapacity effective = instance.effectiveCapacity();
    status.setEffectiveInputTPM(tokens(effective == null ? null : effective.inputTpm()));
    status.setEffectiveOutputTPM(tokens(effective == null ? null : effective.outputTpm()));
    var expires = RemoteDeployment.instant(instance.gmtExpired(), vendorZone);
    status.setExpiresAt(expires == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(expires.atZone(vendorZone)));
    // A failed renewal's words stay until the next operation; the instance itself serves on.
    if (!CapacityOperation.FAILED.equals(status.getOperationStatus())) status.setMessage(instance.failReason());
  }

  /** The TPM reservation API speaks kTPM. */
  private static Long tokens(Long kTpm) { return kTpm == null ? 0L : kTpm * RemoteRequests.TOKENS_PER_KTPM; }

  /**
   * Nothing more to learn from the operation: it failed, or it succeeded and named its instance (a
   * prepaid order may succeed before the instance id is known; it is polled until it is).
   */
  private static boolean bought(CapacityPackStatus status) {
    return CapacityOperation.FAILED.equals(status.getOperationStatus())
        || (CapacityOperation.SUCCEEDED.equals(status.getOperationStatus()) && status.getInstanceId() != null);
  }

  private static boolean operating(CapacityPackStatus status) { return status.getOperationId() != null && !bought(status); }

  private static boolean inFlight(CapacityPackStatus status) {
    return operating(status) || (status.getState() != null && VendorStatus.isTransitional(status.getState()));
  }

  private static List<CapacityPackStatus> recorded(ModelDeployment resource) {
    return resource.getStatus() == null || resource.getStatus().getCapacityPacks() == null ? List.of()
        : resource.getStatus().getCapacityPacks();
  }

  /** A copy to change: statuses read from the cache are never modified. */
  private static CapacityPackStatus copy(CapacityPackStatus from, String name) {
    CapacityPackStatus s = new CapacityPackStatus();
    s.setName(name);
    if (from == null) return s;
    s.setInstanceId(from.getInstanceId());
    s.setOperationId(from.getOperationId());
    s.setOperationStatus(from.getOperationStatus());
    s.setFailedAttempts(from.getFailedAttempts());
    s.setFailedGeneration(from.getFailedGeneration());
    s.setOrderedDays(from.getOrderedDays());
    s.setState(from.getState());
    s.setEffectiveInputTPM(from.getEffectiveInputTPM());
    s.setEffectiveOutputTPM(from.getEffectiveOutputTPM());
    s.setExpiresAt(from.getExpiresAt());
    s.setMessage(from.getMessage());
    return s;
  }
}
