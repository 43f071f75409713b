package io.modeldeploy.provider.modelstudio;

import static org.assertj.core.api.Assertions.assertThat;

import io.modeldeploy.api.Phase;
import io.modeldeploy.lifecycle.Lifecycle;
import io.modeldeploy.provider.ProviderState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every documented vendor status (both API pages), as the lifecycle reads it (first rollout, and after having served). */
class VendorStatusTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      # vendor status                      | provider state | phase on first rollout | phase after Running  | transitional
      WAIT_TO_DEPLOY                       | Pending        | Pending                | Resizing             | true
      WAIT_PRE_PAID_BILLING_TO_DEPLOYING   | Pending        | Pending                | Resizing             | true
      PENDING                              | Progressing    | Deploying              | Resizing             | true
      STARTING                             | Progressing    | Deploying              | Resizing             | true
      RUNNING                              | Ready          | Running                | Running              | false
      UPDATING                             | Progressing    | Deploying              | Resizing             | true
      SCALING                              | Progressing    | Deploying              | Resizing             | true
      WAIT_PRE_PAID_BILLING_TO_SCALING     | Progressing    | Deploying              | Resizing             | true
      UPDATING_FAILED                      | Failed         | DeploymentFailed       | ResizeFailed         | false
      FAILED                               | Failed         | DeploymentFailed       | ResizeFailed         | false
      OFFLINING                            | Stopping       | TakingOffline          | TakingOffline        | true
      STOPPING                             | Stopping       | TakingOffline          | TakingOffline        | true
      SUSPENDING                           | Stopping       | TakingOffline          | TakingOffline        | true
      STOPPED                              | Stopped        | Stopped                | Stopped              | false
      SUSPENDED                            | Stopped        | Stopped                | Stopped              | false
      DELETING                             | Deleting       | Deleting               | Deleting             | true
      DELETED                              | NotFound       | Pending                | Pending              | false
      ARREARS_DOWN                         | Overdue        | Suspended              | Suspended            | false
      ARREARS_RECOVERING                   | Restoring      | Restoring              | Restoring            | true
      RECOVERING                           | Restoring      | Restoring              | Restoring            | true
      """)
  void mapsEveryDocumentedStatus(String vendor, ProviderState state, Phase first, Phase afterRunning, boolean transitional) {
    assertThat(VendorStatus.state(vendor)).contains(state);
    assertThat(Lifecycle.phase(state, Phase.Pending)).isEqualTo(first);
    assertThat(Lifecycle.phase(state, Phase.Running)).isEqualTo(afterRunning);
    assertThat(VendorStatus.isTransitional(vendor)).isEqualTo(transitional);
  }

  /** Not guessed at: no state (the provider shows it as written and keeps the phase), and looked at again soon. */
  @Test
  void anUndocumentedOrMissingStatusHasNoState() {
    assertThat(VendorStatus.state("SOMETHING_NEW")).isEmpty();
    assertThat(VendorStatus.state(null)).isEmpty();
    assertThat(VendorStatus.isTransitional("SOMETHING_NEW")).isTrue();
    assertThat(VendorStatus.isTransitional(null)).isTrue();
  }

  @Test
  void stoppedAndDeletedIsReleased() {
    assertThat(released("STOPPED", true)).isTrue();
    assertThat(released("STOPPED", false)).isFalse();
    assertThat(released("STOPPED", null)).isFalse();
    assertThat(released("DELETED", null)).isTrue();
  }

  private static boolean released(String status, Boolean deleted) {
    return new RemoteDeployment("m", null, null, status, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, deleted, null, null, null).released();
  }
}
