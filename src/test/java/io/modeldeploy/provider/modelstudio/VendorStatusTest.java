package io.modeldeploy.provider.modelstudio;

import static org.assertj.core.api.Assertions.assertThat;

import io.modeldeploy.api.Phase;
import io.modeldeploy.lifecycle.Lifecycle;
import io.modeldeploy.provider.ProviderState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every vendor status, as the lifecycle reads it (first rollout, and after having served). */
class VendorStatusTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      # vendor status      | provider state | phase on first rollout | phase after Running  | transitional
      PENDING              | Progressing    | Deploying              | Resizing             | true
      RUNNING              | Ready          | Running                | Running              | false
      UPDATING             | Progressing    | Deploying              | Resizing             | true
      UPDATING_FAILED      | Failed         | DeploymentFailed       | ResizeFailed         | false
      FAILED               | Failed         | DeploymentFailed       | ResizeFailed         | false
      OFFLINING            | Stopping       | TakingOffline          | TakingOffline        | true
      STOPPED              | Stopped        | Stopped                | Stopped              | false
      DELETING             | Deleting       | Deleting               | Deleting             | true
      DELETED              | NotFound       | Pending                | Pending              | false
      ARREARS_DOWN         | Overdue        | Suspended              | Suspended            | false
      ARREARS_RECOVERING   | Restoring      | Restoring              | Restoring            | true
      SOMETHING_NEW        | Progressing    | Deploying              | Resizing             | true
      """)
  void mapsEveryStatus(String vendor, ProviderState state, Phase first, Phase afterRunning, boolean transitional) {
    assertThat(VendorStatus.state(vendor)).isEqualTo(state);
    assertThat(Lifecycle.phase(state, Phase.Pending)).isEqualTo(first);
    assertThat(Lifecycle.phase(state, Phase.Running)).isEqualTo(afterRunning);
    assertThat(VendorStatus.isTransitional(vendor)).isEqualTo(transitional);
  }

  /** An answer without a status (regression: an immutable map's getOrDefault(null) threw). */
  @Test
  void aMissingStatusReadsAsInProgress() {
    assertThat(VendorStatus.state(null)).isEqualTo(ProviderState.Progressing);
    assertThat(VendorStatus.isTransitional(null)).isTrue();
  }
}
