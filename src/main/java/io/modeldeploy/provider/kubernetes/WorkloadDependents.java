package io.modeldeploy.provider.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.provider.DesiredDeployment;

/**
 * JOSDK dependent resources for the objects of one ModelDeployment, used standalone: the provider
 * decides which apply (PD roles, a disruption budget only above one replica). Owner references
 * make them garbage-collected with the ModelDeployment and route their events to it.
 */
final class WorkloadDependents {

  private WorkloadDependents() {}

  static final class DeploymentDependent extends CRUDKubernetesDependentResource<Deployment, ModelDeployment> {
    private final WorkloadRole role;
    private final Workloads workloads;

    DeploymentDependent(WorkloadRole role, Workloads workloads) {
      super(Deployment.class, "deployment" + role.suffix);
      this.role = role;
      this.workloads = workloads;
    }

    @Override
    protected Deployment desired(ModelDeployment primary, Context<ModelDeployment> context) {
      return workloads.deployment(DesiredDeployment.of(primary), role);
    }

    @Override
    protected ResourceID targetSecondaryResourceID(ModelDeployment primary, Context<ModelDeployment> context) {
      return new ResourceID(Workloads.deploymentName(primary.getMetadata().getName(), role), primary.getMetadata().getNamespace());
    }
  }

  static final class ServiceDependent extends CRUDKubernetesDependentResource<Service, ModelDeployment> {
    private final Workloads workloads;

    ServiceDependent(Workloads workloads) {
      super(Service.class, "service");
      this.workloads = workloads;
    }

    @Override
    protected Service desired(ModelDeployment primary, Context<ModelDeployment> context) {
      return workloads.service(DesiredDeployment.of(primary));
    }
  }

  static final class DisruptionBudgetDependent extends CRUDKubernetesDependentResource<PodDisruptionBudget, ModelDeployment> {
    private final Workloads workloads;

    DisruptionBudgetDependent(Workloads workloads) {
      super(PodDisruptionBudget.class, "pdb");
      this.workloads = workloads;
    }

    @Override
    protected PodDisruptionBudget desired(ModelDeployment primary, Context<ModelDeployment> context) {
      return workloads.disruptionBudget(DesiredDeployment.of(primary));
    }
  }
}
