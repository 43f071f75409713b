package io.modeldeploy.provider;

import io.modeldeploy.api.CapacityPackStatus;
import io.modeldeploy.api.VendorOperation;
import io.modeldeploy.lifecycle.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A provider's view of one deployment. reason and message explain a state that is not Ready
 * (e.g. Unschedulable, "0/3 nodes are available: 3 Insufficient nvidia.com/gpu"). recheckAfter
 * asks for another look later (providers without informers); conditions are the provider's own
 * (e.g. whether the vendor's API answers). termStartedAt and termExpiresAt: when the vendor says a
 * prepaid term it sells was bought and ends (the term is dated from them, not from when the operator
 * first looked; without an expiry, the seed's rules project one from the start). capacityPacks: the
 * vendor's view of a provisioned-throughput deployment's packs, and operation the vendor's operation
 * for its own last change; each null when nothing new is known.
 */
public record Observation(ProviderState state, int desiredReplicas, int replicas, int readyReplicas, String selector,
    String endpoint, String modelCode, String reason, String message, Duration recheckAfter,
    List<ProviderCondition> conditions, Instant termStartedAt, Instant termExpiresAt, List<CapacityPackStatus> capacityPacks, VendorOperation operation) {

  public Observation(ProviderState state, int desiredReplicas, int replicas, int readyReplicas, String selector,
      String endpoint, String modelCode, String reason, String message) {
    this(state, desiredReplicas, replicas, readyReplicas, selector, endpoint, modelCode, reason, message, null, List.of(), null, null,
        null, null);
  }

  public Observation withTerm(Instant startedAt, Instant expiresAt) {
    return new Observation(state, desiredReplicas, replicas, readyReplicas, selector, endpoint, modelCode, reason, message,
        recheckAfter, conditions, startedAt, expiresAt, capacityPacks, operation);
  }

  /** The vendor's view of the deployment's capacity packs; null: nothing new was learnt of them (status keeps what it had). */
  public Observation withCapacityPacks(List<CapacityPackStatus> packs) {
    return new Observation(state, desiredReplicas, replicas, readyReplicas, selector, endpoint, modelCode, reason, message,
        recheckAfter, conditions, termStartedAt, termExpiresAt, packs, operation);
  }

  /** The vendor's operation for the deployment's own last change; null: nothing new (status keeps what it had). */
  public Observation withOperation(VendorOperation vendorOperation) {
    return new Observation(state, desiredReplicas, replicas, readyReplicas, selector, endpoint, modelCode, reason, message,
        recheckAfter, conditions, termStartedAt, termExpiresAt, capacityPacks, vendorOperation);
  }

  public static Observation notFound() { return new Observation(ProviderState.NotFound, 0, 0, 0, null, null, null, null, null); }

  public Observation withRecheck(Duration after, List<ProviderCondition> providerConditions) {
    return new Observation(state, desiredReplicas, replicas, readyReplicas, selector, endpoint, modelCode, reason, message,
        after, List.copyOf(providerConditions), termStartedAt, termExpiresAt, capacityPacks, operation);
  }

  /** A condition only this provider knows about, written next to the lifecycle's own. */
  public record ProviderCondition(String type, boolean status, String reason, String message) {

    /** The provider's back end serves the operator's requests. */
    public static ProviderCondition reachable(String message) {
      return new ProviderCondition(Conditions.PROVIDER_REACHABLE, true, "Reachable", message);
    }

    /** The provider's back end did not serve a request (not answering, throttling, refusing the operator). */
    public static ProviderCondition unreachable(String reason, String message) {
      return new ProviderCondition(Conditions.PROVIDER_REACHABLE, false, reason, message);
    }
  }

  /** Nothing known anew because the back end did not serve the request: look again after a while. */
  public static Observation unavailable(String reason, String message, Duration recheckAfter) {
    return new Observation(ProviderState.Unavailable, 0, 0, 0, null, null, null, reason, message)
        .withRecheck(recheckAfter, List.of(ProviderCondition.unreachable(reason, message)));
  }
}
