package io.modeldeploy.api;

import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.Comparator;
import java.util.List;

/**
 * Runs at build time (quarkus.operator-sdk.crd.post-processor): the CRD generator sorts printer
 * columns by JSONPath, which would put Age first in `kubectl get`; this puts them in reading order.
 */
public class PrinterColumnOrder implements CRDPostProcessor {

  static final List<String> ORDER = List.of("Phase", "Model", "Billing", "Units", "Ready", "Cost/h", "Balance", "Spent",
      "Remaining", "Overdue-Since", "Age", "Reason", "Message", "Accrued", "Next", "Next-At", "Rollout", "Step");

  @Override
  public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
    if (crd instanceof CustomResourceDefinition definition)
      definition.getSpec().getVersions().forEach(v -> {
        if (v.getAdditionalPrinterColumns() != null)
          v.getAdditionalPrinterColumns().sort(Comparator.comparingInt(PrinterColumnOrder::rank));
      });
    return crd;
  }

  private static int rank(CustomResourceColumnDefinition column) {
    int i = ORDER.indexOf(column.getName());
    return i < 0 ? ORDER.size() : i;
  }
}
