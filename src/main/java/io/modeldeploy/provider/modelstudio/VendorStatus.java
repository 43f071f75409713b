package io.modeldeploy.provider.modelstudio;

import io.modeldeploy.provider.ProviderState;
import java.util.Map;
import java.util.Optional;

/**
 * The vendor's deployment statuses, of both API pages (the deployments API and the newer TPM
 * reservation API), and how they read in the lifecycle (docs/lifecycle.md has the table). The API
 * has one PENDING where the console shows Pending and Deploying: the vendor is working on it, so it
 * reads as a rollout in progress (Deploying). A status not listed here is not guessed at: the
 * provider shows it as the vendor wrote it and keeps the phase it had.
 */
public final class VendorStatus {

  static final Map<String, ProviderState> STATES = Map.ofEntries(
      Map.entry("WAIT_TO_DEPLOY", ProviderState.Pending),
      Map.entry("WAIT_PRE_PAID_BILLING_TO_DEPLOYING", ProviderState.Pending),
      Map.entry("PENDING", ProviderState.Progressing),
      Map.entry("STARTING", ProviderState.Progressing),
      Map.entry("RUNNING", ProviderState.Ready),
      Map.entry("UPDATING", ProviderState.Progressing),
      Map.entry("SCALING", ProviderState.Progressing),
      // The old capacity serves until the vendor has the payment for the new one.
      Map.entry("WAIT_PRE_PAID_BILLING_TO_SCALING", ProviderState.Progressing),
      Map.entry("UPDATING_FAILED", ProviderState.Failed),
      Map.entry("FAILED", ProviderState.Failed),
      Map.entry("OFFLINING", ProviderState.Stopping),
      Map.entry("STOPPING", ProviderState.Stopping),
      Map.entry("SUSPENDING", ProviderState.Stopping),
      Map.entry("STOPPED", ProviderState.Stopped),
      // A prepaid instance past its term (it can be renewed, not scaled); the term's own stage names the phase.
      Map.entry("SUSPENDED", ProviderState.Stopped),
      Map.entry("DELETING", ProviderState.Deleting),
      Map.entry("DELETED", ProviderState.NotFound),
      Map.entry("ARREARS_DOWN", ProviderState.Overdue),
      Map.entry("ARREARS_RECOVERING", ProviderState.Restoring),
      Map.entry("RECOVERING", ProviderState.Restoring));

  private VendorStatus() {}

  /** How a documented status reads; empty for a missing or undocumented one. */
  public static Optional<ProviderState> state(String vendorStatus) {
    return vendorStatus == null ? Optional.empty() : Optional.ofNullable(STATES.get(vendorStatus));
  }

  /** Statuses that will change by themselves (and unknown ones), so the deployment is looked at again soon. */
  public static boolean isTransitional(String vendorStatus) {
    return state(vendorStatus).map(s -> s == ProviderState.Progressing || s == ProviderState.Stopping
        || s == ProviderState.Deleting || s == ProviderState.Restoring || s == ProviderState.Pending).orElse(true);
  }
}
