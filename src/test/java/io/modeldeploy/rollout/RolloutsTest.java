package io.modeldeploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelUnit;
import io.modeldeploy.api.RevisionStatus;
import io.modeldeploy.api.Rollout;
import io.modeldeploy.api.RolloutAnalysis;
import io.modeldeploy.api.RolloutPause;
import io.modeldeploy.api.RolloutPhase;
import io.modeldeploy.api.RolloutStatus;
import io.modeldeploy.api.RolloutStep;
import io.modeldeploy.api.RolloutStrategy;
import io.modeldeploy.api.StepAnalysis;
import io.modeldeploy.rollout.Rollouts.RevisionSeen;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rollout state machine by its transitions: what status says after each pass, from what the provider saw. */
class RolloutsTest {

  static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  static final RevisionStatus OLD = Revisions.of(spec("qwen3-8b"));
  static final RevisionStatus NEW = Revisions.of(spec("qwen3-8b-ft"));

  static ModelDeploymentSpec spec(String model) {
    ModelDeploymentSpec spec = new ModelDeploymentSpec();
    spec.setModel(model);
    ModelUnit unit = new ModelUnit();
    unit.setType("MU1");
    unit.setCount(1);
    spec.setModelUnit(unit);
    return spec;
  }

  static Rollout canary(RolloutAnalysis analysis, RolloutStep... steps) {
    Rollout rollout = new Rollout();
    rollout.setStrategy(RolloutStrategy.Canary);
    rollout.setSteps(List.of(steps));
    rollout.setAnalysis(analysis);
    return rollout;
  }

  static RolloutAnalysis analysisOf(int maxErrorPercent) {
    RolloutAnalysis analysis = new RolloutAnalysis();
    analysis.setMaxErrorPercent(maxErrorPercent);
    return analysis;
  }

  static RolloutStep step(int weight, String pause) { return new RolloutStep(weight, pause == null ? null : new RolloutPause(pause)); }

  static RevisionSeen ready(RevisionStatus revision, int replicas) {
    return new RevisionSeen(revision.getName(), replicas, false, revision.getModel(), "http://" + revision.getName(), null);
  }

  static RolloutStatus pass(RolloutStatus previous, RevisionStatus desired, Rollout spec, int replicas, String annotation,
      RevisionSeen canary, StepAnalysis check, Instant now) {
    return Rollouts.next(new Rollouts.Input("chat", previous, desired, spec, replicas, Optional.ofNullable(annotation),
        ready(previous == null || previous.getStable() == null ? desired : previous.getStable(), replicas), canary,
        Optional.ofNullable(check), BigDecimal.TEN, now));
  }

  /** A deployment that has served OLD since T0. */
  static RolloutStatus serving() { return pass(null, OLD, Rollout.full(), 4, null, null, null, T0); }

  @Test
  void theFirstRevisionIsStableUnderTheDeploymentsOwnNameWithNoRollout() {
    RolloutStatus status = serving();
    assertThat(status.getStable().getName()).isEqualTo(OLD.getName()).hasSize(8);
    assertThat(status.getStable().getWorkload()).isEqualTo("chat");
    assertThat(status.getPhase()).isNull();
    assertThat(status.getCanary()).isNull();
    assertThat(Rollouts.plan("chat", status, OLD, Rollout.full(), 4).canary()).isNull();
  }

  @Test
  void inPlaceFieldsMakeNoRevision() {
    ModelDeploymentSpec more = spec("qwen3-8b");
    more.setReplicas(9);
    more.setSuspend(true);
    assertThat(Revisions.of(more)).isEqualTo(OLD);
    ModelDeploymentSpec context = spec("qwen3-8b");
    context.setMaxContextTokens(8192);
    assertThat(Revisions.of(context).getName()).isNotEqualTo(OLD.getName());
  }

  @Test
  void aFullRolloutBringsTheNewRevisionUpBesideTheOldAndPromotesItOnceReady() {
    RolloutStatus started = pass(serving(), NEW, Rollout.full(), 4, null, null, null, T0.plusSeconds(60));
    assertThat(started.getPhase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(started.getCanary().getWorkload()).isEqualTo("chat-" + NEW.getName());
    assertThat(started.canaryWeight()).isZero();
    assertThat(Rollouts.plan("chat", started, NEW, Rollout.full(), 4).canaryReplicas()).isEqualTo(4);

    RolloutStatus halfway = pass(started, NEW, Rollout.full(), 4, null, ready(NEW, 2), null, T0.plusSeconds(120));
    assertThat(halfway.getCanary()).isNotNull();
    assertThat(halfway.getMessage()).contains("2/4 replicas ready");

    RolloutStatus done = pass(halfway, NEW, Rollout.full(), 4, null, ready(NEW, 4), null, T0.plusSeconds(3660));
    assertThat(done.getPhase()).isEqualTo(RolloutPhase.Completed);
    assertThat(done.getStable().getName()).isEqualTo(NEW.getName());
    assertThat(done.getStable().getModelCode()).isEqualTo("qwen3-8b-ft");
    assertThat(done.getCanary()).isNull();
    assertThat(done.retiring()).extracting(RevisionStatus::getWorkload).containsExactly("chat");
    // An hour of the new revision's 4 replicas beside the old ones, at 10 an hour.
    assertThat(done.getCost()).isEqualTo("10.00");
    assertThat(Rollouts.traffic(done, List.of(ready(NEW, 4)))).singleElement()
        .satisfies(t -> assertThat(t.getPercent()).isEqualTo(100));
  }

  @Test
  void timedStepsHoldTheirWeightUntilThePauseEnds() {
    Rollout spec = canary(null, step(25, "10m"), step(100, null));
    RolloutStatus started = pass(serving(), NEW, spec, 4, null, null, null, T0);
    assertThat(Rollouts.plan("chat", started, NEW, spec, 4).canaryReplicas()).isEqualTo(1);
    RolloutStatus weighted = pass(started, NEW, spec, 4, null, ready(NEW, 1), null, T0.plusSeconds(30));
    assertThat(weighted.canaryWeight()).isEqualTo(25);
    assertThat(weighted.getStep()).isEqualTo("1/2");
    assertThat(weighted.getStepStartedAt()).isEqualTo("2026-11-30T10:00:30Z");
    assertThat(Rollouts.traffic(weighted, List.of(ready(OLD, 4), ready(NEW, 1))))
        .extracting(t -> t.getRole() + "=" + t.getPercent()).containsExactly("stable=75", "canary=25");

    RolloutStatus holding = pass(weighted, NEW, spec, 4, null, ready(NEW, 1), null, T0.plusSeconds(600));
    assertThat(holding).isEqualTo(weighted);
    assertThat(Rollouts.pauseEnds(spec.getSteps().get(0), holding)).contains(T0.plusSeconds(630));

    RolloutStatus next = pass(holding, NEW, spec, 4, null, ready(NEW, 1), null, T0.plusSeconds(630));
    assertThat(next.getStep()).isEqualTo("2/2");
    assertThat(next.canaryWeight()).as("kept until the new revision has the next step's replicas").isEqualTo(25);
    assertThat(Rollouts.plan("chat", next, NEW, spec, 4).canaryReplicas()).isEqualTo(4);
    RolloutStatus promoted = pass(next, NEW, spec, 4, null, ready(NEW, 4), null, T0.plusSeconds(700));
    assertThat(promoted.getPhase()).isEqualTo(RolloutPhase.Completed);
  }

  @Test
  void anOpenPauseWaitsForOnePromotionAndTheAnnotationIsActedOnOnce() {
    Rollout spec = canary(null, step(10, ""), step(50, ""), step(100, null));
    RolloutStatus paused = pass(pass(serving(), NEW, spec, 4, null, null, null, T0), NEW, spec, 4, null, ready(NEW, 1), null, T0);
    assertThat(paused.getPhase()).isEqualTo(RolloutPhase.Paused);
    assertThat(pass(paused, NEW, spec, 4, null, ready(NEW, 1), null, T0.plus(Duration.ofDays(3)))).isEqualTo(paused);

    RolloutStatus promoted = pass(paused, NEW, spec, 4, "promote", ready(NEW, 1), null, T0.plusSeconds(5));
    assertThat(promoted.getStep()).isEqualTo("2/3");
    assertThat(promoted.getAcknowledged()).isEqualTo("promote");
    // The annotation is still there (a restart before it was removed): not acted on again.
    RolloutStatus again = pass(promoted, NEW, spec, 4, "promote", ready(NEW, 2), null, T0.plusSeconds(6));
    assertThat(again.getStep()).isEqualTo("2/3");
    assertThat(again.getPhase()).isEqualTo(RolloutPhase.Paused);
    RolloutStatus removed = pass(again, NEW, spec, 4, null, ready(NEW, 2), null, T0.plusSeconds(7));
    assertThat(removed.getAcknowledged()).isNull();
    RolloutStatus second = pass(removed, NEW, spec, 4, "promote", ready(NEW, 2), null, T0.plusSeconds(8));
    assertThat(second.getStep()).isEqualTo("3/3");
  }

  @Test
  void aFailedCheckBeyondTheLimitAbortsWithItsFiguresUntilTheSpecChanges() {
    RolloutAnalysis analysis = new RolloutAnalysis();
    analysis.setMaxErrorPercent(5);
    analysis.setFailureLimit(1);
    Rollout spec = canary(analysis, step(20, "5m"), step(100, null));
    RolloutStatus weighted = pass(pass(serving(), NEW, spec, 4, null, null, null, T0), NEW, spec, 4, null, ready(NEW, 1), null, T0);
    StepAnalysis bad = Analysis.check(analysis, 0, new RevisionCounts(40, 8, 0, new TreeMap<>())).orElseThrow();
    assertThat(bad.getResult()).isEqualTo(Analysis.FAILED);
    assertThat(bad.getMessage()).isEqualTo("40 calls: error rate 20% above max 5%");

    RolloutStatus tolerated = pass(weighted, NEW, spec, 4, null, ready(NEW, 1), bad, T0.plusSeconds(60));
    assertThat(tolerated.getPhase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(tolerated.failedChecks()).isEqualTo(1);
    assertThat(pass(tolerated, NEW, spec, 4, null, ready(NEW, 1), null, T0.plusSeconds(400)).getStep())
        .as("a step whose last check failed does not end with its pause").isEqualTo("1/2");

    RolloutStatus aborted = pass(tolerated, NEW, spec, 4, null, ready(NEW, 1), bad, T0.plusSeconds(120));
    assertThat(aborted.getPhase()).isEqualTo(RolloutPhase.Aborted);
    assertThat(aborted.getAbortReason()).isEqualTo(Rollouts.ANALYSIS_FAILED);
    assertThat(aborted.getMessage()).contains("analysis failed at step 1/2 (2 failed checks, 1 tolerated): 40 calls: error rate 20% above max 5%");
    assertThat(aborted.getCanary()).isNull();
    assertThat(aborted.retiring()).extracting(RevisionStatus::getName).containsExactly(NEW.getName());
    assertThat(Rollouts.plan("chat", aborted, NEW, spec, 4).canary()).as("the aborted revision is not brought back").isNull();

    RevisionStatus newer = Revisions.of(spec("qwen3-8b-ft2"));
    RolloutStatus retried = pass(aborted, newer, spec, 4, null, null, null, T0.plusSeconds(200));
    assertThat(retried.getPhase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(retried.getCanary().getName()).isEqualTo(newer.getName());
    assertThat(retried.failedChecks()).isZero();
  }

  @Test
  void aPassingCheckLetsTheStepEndWithItsPause() {
    RolloutAnalysis analysis = new RolloutAnalysis();
    analysis.setMaxErrorPercent(5);
    analysis.setMaxTimeToFirstTokenP95("500ms");
    Rollout spec = canary(analysis, step(50, "1m"), step(100, null));
    RolloutStatus weighted = pass(pass(serving(), NEW, spec, 2, null, null, null, T0), NEW, spec, 2, null, ready(NEW, 1), null, T0);
    TreeMap<Double, Double> buckets = new TreeMap<>(java.util.Map.of(0.1, 90.0, 0.25, 99.0, 0.5, 100.0, Double.POSITIVE_INFINITY, 100.0));
    StepAnalysis good = Analysis.check(analysis, 0, new RevisionCounts(100, 1, 0, buckets)).orElseThrow();
    assertThat(good.getTimeToFirstTokenP95()).isEqualTo("0.25s");
    assertThat(good.passed()).isTrue();
    RolloutStatus checked = pass(weighted, NEW, spec, 2, null, ready(NEW, 1), good, T0.plusSeconds(30));
    assertThat(checked.getStep()).as("the pause still runs").isEqualTo("1/2");
    assertThat(pass(checked, NEW, spec, 2, null, ready(NEW, 1), null, T0.plusSeconds(61)).getStep()).isEqualTo("2/2");
  }

  @Test
  void aNewSpecMidRolloutReplacesTheNewRevisionAndTheOldSpecRemovesIt() {
    Rollout spec = canary(null, step(10, ""), step(100, null));
    RolloutStatus running = pass(pass(serving(), NEW, spec, 4, null, null, null, T0), NEW, spec, 4, null, ready(NEW, 1), null, T0);
    RevisionStatus newer = Revisions.of(spec("qwen3-8b-ft2"));
    RolloutStatus replaced = pass(running, newer, spec, 4, null, ready(NEW, 1), null, T0.plusSeconds(10));
    assertThat(replaced.getCanary().getName()).isEqualTo(newer.getName());
    assertThat(replaced.getStep()).isEqualTo("1/2");
    assertThat(replaced.canaryWeight()).isZero();
    assertThat(replaced.retiring()).extracting(RevisionStatus::getName).containsExactly(NEW.getName());
    StepAnalysis ofTheReplaced = Analysis.check(analysisOf(5), 0, new RevisionCounts(40, 40, 0, new TreeMap<>())).orElseThrow();
    RolloutStatus checkedMeanwhile = pass(running, newer, spec, 4, null, ready(newer, 1), ofTheReplaced, T0.plusSeconds(10));
    assertThat(checkedMeanwhile.getPhase()).as("a check of the replaced revision counts for nothing").isEqualTo(RolloutPhase.Paused);
    assertThat(checkedMeanwhile.failedChecks()).isZero();
    Rollouts.retired(replaced, List.of(NEW));
    assertThat(replaced.getRetiring()).isNull();

    RolloutStatus reverted = pass(replaced, OLD, spec, 4, null, null, null, T0.plusSeconds(20));
    assertThat(reverted.getCanary()).isNull();
    assertThat(reverted.getPhase()).isEqualTo(RolloutPhase.Completed);
    assertThat(reverted.retiring()).extracting(RevisionStatus::getName).containsExactly(newer.getName());
  }

  @Test
  void aNewRevisionThatFailsAbortsAndAnAbortAnnotationToo() {
    Rollout spec = canary(null, step(10, ""), step(100, null));
    RolloutStatus started = pass(serving(), NEW, spec, 4, null, null, null, T0);
    RevisionSeen failed = new RevisionSeen(NEW.getName(), 0, true, null, null, "ProgressDeadlineExceeded: no progress");
    RolloutStatus aborted = pass(started, NEW, spec, 4, null, failed, null, T0.plusSeconds(60));
    assertThat(aborted.getAbortReason()).isEqualTo(Rollouts.NEW_REVISION_FAILED);
    assertThat(aborted.getMessage()).contains("ProgressDeadlineExceeded: no progress");

    RolloutStatus running = pass(started, NEW, spec, 4, null, ready(NEW, 1), null, T0.plusSeconds(60));
    RolloutStatus byUser = pass(running, NEW, spec, 4, "abort", ready(NEW, 1), null, T0.plusSeconds(90));
    assertThat(byUser.getAbortReason()).isEqualTo(Rollouts.ABORTED_BY_USER);
    assertThat(byUser.getAcknowledged()).isEqualTo("abort");
  }

  @Test
  void aPassWithNothingNewWritesNothingNew() {
    Rollout spec = canary(null, step(10, "1h"), step(100, null));
    RolloutStatus running = pass(pass(serving(), NEW, spec, 4, null, null, null, T0), NEW, spec, 4, null, ready(NEW, 1), null, T0);
    for (int minute = 1; minute < 5; minute++)
      assertThat(pass(running, NEW, spec, 4, null, ready(NEW, 1), null, T0.plusSeconds(60L * minute))).isEqualTo(running);
  }

  @ParameterizedTest(name = "{0}% of {1} replicas -> {2}")
  @CsvSource({"10,4,1", "25,4,1", "50,4,2", "60,4,3", "99,4,4", "100,4,4", "100,1,1", "10,0,0", "50,3,2"})
  void theNewRevisionRunsItsShareOfTheReplicas(int weight, int replicas, int expected) {
    assertThat(Rollouts.canaryReplicas(weight, replicas)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} calls, {1} errors, {2} throttled -> {3}")
  @CsvSource({"19,0,0,", "20,0,0,Passed", "20,2,0,Failed", "20,1,0,Passed", "100,0,11,Failed", "100,0,10,Passed"})
  void aCheckNeedsItsCallsAndStaysWithinEveryLimit(int calls, int errors, int throttled, String expected) {
    RolloutAnalysis analysis = new RolloutAnalysis();
    analysis.setMaxErrorPercent(5);
    analysis.setMaxThrottledPercent(10);
    assertThat(Analysis.check(analysis, 0, new RevisionCounts(calls, errors, throttled, new TreeMap<>())).map(StepAnalysis::getResult))
        .isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void aGatewayRestartStartsTheWindowAgain() {
    RevisionCounts before = new RevisionCounts(50, 1, 0, new TreeMap<>());
    assertThat(new RevisionCounts(10, 0, 0, new TreeMap<>()).since(before)).isNull();
    assertThat(new RevisionCounts(70, 2, 0, new TreeMap<>()).since(before).requests()).isEqualTo(20);
  }
}
