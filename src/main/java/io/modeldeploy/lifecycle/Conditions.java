package io.modeldeploy.lifecycle;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every condition type the operator writes, spelled here and nowhere else, and metav1.Condition
 * bookkeeping: lastTransitionTime moves only when a condition's status moves.
 */
public final class Conditions {

  public static final String ACCEPTED = "Accepted";
  public static final String READY = "Ready";
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";
  /** Whether the provider's back end answers; its recovery is news, not a warning. */
  public static final String PROVIDER_REACHABLE = "ProviderReachable";
  public static final String SUBSCRIPTION_EXPIRED = "SubscriptionExpired";
  public static final String ACCOUNT_OVERDUE = "AccountOverdue";
  /** The vendor deployment was deleted outside the operator and made again (once). */
  public static final String REMOTE_RECREATED = "RemoteRecreated";
  /** The vendor's own status for its deployment, as it wrote it; False when this operator does not know it. */
  public static final String VENDOR_STATUS_KNOWN = "VendorStatusKnown";
  /** Every capacity pack in the spec is bought and effective; False while one is bought, or failed to be. */
  public static final String CAPACITY_PACKS_READY = "CapacityPacksReady";

  /** With spec.autoscaling: whether its metrics are read (False: held, never scaled down, until they are). */
  public static final String SCALING_ACTIVE = "ScalingActive";
  /** With spec.autoscaling: True while a bound (maximum, minimum, schedule, cost ceiling) holds replicas away from what the load asks for. */
  public static final String SCALING_LIMITED = "ScalingLimited";

  /** Once a deployment has had a rollout: True while the last one is aborted (until the spec changes again). */
  public static final String ROLLOUT_ABORTED = "RolloutAborted";

  private Conditions() {}

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty() : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** The condition as it should now read, keeping the previous transition time when the status is unchanged. */
  public static Condition next(List<Condition> previous, String type, boolean status, String reason, String message,
      Long generation, Instant now) {
    String value = status ? "True" : "False";
    String since = find(previous, type).filter(c -> value.equals(c.getStatus())).map(Condition::getLastTransitionTime)
        .orElse(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
    return new ConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
        .withObservedGeneration(generation).withLastTransitionTime(since).build();
  }

  public static List<Condition> concat(List<Condition> first, List<Condition> second) {
    List<Condition> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  /** The conditions with these types replaced by (or removed for) the given ones, others kept in place. */
  public static List<Condition> replace(List<Condition> conditions, List<String> types, List<Condition> replacements) {
    List<Condition> next = new ArrayList<>(conditions.stream().filter(c -> !types.contains(c.getType())).toList());
    next.addAll(replacements);
    return next;
  }

  /** Our conditions in a fixed order, followed by any other writer's conditions untouched. */
  public static List<Condition> merge(List<Condition> previous, List<Condition> ours) {
    List<Condition> merged = new ArrayList<>(ours);
    if (previous != null)
      previous.stream().filter(c -> ours.stream().noneMatch(o -> o.getType().equals(c.getType()))).forEach(merged::add);
    return merged;
  }
}
