package io.modeldeploy.bench;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;

/** The fastest a reconciler on this stack can be: no work, one status write saying Running. */
@ControllerConfiguration(name = "ceiling")
final class CeilingReconciler implements Reconciler<ModelDeployment> {

  @Override
  public UpdateControl<ModelDeployment> reconcile(ModelDeployment resource, Context<ModelDeployment> context) {
    if (resource.getStatus() != null && resource.getStatus().getPhase() == Phase.Running) return UpdateControl.noUpdate();
    ModelDeploymentStatus status = new ModelDeploymentStatus();
    status.setPhase(Phase.Running);
    status.setObservedGeneration(resource.getMetadata().getGeneration());
    resource.setStatus(status);
    return UpdateControl.patchStatus(resource);
  }
}
