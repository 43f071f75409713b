package io.modeldeploy.lifecycle;

import static io.modeldeploy.api.Phase.DeploymentFailed;
import static io.modeldeploy.api.Phase.ResizeFailed;
import static io.modeldeploy.api.Phase.Resizing;
import static io.modeldeploy.api.Phase.Running;

import io.fabric8.kubernetes.api.model.Condition;
import io.modeldeploy.api.CostStatus;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import io.modeldeploy.api.ProviderType;
import io.modeldeploy.provider.Observation;
import io.modeldeploy.provider.ProviderState;
import io.modeldeploy.validation.SpecError;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The state machine, as one pure function: (what was accepted, last status, what the provider
 * sees, now) -> the status a user reads. Nothing in it knows which provider is behind it.
 */
public final class Lifecycle {


  private Lifecycle() {}

  /**
   * @param errors why the current spec was rejected (empty when accepted); a rejected spec changes
   *     nothing that runs, so cost, units and subscription keep their last accepted values
   * @param cost, units, term what the accepted spec says (ignored when rejected); term only for prepaid plans
   * @param budget where a pay-as-you-go deployment stands with its BillingAccount (null for prepaid plans)
   * @param specReplicas replicas the spec asks for (0 while suspended)
   * @param provider the provider acted through; recorded by the first accepted reconcile and kept
   */
  public record Input(long generation, ModelDeploymentStatus previous, List<SpecError> errors, Observation observation,
      CostStatus cost, String units, SubscriptionTerm term, Budget budget, int specReplicas, boolean suspended,
      boolean deleting, Instant now, ProviderType provider) {}

  public static ModelDeploymentStatus next(Input in) {
    ModelDeploymentStatus previous = in.previous() == null ? new ModelDeploymentStatus() : in.previous();
    // A provider that did not answer tells nothing new: carry what status said.
    Observation seen = in.observation().state() == ProviderState.Unavailable ? carried(previous, in.observation()) : in.observation();
    boolean accepted = in.errors().isEmpty();
    SubscriptionTerm term = accepted ? in.term() : null;
    Budget budget = accepted ? in.budget() : null;
    boolean releasedForDebt = budget != null && budget.stage() == Budget.Stage.Released;
    // Back from a release for debt (the account was topped up): the way back reads as Restoring.
    boolean returning = !releasedForDebt && previous.getPhase() == Phase.Suspended
        && Conditions.isTrue(previous.getConditions(), Conditions.ACCOUNT_OVERDUE);
    Phase phase = in.deleting() ? Phase.Deleting
        : releasedForDebt ? Phase.Suspended
        : termPhase(term).orElse(phase(seen.state(), returning ? Phase.Restoring : previous.getPhase()));

    ModelDeploymentStatus next = new ModelDeploymentStatus();
    next.setProvider(previous.getProvider() != null ? previous.getProvider() : accepted ? in.provider() : null);
    next.setObservedGeneration(seen.state() == ProviderState.Unavailable ? previous.getObservedGeneration() : Long.valueOf(in.generation()));
    next.setPhase(phase);
    next.setReplicas(seen.replicas());
    next.setReadyReplicas(seen.readyReplicas());
    int desired = seen.state() == ProviderState.NotFound ? in.specReplicas() : seen.desiredReplicas();
    next.setDesiredReplicas(desired);
    next.setReady(seen.readyReplicas() + "/" + desired);
    next.setSelector(seen.selector() != null ? seen.selector() : previous.getSelector());
    next.setEndpoint(seen.endpoint());
    next.setModelCode(seen.modelCode());
    next.setUnits(accepted ? in.units() : previous.getUnits());
    next.setCost(accepted ? in.cost() : previous.getCost() == null ? null : previous.getCost().copy());
    next.setSubscription(accepted && term != null ? term.toStatus() : previous.getSubscription());
    next.setCapacityPacks(seen.capacityPacks() != null ? emptyAsNone(seen.capacityPacks()) : previous.getCapacityPacks());
    next.setVendorOperation(seen.operation() != null ? seen.operation() : previous.getVendorOperation());
    // The gateway's to write: carried as read, so the operator's status patch never touches it.
    next.setUsage(previous.getUsage());
    // The autoscaler's part of the reconcile replaces it; carried while nothing else says otherwise (a deletion).
    next.setAutoscaling(previous.getAutoscaling());

    List<Condition> before = previous.getConditions();
    // Conditions speak of the same generation as status: none moves on while the provider does not answer.
    Long gen = next.getObservedGeneration();
    String rejection = in.errors().stream().map(SpecError::toString).collect(Collectors.joining("; "));
    boolean serving = phase.serving() && seen.readyReplicas() > 0;
    boolean stalled = !accepted || phase.failed();
    String stalledReason = !accepted ? in.errors().get(0).reason() : phase.failed() ? failureReason(seen, phase) : "AsExpected";
    String stalledMessage = !accepted ? rejection : phase.failed() ? failureMessage(seen, phase) : "no terminal problem";
    next.setConditions(Conditions.merge(before, Conditions.concat(List.of(
        Conditions.next(before, Conditions.ACCEPTED, accepted, accepted ? "SpecAccepted" : in.errors().get(0).reason(),
            accepted ? "the spec is valid and offered" + (in.cost() == null ? "" : " (catalog " + in.cost().getCatalogVersion() + ")")
                : "the spec was rejected and the last accepted one keeps running: " + rejection, gen, in.now()),
        Conditions.next(before, Conditions.READY, serving,
            releasedForDebt ? budget.reason() : termStopped(term) ? term.reason() : readyReason(phase, seen),
            releasedForDebt ? budget.message()
                : termStopped(term) ? term.message() : readyMessage(phase, seen, desired, in.suspended()), gen, in.now()),
        Conditions.next(before, Conditions.RECONCILING, phase.inProgress(), phase.name(),
            phase.inProgress() ? "working towards the spec: " + phase : "nothing in progress", gen, in.now()),
        Conditions.next(before, Conditions.STALLED, stalled, stalledReason, stalledMessage, gen, in.now())),
        Conditions.concat(in.observation().conditions().stream()
            .map(c -> Conditions.next(before, c.type(), c.status(), c.reason(), c.message(), gen, in.now())).toList(),
            Conditions.concat(
                term == null ? List.of() : List.of(Conditions.next(before, Conditions.SUBSCRIPTION_EXPIRED,
                    term.stage() != SubscriptionTerm.Stage.Active, term.reason(), term.message(), gen, in.now())),
                budget == null ? List.of() : List.of(Conditions.next(before, Conditions.ACCOUNT_OVERDUE,
                    budget.stage() == Budget.Stage.RetentionPeriod || releasedForDebt, budget.reason(),
                    budget.message(), gen, in.now())))))));
    return next;
  }


  private static <T> List<T> emptyAsNone(List<T> list) { return list.isEmpty() ? null : list; }

  /** A prepaid term past its grace period decides the phase, whatever runs. */
  private static java.util.Optional<Phase> termPhase(SubscriptionTerm term) {
    if (term == null) return java.util.Optional.empty();
    return switch (term.stage()) {
      case ServiceStopped -> java.util.Optional.of(Phase.ServiceSuspended);
      case Released -> java.util.Optional.of(Phase.Suspended);
      default -> java.util.Optional.empty();
    };
  }

  private static boolean termStopped(SubscriptionTerm term) { return termPhase(term).isPresent(); }

  /** The status while the provider is still removing what runs: phase Deleting, everything else as it was. */
  public static ModelDeploymentStatus deleting(ModelDeploymentStatus previous, long generation, Instant now) {
    ModelDeploymentStatus before = previous == null ? new ModelDeploymentStatus() : previous;
    Observation removing = carried(before, new Observation(ProviderState.Deleting, 0, 0, 0, null, null, null, null,
        "removing what runs before the finalizer is released"));
    ModelDeploymentStatus status = next(new Input(generation, before, List.of(), removing,
        before.getCost() == null ? null : before.getCost().copy(), before.getUnits(),
        null, null, removing.desiredReplicas(), false, true, now, before.getProvider()));
    status.setSubscription(before.getSubscription());
    return status;
  }

  /** What status last said, with the state, reason and message of an observation that tells nothing new. */
  private static Observation carried(ModelDeploymentStatus previous, Observation unavailable) {
    int ready = previous.getReadyReplicas() == null ? 0 : previous.getReadyReplicas();
    int replicas = previous.getReplicas() == null ? 0 : previous.getReplicas();
    return new Observation(unavailable.state(), previous.desiredReplicas(), replicas, ready, previous.getSelector(),
        previous.getEndpoint(), previous.getModelCode(), unavailable.reason(), unavailable.message(),
        unavailable.recheckAfter(), unavailable.conditions(), null, null, null, null);
  }

  /** How a provider state reads as a console phase, given where the deployment was before. */
  public static Phase phase(ProviderState state, Phase previous) {
    boolean servedBefore = previous != null && previous.serving();
    boolean renewedAfterStop = previous == Phase.ServiceSuspended || previous == Phase.Restoring;
    return switch (state) {
      case NotFound -> Phase.Pending;
      case Pending -> servedBefore ? Resizing : renewedAfterStop ? Phase.Restoring : Phase.Pending;
      case Progressing -> servedBefore ? Resizing : renewedAfterStop ? Phase.Restoring : Phase.Deploying;
      case Ready -> Running;
      case Failed -> servedBefore ? ResizeFailed : DeploymentFailed;
      case Stopping -> Phase.TakingOffline;
      case Stopped -> Phase.Stopped;
      case Deleting -> Phase.Deleting;
      case Overdue -> Phase.Suspended;
      case Restoring -> Phase.Restoring;
      case Unavailable -> previous == null ? Phase.Pending : previous;
    };
  }

  private static String readyReason(Phase phase, Observation seen) {
    if (phase == Running || phase == Phase.Stopped) return phase.name();
    return seen.reason() != null ? seen.reason() : phase.name();
  }

  private static String readyMessage(Phase phase, Observation seen, int desired, boolean suspended) {
    String counts = seen.readyReplicas() + "/" + desired + " replicas ready";
    return switch (phase) {
      case Running -> counts + (seen.endpoint() == null ? "" : "; serving at " + seen.endpoint());
      case Stopped -> suspended ? "suspended: nothing serving, configuration kept" : "scaled to zero replicas";
      case Suspended -> "released by the vendor: " + (seen.message() == null ? "account overdue" : seen.message());
      default -> counts + (seen.message() == null ? "" : "; " + seen.message());
    };
  }

  private static String failureReason(Observation seen, Phase phase) {
    return seen.reason() != null ? seen.reason() : phase.name();
  }

  private static String failureMessage(Observation seen, Phase phase) {
    String what = phase == ResizeFailed ? "the resize failed and the previous capacity keeps serving" : "the first rollout failed";
    return what + (seen.message() == null ? "" : ": " + seen.message());
  }
}
