package io.modeldeploy.provider.modelstudio;

import io.modeldeploy.api.BillingMethod;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.catalog.CatalogFile;
import io.modeldeploy.catalog.PriceCatalog;
import io.modeldeploy.provider.DesiredDeployment;
import io.modeldeploy.validation.SpecError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * What the vendor offers this workspace (GET /deployments/models), read once per refresh interval
 * per API key, and checked before a vendor deployment is made: a model or template the workspace
 * cannot deploy is refused with what it can, instead of a create the vendor refuses. Offers are
 * pairs "model plan" and, for model units, "model mu template". When the list cannot be read the
 * create goes ahead (the vendor still refuses what it does not offer), and a fine-tuned model the
 * list does not name is not refused (the list is of preset models; fine-tuned ones are the workspace's own).
 */
final class VendorOffers {

  private static final Logger LOG = Logger.getLogger(VendorOffers.class);

  private record Read(Set<String> offers, long readAtNanos) {}

  private final ModelStudioClient client;
  private final Duration refresh;
  private final Map<String, Read> byKey = new ConcurrentHashMap<>();
  /** Offers of the catalog the vendor does not list, and the reverse, as of the last read. */
  private volatile Set<String> catalogOnly = Set.of();
  private volatile Set<String> vendorOnly = Set.of();

  VendorOffers(ModelStudioClient client, Duration refresh) {
    this.client = client;
    this.refresh = refresh;
  }

  /** Why the vendor would not deploy this spec in this workspace; empty when it would (or cannot be told). */
  Optional<SpecError> notOffered(String key, ModelDeployment resource, DesiredDeployment desired, PriceCatalog catalog) {
    Optional<Set<String>> offers = offers(key, catalog);
    if (offers.isEmpty()) return Optional.empty();
    String model = resource.getSpec().getModel();
    BillingMethod method = resource.getSpec().getBilling().getMethod();
    Set<String> ofModel = offers.get().stream().filter(o -> o.startsWith(model + " ")).collect(Collectors.toCollection(TreeSet::new));
    if (ofModel.isEmpty() && resource.getSpec().getBaseModel() != null) return Optional.empty();
    String plan = RemoteRequests.plan(method);
    String wanted = method == BillingMethod.ModelUnit ? model + " mu " + RemoteRequests.deploySpec(desired) : model + " " + plan;
    if (ofModel.contains(wanted) || (method == BillingMethod.ProvisionedThroughput && ofModel.contains(model + " ptu_v2"))) return Optional.empty();
    String offered = ofModel.isEmpty() ? "nothing of " + model
        : ofModel.stream().map(o -> o.substring(model.length() + 1)).collect(Collectors.joining(", "));
    return Optional.of(new SpecError(method == BillingMethod.ModelUnit ? "spec.modelUnit" : "spec.model", "NotDeployableOnVendor",
        "the vendor does not offer " + wanted.substring(model.length() + 1) + " of " + model + " to this workspace (its"
            + " /deployments/models lists " + offered + "); grant the workspace the model on the Model Studio Workspaces page,"
            + " or choose what it offers"));
  }

  int catalogOnly() { return catalogOnly.size(); }

  int vendorOnly() { return vendorOnly.size(); }

  private Optional<Set<String>> offers(String key, PriceCatalog catalog) {
    long now = System.nanoTime();
    Read last = byKey.get(key);
    if (last != null && now - last.readAtNanos() < refresh.toNanos()) return Optional.of(last.offers());
    try {
      Set<String> offers = offers(client.deployableModels(key));
      byKey.put(key, new Read(offers, now));
      compare(offers, catalog);
      return Optional.of(offers);
    } catch (VendorException e) {
      // Not worth failing a deployment over: the create is the vendor's own check. Asked again on the next create.
      LOG.debugf("the vendor's deployable models could not be read: %s", e.getMessage());
      return last == null ? Optional.empty() : Optional.of(last.offers());
    }
  }

  static Set<String> offers(List<DeployableModel> models) {
    Set<String> offers = new TreeSet<>();
    for (DeployableModel m : models) {
      if (m.modelName() == null) continue;
      if (m.supportedPlans() != null) m.supportedPlans().forEach(p -> offers.add(m.modelName() + " " + p));
      if (m.plans() == null) continue;
      for (DeployableModel.Plan plan : m.plans()) {
        if (plan.plan() == null) continue;
        offers.add(m.modelName() + " " + plan.plan());
        if (plan.templates() != null) plan.templates().forEach(t -> offers.add(m.modelName() + " " + plan.plan() + " " + t.id()));
      }
    }
    return offers;
  }

  /** The catalog's vendor offers: model-unit templates and provisioned throughput (what the list names alike). */
  static Set<String> catalogOffers(CatalogFile catalog) {
    Set<String> offers = new TreeSet<>();
    catalog.modelUnits().forEach(m -> m.specs().forEach(s -> offers.add(m.model() + " mu " + s.type()
        + (s.effectiveMode() == io.modeldeploy.api.ModelUnitMode.PDSeparated ? "-PD" : ""))));
    catalog.provisionedThroughput().forEach(m -> offers.add(m.model() + " ptu"));
    return offers;
  }

  private void compare(Set<String> vendor, PriceCatalog catalog) {
    Set<String> ours = catalogOffers(catalog.file());
    Set<String> theirs = vendor.stream().filter(o -> o.contains(" mu ") || o.endsWith(" ptu"))
        .collect(Collectors.toCollection(TreeSet::new));
    vendor.stream().filter(o -> o.endsWith(" ptu_v2")).forEach(o -> theirs.add(o.substring(0, o.length() - 3)));
    catalogOnly = ours.stream().filter(o -> !theirs.contains(o)).collect(Collectors.toUnmodifiableSet());
    vendorOnly = theirs.stream().filter(o -> !ours.contains(o)).collect(Collectors.toUnmodifiableSet());
  }
}
