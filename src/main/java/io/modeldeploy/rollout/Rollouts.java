package io.modeldeploy.rollout;

import io.modeldeploy.api.RevisionStatus;
import io.modeldeploy.api.Rollout;
import io.modeldeploy.api.RolloutPhase;
import io.modeldeploy.api.RolloutStatus;
import io.modeldeploy.api.RolloutStep;
import io.modeldeploy.api.StepAnalysis;
import io.modeldeploy.api.TrafficTarget;
import io.modeldeploy.cost.CostEstimate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rollout state machine, as pure functions of what status recorded: which revisions run (plan,
 * before the provider acts) and where the rollout stands after what the provider saw (next). All a
 * restarted operator needs is in status.rollout, so a restart resumes at the same step; a step moves
 * only in a status write, so no step is skipped or made twice.
 */
public final class Rollouts {

  public static final String STABLE = "stable";
  public static final String CANARY = "canary";

  /** Reasons of the Reconciling condition while a rollout runs, and of RolloutAborted. */
  public static final String PROGRESSING = "RolloutProgressing";
  public static final String PAUSED = "RolloutPaused";
  public static final String ANALYSIS_FAILED = "AnalysisFailed";
  public static final String NEW_REVISION_FAILED = "NewRevisionFailed";
  public static final String ABORTED_BY_USER = "AbortedByUser";
  public static final String NOT_ABORTED = "NotAborted";

  private Rollouts() {}

  /**
   * What runs in this pass: the stable revision at the spec's replicas, and the new one (with its
   * replicas for the step) when a rollout runs.
   */
  public record Plan(RevisionStatus stable, int replicas, RevisionStatus canary, int canaryReplicas) {}

  /** How a revision stands after the provider acted: its ready replicas, where it serves, and a failure that will not heal. */
  public record RevisionSeen(String revision, int readyReplicas, boolean failed, String modelCode, String endpoint, String problem) {}

  /**
   * @param name the ModelDeployment's name (the first revision's workload name)
   * @param replicas replicas the spec asks for (0 while suspended)
   * @param annotation the modeldeploy.io/rollout annotation's value, if set
   * @param stable how the planned stable revision stands
   * @param canary how the planned new revision stands (null when none was planned)
   * @param check a check of the current step made from the gateway's counters, if one was due
   * @param canaryHourly what the new revision's capacity costs an hour at its step's replicas
   */
  public record Input(String name, RolloutStatus previous, RevisionStatus desired, Rollout spec, int replicas,
      Optional<String> annotation, RevisionSeen stable, RevisionSeen canary, Optional<StepAnalysis> check, BigDecimal canaryHourly, Instant now) {}

  public static Plan plan(String name, RolloutStatus previous, RevisionStatus desired, Rollout spec, int replicas) {
    RolloutStatus current = current(name, previous, desired, Instant.EPOCH);
    if (current.getCanary() == null) return new Plan(current.getStable(), replicas, null, 0);
    return new Plan(current.getStable(), replicas, current.getCanary(), canaryReplicas(stepOf(spec, current).getWeight(), replicas));
  }

  /** Replicas of the new revision for a step: its share of the spec's replicas (at least one), all of them at 100%. */
  public static int canaryReplicas(int weight, int replicas) {
    if (replicas <= 0) return 0;
    return weight >= 100 ? replicas : Math.max(1, (int) Math.ceil(replicas * weight / 100.0));
  }

  public static RolloutStatus next(Input in) {
    RolloutStatus status = current(in.name(), in.previous(), in.desired(), in.now());
    if (in.stable() != null && in.stable().modelCode() != null && in.stable().revision().equals(status.getStable().getName()))
      status.getStable().setModelCode(in.stable().modelCode());
    Optional<RolloutAction> action = acknowledge(status, in.annotation());
    if (status.getCanary() == null) {
      action.ifPresent(a -> status.setMessage(a.value() + " asked with no rollout running: nothing to do ("
          + RolloutAction.ANNOTATION + " removed)"));
      return status;
    }
    BigDecimal costSoFar = costSoFar(in.previous(), status, in.canaryHourly(), in.now());
    RolloutStatus next = progress(in, status, action);
    // The new revision's cost is brought up to date only when the rollout moves, never on a pass that changes nothing else.
    if (!next.equals(in.previous())) {
      next.setCost(CostEstimate.money(costSoFar).toPlainString());
      next.setCostedAt(stamp(in.now()));
    }
    return next;
  }

  private static RolloutStatus progress(Input in, RolloutStatus status, Optional<RolloutAction> action) {
    RevisionStatus canary = status.getCanary();
    if (in.canary() != null && in.canary().revision().equals(canary.getName())) {
      if (in.canary().modelCode() != null) canary.setModelCode(in.canary().modelCode());
      if (in.canary().failed())
        return abort(status, NEW_REVISION_FAILED, "the new revision " + describe(canary) + " failed: " + in.canary().problem());
    }
    if (action.filter(a -> a == RolloutAction.Abort).isPresent())
      return abort(status, ABORTED_BY_USER, "aborted by the " + RolloutAction.ANNOTATION + "=abort annotation at step " + status.getStep());
    List<RolloutStep> steps = in.spec().effectiveSteps();
    // Steps edited mid-rollout to fewer: the rollout is at the last one.
    int index = Math.min(status.stepIndex(), steps.size() - 1);
    status.setStepIndex(index);
    status.setStep((index + 1) + "/" + steps.size());
    RolloutStep step = steps.get(index);
    // A check counts only for the step it was made in: not for a step that starts in this pass (a new revision just replaced).
    boolean stepWasRunning = status.getStepStartedAt() != null;
    if (status.getStepStartedAt() == null) {
      int wanted = canaryReplicas(step.getWeight(), in.replicas());
      int ready = in.canary() == null || !in.canary().revision().equals(canary.getName()) ? 0 : in.canary().readyReplicas();
      if (wanted == 0 || ready < wanted) {
        status.setPhase(RolloutPhase.Progressing);
        status.setMessage(wanted == 0 ? "waiting: the deployment has no replicas (spec.replicas 0 or suspended)"
            : "bringing up " + describe(canary) + " for step " + status.getStep() + " (" + step.getWeight() + "%): "
                + ready + "/" + wanted + " replicas ready");
        return status;
      }
      status.setCanaryWeight(step.getWeight());
      status.setStepStartedAt(stamp(in.now()));
    }
    if (in.check().isPresent() && stepWasRunning) {
      StepAnalysis check = in.check().get();
      boolean failed = !check.passed();
      if (failed) status.setFailedChecks(status.failedChecks() + 1);
      check.setFailedChecks(status.failedChecks());
      record(status, check);
      int tolerated = in.spec().getAnalysis() == null ? 0 : in.spec().getAnalysis().failuresTolerated();
      if (failed && status.failedChecks() > tolerated)
        return abort(status, ANALYSIS_FAILED, "analysis failed at step " + status.getStep() + " (" + status.failedChecks()
            + " failed check" + (status.failedChecks() == 1 ? "" : "s") + ", " + tolerated + " tolerated): " + check.getMessage());
    }
    boolean promoted = action.filter(a -> a == RolloutAction.Promote).isPresent();
    Optional<Instant> pauseEnds = pauseEnds(step, status);
    boolean paused = step.open() || pauseEnds.map(in.now()::isBefore).orElse(false);
    boolean analysed = in.spec().getAnalysis() == null || lastCheck(status, index).map(StepAnalysis::passed).orElse(false);
    if (promoted || (!paused && analysed)) return completeStep(status, steps, promoted);
    status.setPhase(step.open() && analysed ? RolloutPhase.Paused : RolloutPhase.Progressing);
    status.setMessage("step " + status.getStep() + ": " + step.getWeight() + "% of calls to " + describe(canary)
        + (step.open() ? "; waiting for a promotion (" + RolloutAction.ANNOTATION + "=promote or mdctl rollout promote)"
            : pauseEnds.isPresent() && paused ? "; holds until " + stamp(pauseEnds.get()) : "")
        + (analysed ? "" : "; waiting for analysis (" + in.spec().getAnalysis().requests() + " calls per check)"));
    return status;
  }

  /** The step ended: the next one starts (its weight once the new revision has its replicas), or after the last the new revision is promoted. */
  private static RolloutStatus completeStep(RolloutStatus status, List<RolloutStep> steps, boolean promoted) {
    int index = status.stepIndex();
    if (index + 1 >= steps.size()) {
      RevisionStatus canary = status.getCanary();
      RevisionStatus old = status.getStable();
      status.setStable(canary);
      retire(status, old);
      endSteps(status);
      status.setMessage(describe(canary) + " promoted" + (promoted ? " by " + RolloutAction.ANNOTATION + "=promote" : "")
          + ": it takes every call; " + describe(old) + " is removed");
      return status;
    }
    status.setStepIndex(index + 1);
    status.setStep((index + 2) + "/" + steps.size());
    status.setStepStartedAt(null);
    status.setPhase(RolloutPhase.Progressing);
    status.setMessage("step " + (index + 1) + "/" + steps.size() + " done" + (promoted ? " (promoted)" : "") + "; next: "
        + steps.get(index + 1).getWeight() + "%");
    return status;
  }

  /** No new revision any more, and no step: the rollout is over. */
  private static void endSteps(RolloutStatus status) {
    status.setCanary(null);
    status.setCanaryWeight(null);
    status.setStepIndex(null);
    status.setStep(null);
    status.setStepStartedAt(null);
    status.setPhase(RolloutPhase.Completed);
  }

  private static RolloutStatus abort(RolloutStatus status, String reason, String message) {
    status.setAbortedRevision(status.getCanary().getName());
    retire(status, status.getCanary());
    status.setCanary(null);
    status.setCanaryWeight(null);
    status.setStepStartedAt(null);
    status.setPhase(RolloutPhase.Aborted);
    status.setAbortReason(reason);
    status.setMessage(message + "; every call goes to " + describe(status.getStable()) + " and the new revision is removed"
        + " until the spec changes");
    return status;
  }

  /**
   * The rollout as it stands before this pass's news: the stable revision (the spec's, the first
   * time), the new revision when the spec asks for one that is neither stable nor the one last aborted
   * (replacing a new revision the spec no longer asks for: there is never more than one).
   */
  static RolloutStatus current(String name, RolloutStatus previous, RevisionStatus desired, Instant now) {
    if (previous == null || previous.getStable() == null) {
      RolloutStatus first = new RolloutStatus();
      RevisionStatus stable = desired.copy();
      stable.setWorkload(Revisions.workload(name, desired, true));
      first.setStable(stable);
      return first;
    }
    RolloutStatus status = previous.copy();
    RevisionStatus canary = status.getCanary();
    if (desired.sameRevision(status.getStable())) {
      if (canary != null) {
        retire(status, canary);
        endSteps(status);
        status.setMessage("the spec is back to " + describe(status.getStable()) + ": " + describe(canary) + " is removed");
      } else if (status.getPhase() == RolloutPhase.Aborted) {
        // The spec changed again (back to what serves): the abort is over.
        status.setPhase(RolloutPhase.Completed);
        status.setAbortedRevision(null);
        status.setAbortReason(null);
        status.setMessage(describe(status.getStable()) + " serves every call");
      }
      return status;
    }
    if (desired.getName().equals(status.getAbortedRevision())) return status;
    if (canary != null && desired.sameRevision(canary)) return status;
    if (canary != null) retire(status, canary);
    RevisionStatus started = desired.copy();
    started.setWorkload(Revisions.workload(name, desired, false));
    status.setCanary(started);
    status.setStepIndex(0);
    status.setStepStartedAt(null);
    status.setCanaryWeight(null);
    status.setAnalysis(null);
    status.setFailedChecks(null);
    status.setAbortedRevision(null);
    status.setAbortReason(null);
    status.setStartedAt(stamp(now));
    status.setCost(null);
    status.setCostedAt(stamp(now));
    status.setPhase(RolloutPhase.Progressing);
    status.setMessage((canary == null ? "" : describe(canary) + " replaced: ") + "rolling out " + describe(started));
    return status;
  }

  private static void retire(RolloutStatus status, RevisionStatus revision) {
    List<RevisionStatus> retiring = new ArrayList<>(status.retiring());
    retiring.removeIf(revision::sameRevision);
    retiring.add(revision.copy());
    status.setRetiring(retiring);
  }

  /** Revisions the provider has removed are no longer retiring. */
  public static void retired(RolloutStatus status, List<RevisionStatus> removed) {
    if (status == null || status.getRetiring() == null) return;
    List<RevisionStatus> left = new ArrayList<>(status.getRetiring());
    left.removeIf(r -> removed.stream().anyMatch(r::sameRevision));
    status.setRetiring(left.isEmpty() ? null : left);
  }

  /** The annotation taken once: acted on when new, only removed when already acted on, forgotten once removed. */
  private static Optional<RolloutAction> acknowledge(RolloutStatus status, Optional<String> annotation) {
    Optional<RolloutAction> asked = annotation.flatMap(RolloutAction::of);
    if (asked.isEmpty()) {
      status.setAcknowledged(null);
      return Optional.empty();
    }
    if (asked.get().value().equals(status.getAcknowledged())) return Optional.empty();
    status.setAcknowledged(asked.get().value());
    return asked;
  }

  /**
   * The calls' split the gateway follows: the new revision's weight, the rest to the stable one; each
   * where the provider saw it serve (after a promotion, the stable revision is the one seen as new).
   */
  public static List<TrafficTarget> traffic(RolloutStatus status, List<RevisionSeen> seen) {
    List<TrafficTarget> split = new ArrayList<>();
    int weight = status.getCanary() == null ? 0 : status.canaryWeight();
    target(split, status.getStable(), STABLE, 100 - weight, seen);
    if (status.getCanary() != null) target(split, status.getCanary(), CANARY, weight, seen);
    return split;
  }

  private static void target(List<TrafficTarget> split, RevisionStatus revision, String role, int percent, List<RevisionSeen> seen) {
    seen.stream().filter(s -> s != null && s.revision().equals(revision.getName())).findFirst().ifPresent(s ->
        split.add(new TrafficTarget(revision.getName(), role, percent, s.readyReplicas(), s.modelCode(), s.endpoint())));
  }

  /**
   * What a rollout with these steps costs beside the stable revision, at most: the new revision's
   * capacity over every timed pause, and per hour while an open pause waits (the most expensive one).
   * A Full rollout costs the new revision's hourly until it is Ready, which no spec says.
   */
  public record WorstCase(BigDecimal timedSteps, BigDecimal perOpenPauseHour, BigDecimal highestHourly) {}

  public static WorstCase worstCase(Rollout spec, int replicas, java.util.function.IntFunction<BigDecimal> hourlyAt) {
    BigDecimal timed = BigDecimal.ZERO;
    BigDecimal open = BigDecimal.ZERO;
    BigDecimal highest = BigDecimal.ZERO;
    for (RolloutStep step : spec.effectiveSteps()) {
      BigDecimal hourly = hourlyAt.apply(canaryReplicas(step.getWeight(), replicas));
      highest = highest.max(hourly);
      if (step.open()) open = open.max(hourly);
      else if (step.getPause() != null)
        timed = timed.add(hourly.multiply(BigDecimal.valueOf(step.getPause().length().orElse(Duration.ZERO).getSeconds()))
            .divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP));
    }
    return new WorstCase(timed, open, highest);
  }

  /** When the current step's pause ends, if it has a timed one that has started. */
  public static Optional<Instant> pauseEnds(RolloutStep step, RolloutStatus status) {
    if (status.getStepStartedAt() == null || step.getPause() == null) return Optional.empty();
    return step.getPause().length().map(Instant.parse(status.getStepStartedAt())::plus);
  }

  public static RolloutStep stepOf(Rollout spec, RolloutStatus status) {
    List<RolloutStep> steps = spec.effectiveSteps();
    return steps.get(Math.min(status.stepIndex(), steps.size() - 1));
  }

  /** Whether the current step is being analysed: a check may be due on the gateway's counters. */
  public static boolean analysing(Rollout spec, RolloutStatus status) {
    return spec.getAnalysis() != null && status.getCanary() != null && status.getStepStartedAt() != null;
  }

  private static Optional<StepAnalysis> lastCheck(RolloutStatus status, int index) {
    return status.getAnalysis() == null ? Optional.empty()
        : status.getAnalysis().stream().filter(a -> a.getStep() == index + 1).findFirst();
  }

  private static void record(RolloutStatus status, StepAnalysis check) {
    List<StepAnalysis> all = new ArrayList<>(status.getAnalysis() == null ? List.of() : status.getAnalysis());
    all.removeIf(a -> a.getStep().equals(check.getStep()));
    all.add(check);
    status.setAnalysis(all);
  }

  /** What the new revision has cost since it was last costed, at the rate of its replicas until now. */
  private static BigDecimal costSoFar(RolloutStatus previous, RolloutStatus status, BigDecimal hourly, Instant now) {
    BigDecimal before = status.getCost() == null ? BigDecimal.ZERO : new BigDecimal(status.getCost());
    if (hourly == null || status.getCostedAt() == null || previous == null || previous.getCanary() == null) return before;
    long seconds = Math.max(0, Duration.between(Instant.parse(status.getCostedAt()), now).getSeconds());
    return before.add(hourly.multiply(BigDecimal.valueOf(seconds)).divide(BigDecimal.valueOf(3600), 6, RoundingMode.HALF_UP));
  }

  static String describe(RevisionStatus revision) {
    return "revision " + revision.getName() + " (" + revision.getModel()
        + (revision.getUnitType() == null ? "" : ", " + revision.getUnitType() + " x " + revision.getUnitCount()) + ")";
  }

  static String stamp(Instant instant) { return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS)); }
}
