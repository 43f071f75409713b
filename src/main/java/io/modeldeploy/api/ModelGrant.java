package io.modeldeploy.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A namespace's deployment privileges, as the vendor grants a workspace the privilege to deploy a
 * model: which models, by which billing methods, how large. One per namespace, named "workspace";
 * written by cluster administrators only (the modeldeploy-billing-admin role). Without it nothing may
 * be deployed in the namespace (where the chart's privileges.enforce is on).
 */
@Group(ModelDeployment.GROUP)
@Version(ModelDeployment.VERSION)
@Kind("ModelGrant")
@Plural("modelgrants")
@ShortNames("mdgrant")
@AdditionalPrinterColumn(name = "Models", jsonPath = ".spec.models[*].model")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(value = "self.metadata.name == '" + ModelGrant.NAME + "'",
    message = "a namespace has one ModelGrant, named " + ModelGrant.NAME + ": list every model it may deploy in it")
public class ModelGrant extends CustomResource<ModelGrantSpec, Void> implements Namespaced {

  /** The one name a grant has, so the admission policy finds it by name in the request's namespace. */
  public static final String NAME = "workspace";

  @Override
  @Required
  public ModelGrantSpec getSpec() { return super.getSpec(); }
}
