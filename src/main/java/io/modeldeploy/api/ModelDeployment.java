package io.modeldeploy.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Dedicated inference capacity for one model, billed by throughput, model units or tokens. */
@Group(ModelDeployment.GROUP)
@Version(ModelDeployment.VERSION)
@Kind("ModelDeployment")
@Plural("modeldeployments")
@ShortNames("mdep")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Model", jsonPath = ".spec.model")
@AdditionalPrinterColumn(name = "Billing", jsonPath = ".spec.billing.method")
@AdditionalPrinterColumn(name = "Units", jsonPath = ".status.units")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.ready")
@AdditionalPrinterColumn(name = "Cost/h", jsonPath = ".status.cost.hourly")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.conditions[?(@.type==\"Ready\")].message", priority = 1)
@AdditionalPrinterColumn(name = "Accrued", jsonPath = ".status.cost.accrued", priority = 1)
@AdditionalPrinterColumn(name = "Next", jsonPath = ".status.subscription.nextTransition", priority = 1)
@AdditionalPrinterColumn(name = "Next-At", jsonPath = ".status.subscription.nextTransitionAt", priority = 1)
@AdditionalPrinterColumn(name = "Rollout", jsonPath = ".status.rollout.phase", priority = 1)
@AdditionalPrinterColumn(name = "Step", jsonPath = ".status.rollout.step", priority = 1)
@io.fabric8.generator.annotation.ValidationRule(value = "!has(self.spec.overflow) || self.spec.overflow.to != self.metadata.name",
    message = "spec.overflow.to names this ModelDeployment itself: name another one in this namespace that serves what this one refuses")
public class ModelDeployment extends CustomResource<ModelDeploymentSpec, ModelDeploymentStatus> implements Namespaced {
  public static final String GROUP = "modeldeploy.io";
  public static final String VERSION = "v1alpha1";

  /** Required in the schema: a ModelDeployment says at least which model and how it is billed. */
  @Override
  @Required
  public ModelDeploymentSpec getSpec() { return super.getSpec(); }
}
