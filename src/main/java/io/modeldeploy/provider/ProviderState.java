package io.modeldeploy.provider;

/** What a provider sees of a deployment, in terms every provider can map to. */
public enum ProviderState {
  /** Nothing exists for this deployment. */
  NotFound,
  /** Submitted; nothing is being started yet. */
  Pending,
  /** Rolling out: starting, scaling or updating; not every replica is ready. */
  Progressing,
  /** Every desired replica is ready. */
  Ready,
  /** The rollout failed (progress deadline, image pull, no capacity, vendor FAILED). */
  Failed,
  /** Taken offline on request; replicas are going away. */
  Stopping,
  /** Offline: nothing serving, configuration kept. */
  Stopped,
  /** Being deleted. */
  Deleting,
  /** Released by the vendor because the account is overdue. */
  Overdue,
  /** Coming back after an overdue account was settled. */
  Restoring,
  /** The provider could not be asked (throttled, failing, unreachable): nothing is known anew. */
  Unavailable
}
