package io.modeldeploy.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every transition of the state machine, and the conditions each phase carries. */
class LifecycleTest {

  static final Instant T0 = Instant.parse("2026-11-27T04:00:00Z");
  static final Instant T1 = Instant.parse("2026-11-27T05:00:00Z");

  static Observation seen(ProviderState state, int desired, int ready, String reason, String message) {
    return new Observation(state, desired, desired, ready, "sel", state == ProviderState.Ready ? "http://x/v1" : null, "m", reason, message);
  }

  static ModelDeploymentStatus step(ModelDeploymentStatus previous, List<SpecError> errors, Observation seen, Instant now) {
    CostStatus cost = new CostStatus();
    cost.setHourly("216.00");
    cost.setCatalogVersion("v1");
    return Lifecycle.next(new Lifecycle.Input(3, previous, errors, seen, cost, "MU1 x 2", null, null, 2, false, false, now, ProviderType.Kubernetes));
  }

  static ModelDeploymentStatus at(Phase phase) {
    ModelDeploymentStatus s = new ModelDeploymentStatus();
    s.setPhase(phase);
    return s;
  }

  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # previous phase   | provider state | next phase        | why
                         | NotFound       | Pending           | accepted, nothing created yet
                         | Pending        | Pending           | created, its controller has not started it
      Pending            | Progressing    | Deploying         | first rollout under way
      Deploying          | Ready          | Running           | every replica ready
      Running            | Progressing    | Resizing          | a change of replicas or units while serving
      Running            | Pending        | Resizing          | the controller has not seen the change yet
      Resizing           | Ready          | Running           | the resize completed
      Resizing           | Failed         | ResizeFailed      | the resize missed its deadline; old capacity serves
      ResizeFailed       | Failed         | ResizeFailed      | stays until the next change
      ResizeFailed       | Progressing    | Resizing          | the next change clears it
      Deploying          | Failed         | DeploymentFailed  | the first rollout failed
      DeploymentFailed   | Progressing    | Deploying         | a fixed spec deploys again
      Running            | Stopping       | TakingOffline     | suspend: replicas going away
      TakingOffline      | Stopped        | Stopped           | suspended: nothing serving
      Stopped            | Progressing    | Deploying         | resumed
      Running            | Overdue        | Suspended         | vendor released it (account overdue)
      Suspended          | Restoring      | Restoring         | vendor restores it
      Restoring          | Ready          | Running           | restored
      ServiceSuspended   | Progressing    | Restoring         | a renewed term brings a stopped service back
      Restoring          | Progressing    | Restoring         | until every replica is ready
      Suspended          | Progressing    | Deploying         | a term renewed after release deploys anew
      Running            | Deleting       | Deleting          | vendor deleting it
      """)
  void transitions(Phase previous, ProviderState state, Phase next, String why) {
    assertThat(Lifecycle.phase(state, previous)).as(why).isEqualTo(next);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      # phase via state | ready | Ready | Reconciling | Stalled
      Pending           | 0     | False | True        | False
      Progressing       | 1     | False | True        | False
      Ready             | 2     | True  | False       | False
      Failed            | 0     | False | False       | True
      Stopping          | 1     | False | True        | False
      Stopped           | 0     | False | False       | False
      Overdue           | 0     | False | False       | False
      Restoring         | 0     | False | True        | False
      """)
  void conditionsOfEachPhaseFromAFreshStart(ProviderState state, int ready, String readyStatus, String reconciling, String stalled) {
    ModelDeploymentStatus s = step(null, List.of(), seen(state, 2, ready, null, null), T0);
    assertThat(status(s, "Accepted")).isEqualTo("True");
    assertThat(status(s, "Ready")).isEqualTo(readyStatus);
    assertThat(status(s, "Reconciling")).isEqualTo(reconciling);
    assertThat(status(s, "Stalled")).isEqualTo(stalled);
    assertThat(s.getConditions()).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(3L));
    assertThat(s.getObservedGeneration()).isEqualTo(3L);
  }

  @Test
  void aResizeThatFailsKeepsServingAndIsStalled() {
    ModelDeploymentStatus s = step(at(Phase.Resizing), List.of(), seen(ProviderState.Failed, 3, 2, "ProgressDeadlineExceeded", "timed out"), T0);
    assertThat(s.getPhase()).isEqualTo(Phase.ResizeFailed);
    assertThat(status(s, "Ready")).isEqualTo("True");
    assertThat(condition(s, "Stalled").getReason()).isEqualTo("ProgressDeadlineExceeded");
    assertThat(condition(s, "Stalled").getMessage()).isEqualTo("the resize failed and the previous capacity keeps serving: timed out");
    assertThat(s.getReady()).isEqualTo("2/3");
  }

  @Test
  void lastTransitionTimeMovesOnlyWhenTheStatusMoves() {
    ModelDeploymentStatus deploying = step(null, List.of(), seen(ProviderState.Progressing, 2, 1, null, null), T0);
    ModelDeploymentStatus stillDeploying = step(deploying, List.of(), seen(ProviderState.Progressing, 2, 1, null, null), T1);
    assertThat(stillDeploying).isEqualTo(deploying);
    ModelDeploymentStatus running = step(stillDeploying, List.of(), seen(ProviderState.Ready, 2, 2, null, null), T1);
    assertThat(condition(running, "Ready").getLastTransitionTime()).isEqualTo("2026-11-27T05:00:00Z");
    assertThat(condition(running, "Accepted").getLastTransitionTime()).isEqualTo("2026-11-27T04:00:00Z");
    assertThat(condition(running, "Stalled").getLastTransitionTime()).isEqualTo("2026-11-27T04:00:00Z");
  }

  @Test
  void aRejectedSpecKeepsWhatRunsAndTheLastAcceptedCost() {
    ModelDeploymentStatus running = step(null, List.of(), seen(ProviderState.Ready, 2, 2, null, null), T0);
    ModelDeploymentStatus rejected = Lifecycle.next(new Lifecycle.Input(4, running,
        List.of(new SpecError("spec.modelUnit", "UnitSpecNotOffered", "qwen3-8b does not offer MU1 x 8")),
        seen(ProviderState.Ready, 2, 2, null, null), null, "MU1 x 8", null, null, 0, false, false, T1, ProviderType.Kubernetes));
    assertThat(rejected.getPhase()).isEqualTo(Phase.Running);
    assertThat(rejected.getCost().getHourly()).isEqualTo("216.00");
    assertThat(rejected.getUnits()).isEqualTo("MU1 x 2");
    assertThat(condition(rejected, "Accepted").getStatus()).isEqualTo("False");
    assertThat(condition(rejected, "Accepted").getReason()).isEqualTo("UnitSpecNotOffered");
    assertThat(condition(rejected, "Accepted").getMessage())
        .isEqualTo("the spec was rejected and the last accepted one keeps running: spec.modelUnit: qwen3-8b does not offer MU1 x 8");
    assertThat(condition(rejected, "Stalled").getReason()).isEqualTo("UnitSpecNotOffered");
    assertThat(status(rejected, "Ready")).isEqualTo("True");
    assertThat(rejected.getObservedGeneration()).isEqualTo(4L);
  }

  @Test
  void aProviderThatDoesNotAnswerChangesNothingButSaysSo() {
    var noAnswer = new Observation(ProviderState.Unavailable, 0, 0, 0, null, null, null, "VendorThrottling", "429")
        .withRecheck(java.time.Duration.ofSeconds(1), List.of(new Observation.ProviderCondition("ProviderReachable", false,
            "VendorThrottling", "the vendor's API did not serve the request")));
    ModelDeploymentStatus first = step(null, List.of(), noAnswer, T0);
    assertThat(first.getPhase()).isEqualTo(Phase.Pending);
    assertThat(first.getObservedGeneration()).as("nothing was acted on").isNull();
    assertThat(condition(first, "ProviderReachable").getReason()).isEqualTo("VendorThrottling");
    ModelDeploymentStatus running = step(null, List.of(), seen(ProviderState.Ready, 2, 2, null, null), T0);
    ModelDeploymentStatus later = step(running, List.of(), noAnswer, T1);
    assertThat(later.getPhase()).isEqualTo(Phase.Running);
    assertThat(later.getReady()).isEqualTo("2/2");
    assertThat(later.getEndpoint()).isEqualTo("http://x/v1");
    assertThat(status(later, "Ready")).isEqualTo("True");
  }

  /** Regression (provider switch orphaned a billed deployment): the first accepted reconcile records where it runs. */
  @Test
  void theProviderIsRecordedOnceAcceptedAndKept() {
    ModelDeploymentStatus rejected = Lifecycle.next(new Lifecycle.Input(1, null,
        List.of(new SpecError("spec.model", "UnknownModel", "no such model")), seen(ProviderState.NotFound, 0, 0, null, null),
        null, null, null, null, 0, false, false, T0, ProviderType.ModelStudio));
    assertThat(rejected.getProvider()).as("nothing accepted, nothing recorded").isNull();
    ModelDeploymentStatus first = step(rejected, List.of(), seen(ProviderState.Pending, 2, 0, null, null), T0);
    assertThat(first.getProvider()).isEqualTo(ProviderType.Kubernetes);
    ModelDeploymentStatus later = Lifecycle.next(new Lifecycle.Input(2, first, List.of(), seen(ProviderState.Ready, 2, 2, null, null),
        first.getCost(), "MU1 x 2", null, null, 2, false, false, T1, ProviderType.ModelStudio));
    assertThat(later.getProvider()).isEqualTo(ProviderType.Kubernetes);
  }

  /** Regression: the conditions' observedGeneration moved on while status.observedGeneration did not. */
  @Test
  void whileTheProviderDoesNotAnswerNoGenerationMovesOn() {
    var noAnswer = new Observation(ProviderState.Unavailable, 0, 0, 0, null, null, null, "VendorThrottling", "429");
    ModelDeploymentStatus running = step(null, List.of(), seen(ProviderState.Ready, 2, 2, null, null), T0);
    ModelDeploymentStatus edited = Lifecycle.next(new Lifecycle.Input(4, running, List.of(), noAnswer, running.getCost(),
        "MU1 x 2", null, null, 2, false, false, T1, ProviderType.Kubernetes));
    assertThat(edited.getObservedGeneration()).isEqualTo(3L);
    assertThat(edited.getConditions()).extracting(Condition::getObservedGeneration).containsOnly(3L);
    ModelDeploymentStatus first = step(null, List.of(), noAnswer, T0);
    assertThat(first.getConditions()).extracting(Condition::getObservedGeneration).containsOnlyNulls();
  }

  @Test
  void deletingKeepsWhatStatusSaidAndIsInProgress() {
    ModelDeploymentStatus running = step(null, List.of(), seen(ProviderState.Ready, 2, 2, null, null), T0);
    ModelDeploymentStatus s = Lifecycle.deleting(running, 3, T1);
    assertThat(s.getPhase()).isEqualTo(Phase.Deleting);
    assertThat(status(s, "Reconciling")).isEqualTo("True");
    assertThat(condition(s, "Reconciling").getReason()).isEqualTo("Deleting");
    assertThat(status(s, "Ready")).isEqualTo("False");
    assertThat(s.getCost()).isEqualTo(running.getCost());
    assertThat(s.getReady()).isEqualTo("2/2");
  }

  @Test
  void otherWritersConditionsAreKept() {
    ModelDeploymentStatus previous = at(Phase.Running);
    previous.setConditions(List.of(new io.fabric8.kubernetes.api.model.ConditionBuilder().withType("example.com/Audited")
        .withStatus("True").withReason("Done").withMessage("").withLastTransitionTime("2026-01-01T00:00:00Z").build()));
    ModelDeploymentStatus s = step(previous, List.of(), seen(ProviderState.Ready, 2, 2, null, null), T0);
    assertThat(s.getConditions()).extracting(Condition::getType)
        .containsExactly("Accepted", "Ready", "Reconciling", "Stalled", "example.com/Audited");
  }

  static Condition condition(ModelDeploymentStatus s, String type) { return Conditions.find(s.getConditions(), type).orElseThrow(); }

  static String status(ModelDeploymentStatus s, String type) { return condition(s, type).getStatus(); }
}
