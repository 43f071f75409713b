package io.modeldeploy.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A prepaid balance that the pay-as-you-go deployments of a namespace draw on. */
@Group(ModelDeployment.GROUP)
@Version(ModelDeployment.VERSION)
@Kind("BillingAccount")
@Plural("billingaccounts")
@ShortNames("mdba")
@AdditionalPrinterColumn(name = "Balance", jsonPath = ".spec.balance")
@AdditionalPrinterColumn(name = "Spent", jsonPath = ".status.spent")
@AdditionalPrinterColumn(name = "Remaining", jsonPath = ".status.remaining")
@AdditionalPrinterColumn(name = "Overdue-Since", jsonPath = ".status.overdueSince")
public class BillingAccount extends CustomResource<BillingAccountSpec, BillingAccountStatus> implements Namespaced {}
