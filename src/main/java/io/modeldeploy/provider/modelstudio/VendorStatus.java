package io.modeldeploy.provider.modelstudio;

import io.modeldeploy.provider.ProviderState;
import java.util.Map;

/**
 * The vendor's deployment statuses and how they read in the lifecycle. The API has one PENDING
 * where the console shows Pending and Deploying: the vendor is working on it, so it reads as a
 * rollout in progress (Deploying). There is no API value for "Service Suspended".
 */
public final class VendorStatus {

  static final Map<String, ProviderState> STATES = Map.ofEntries(
      Map.entry("PENDING", ProviderState.Progressing),
      Map.entry("RUNNING", ProviderState.Ready),
      Map.entry("UPDATING", ProviderState.Progressing),
      Map.entry("UPDATING_FAILED", ProviderState.Failed),
      Map.entry("FAILED", ProviderState.Failed),
      Map.entry("OFFLINING", ProviderState.Stopping),
      Map.entry("STOPPED", ProviderState.Stopped),
      Map.entry("DELETING", ProviderState.Deleting),
      Map.entry("DELETED", ProviderState.NotFound),
      Map.entry("ARREARS_DOWN", ProviderState.Overdue),
      Map.entry("ARREARS_RECOVERING", ProviderState.Restoring));

  private VendorStatus() {}

  /** Unknown or missing values read as a rollout in progress: look again soon rather than declare anything. */
  public static ProviderState state(String vendorStatus) {
    return vendorStatus == null ? ProviderState.Progressing : STATES.getOrDefault(vendorStatus, ProviderState.Progressing);
  }

  /** Statuses that will change by themselves, so the deployment is looked at again soon. */
  public static boolean isTransitional(String vendorStatus) {
    ProviderState s = state(vendorStatus);
    return s == ProviderState.Progressing || s == ProviderState.Stopping || s == ProviderState.Deleting
        || s == ProviderState.Restoring || s == ProviderState.Pending;
  }
}
