package io.modeldeploy.provider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.modeldeploy.provider.Observation;
import io.modeldeploy.provider.ProviderState;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadObserverTest {

  static Deployment deployment(int want, Integer observedGeneration, long generation, int have, int updated, int ready, String failure) {
    DeploymentBuilder b = new DeploymentBuilder().withNewMetadata().withName("d").withGeneration(generation).endMetadata()
        .withNewSpec().withReplicas(want).endSpec();
    if (observedGeneration == null) return b.build();
    var status = b.withNewStatus().withObservedGeneration(observedGeneration.longValue()).withReplicas(have)
        .withUpdatedReplicas(updated).withReadyReplicas(ready);
    if (failure != null)
      status.addToConditions(new DeploymentConditionBuilder().withType(failure.equals("Quota") ? "ReplicaFailure" : "Progressing")
          .withStatus(failure.equals("Quota") ? "True" : "False").withReason(failure.equals("Quota") ? "FailedCreate" : failure)
          .withMessage("it failed").build());
    return status.endStatus().build();
  }

  @ParameterizedTest(name = "{7}")
  @CsvSource(delimiter = '|', textBlock = """
      # want | observedGen | gen | have | updated | ready | failure                  | case                          | state
      2      |             | 1   | 0    | 0       | 0     |                          | no status yet                 | Pending
      2      | 1           | 1   | 2    | 2       | 1     |                          | one of two ready              | Progressing
      2      | 1           | 1   | 2    | 2       | 2     |                          | all ready                     | Ready
      3      | 1           | 2   | 2    | 2       | 2     |                          | new generation not yet seen   | Progressing
      3      | 2           | 2   | 4    | 1       | 3     |                          | surge during rollout          | Progressing
      2      | 1           | 1   | 2    | 0       | 0     | ProgressDeadlineExceeded | deadline missed               | Failed
      2      | 1           | 1   | 0    | 0       | 0     | Quota                    | controller cannot create pods | Failed
      0      | 2           | 2   | 2    | 0       | 2     |                          | scaling to zero               | Stopping
      0      | 2           | 2   | 0    | 0       | 0     |                          | scaled to zero                | Stopped
      """)
  void readsTheDeploymentsOwnStatus(int want, Integer observed, long gen, int have, int updated, int ready, String failure,
      String description, ProviderState state) {
    Observation o = WorkloadObserver.observe(List.of(deployment(want, observed, gen, have, updated, ready, failure)), List.of(),
        "sel", "http://e/v1", "m");
    assertThat(o.state()).as(description).isEqualTo(state);
    assertThat(o.endpoint()).isEqualTo(state == ProviderState.Ready ? "http://e/v1" : null);
  }

  @Test
  void noDeploymentIsNotFound() {
    assertThat(WorkloadObserver.observe(List.of(), List.of(), "sel", "e", "m").state()).isEqualTo(ProviderState.NotFound);
  }

  @Test
  void podProblemsExplainAStuckRollout() {
    Pod pulling = new PodBuilder().withNewMetadata().withName("p1").endMetadata().withNewStatus()
        .addNewContainerStatus().withName("c").withNewState().withNewWaiting().withReason("ImagePullBackOff")
        .withMessage("Back-off pulling image \"vllm:typo\"").endWaiting().endState().endContainerStatus().endStatus().build();
    Observation stuck = WorkloadObserver.observe(List.of(deployment(1, 1, 1, 1, 1, 0, null)), List.of(pulling), "s", "e", "m");
    assertThat(stuck.state()).isEqualTo(ProviderState.Progressing);
    assertThat(stuck.reason()).isEqualTo("ImagePullBackOff");
    assertThat(stuck.message()).isEqualTo("pod p1: Back-off pulling image \"vllm:typo\"");
    Observation failed = WorkloadObserver.observe(List.of(deployment(1, 1, 1, 1, 1, 0, "ProgressDeadlineExceeded")), List.of(pulling), "s", "e", "m");
    assertThat(failed.state()).isEqualTo(ProviderState.Failed);
    assertThat(failed.reason()).as("the underlying reason, not the deadline").isEqualTo("ImagePullBackOff");
  }

  @Test
  void prefillAndDecodeCountAsOne() {
    Deployment ready = deployment(1, 1, 1, 1, 1, 1, null);
    Deployment unseen = deployment(1, null, 1, 0, 0, 0, null);
    Deployment failed = deployment(1, 1, 1, 1, 0, 0, "ProgressDeadlineExceeded");
    assertThat(WorkloadObserver.observe(List.of(ready, ready), List.of(), "s", "e", "m").state()).isEqualTo(ProviderState.Ready);
    assertThat(WorkloadObserver.observe(List.of(ready, unseen), List.of(), "s", "e", "m").state()).isEqualTo(ProviderState.Progressing);
    assertThat(WorkloadObserver.observe(List.of(unseen, unseen), List.of(), "s", "e", "m").state()).isEqualTo(ProviderState.Pending);
    assertThat(WorkloadObserver.observe(List.of(ready, failed), List.of(), "s", "e", "m").state()).isEqualTo(ProviderState.Failed);
  }
}
