package io.modeldeploy.api;

/**
 * The console's twelve states; a human summary derived from the conditions. Every set of phases the
 * operator reasons about is a predicate here, and nowhere else.
 */
public enum Phase {
  Pending, Deploying, Running, Resizing, ResizeFailed, DeploymentFailed, TakingOffline, Stopped,
  ServiceSuspended, Suspended, Restoring, Deleting;

  /** Capacity is up and serving (a failed resize keeps the previous capacity serving). */
  public boolean serving() { return this == Running || this == Resizing || this == ResizeFailed; }

  /** Pay-as-you-go capacity is billed while it serves. */
  public boolean billable() { return serving(); }

  /** Working towards the spec: the Reconciling condition is True. */
  public boolean inProgress() {
    return this == Pending || this == Deploying || this == Resizing || this == TakingOffline || this == Restoring
        || this == Deleting;
  }

  /** A terminal problem until the spec changes: the Stalled condition is True. */
  public boolean failed() { return this == DeploymentFailed || this == ResizeFailed; }

  /** Taken offline on purpose or by the vendor: nothing is expected to run. */
  public boolean offline() { return this == Stopped || this == TakingOffline || this == Suspended; }

  /** Worth a Warning Event when entered. */
  public boolean needsAttention() { return failed() || this == Suspended; }
}
