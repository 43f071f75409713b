package io.modeldeploy.provider.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.modeldeploy.api.BillingMethod;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ProviderType;
import io.modeldeploy.api.RevisionStatus;
import io.modeldeploy.config.OperatorConfig;
import io.modeldeploy.provider.DesiredDeployment;
import io.modeldeploy.provider.LeanCache;
import io.modeldeploy.provider.ModelProvider;
import io.modeldeploy.provider.Observation;
import io.modeldeploy.provider.Observation.ProviderCondition;
import io.modeldeploy.validation.SpecError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Runs ModelUnit deployments on the cluster's own GPUs: a Deployment (two in PD mode), a Service, a PDB. */
@ApplicationScoped
public class KubernetesProvider implements ModelProvider {

  static final String FORBIDDEN = "Forbidden";
  static final String INSTANCE_LABEL = "app.kubernetes.io/instance";

  private final OperatorConfig.Kubernetes config;
  private final Workloads workloads;
  private final Map<WorkloadRole, WorkloadDependent<Deployment>> deployments = new EnumMap<>(WorkloadRole.class);
  private final WorkloadDependent<Service> service;
  private final WorkloadDependent<PodDisruptionBudget> disruptionBudget;

  @Inject
  public KubernetesProvider(OperatorConfig config) {
    this.config = config.kubernetes();
    this.workloads = new Workloads(this.config);
    for (WorkloadRole role : WorkloadRole.values())
      deployments.put(role, new WorkloadDependent<>(Deployment.class, "deployment" + role.suffix, d -> workloads.deployment(d, role)));
    this.service = new WorkloadDependent<>(Service.class, "service", workloads::service);
    this.disruptionBudget = new WorkloadDependent<>(PodDisruptionBudget.class, "pdb", workloads::disruptionBudget);
  }

  @Override
  public ProviderType type() { return ProviderType.Kubernetes; }

  @Override
  public List<SpecError> check(ModelDeployment resource) {
    var spec = resource.getSpec();
    if (spec.getBilling().getMethod() != BillingMethod.ModelUnit)
      return List.of(new SpecError("spec.provider", "MethodNotSupportedByProvider",
          "the Kubernetes provider runs ModelUnit deployments on the cluster's GPUs; " + spec.getBilling().getMethod()
              + " is offered by the ModelStudio provider: set spec.provider to ModelStudio"));
    List<SpecError> errors = new ArrayList<>();
    if (!config.modelSources().containsKey(spec.getModel()))
      errors.add(new SpecError("spec.model", "ModelSourceNotMapped",
          "the Kubernetes provider has no model source for " + spec.getModel()
              + "; map it in the operator's configuration (modeldeploy.kubernetes.model-sources.\"" + spec.getModel()
              + "\", Helm value kubernetes.modelSources) to a Hugging Face id or a mounted path"));
    if (!config.unitTypes().containsKey(spec.getModelUnit().getType()))
      errors.add(new SpecError("spec.modelUnit.type", "UnitTypeNotMapped",
          "the Kubernetes provider does not know what GPUs a " + spec.getModelUnit().getType() + " is; configured types: "
              + String.join(", ", config.unitTypes().keySet().stream().sorted().toList())));
    return errors;
  }

  /**
   * A request the API server refused (a rule missing from the operator's ClusterRole) is reported in
   * status and an Event by the ProviderReachable condition, naming the verb and resource as the API
   * server does, and tried again after a while: a granted rule sends no event to wake the reconciler.
   */
  @Override
  public Observation ensure(DesiredDeployment desired, ModelDeployment resource, Context<ModelDeployment> context) {
    try {
      Observation seen = apply(desired, resource, context);
      return seen.withRecheck(seen.recheckAfter(), List.of(ProviderCondition.reachable("the API server serves the operator's requests")));
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN) throw e;
      String refusal = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
      return Observation.unavailable(FORBIDDEN, "the API server refused the operator: " + refusal
          + " (the operator needs every rule of the Helm chart's ClusterRole)", config.permissionRecheck());
    }
  }

  private Observation apply(DesiredDeployment desired, ModelDeployment resource, Context<ModelDeployment> context) {
    context.managedWorkflowAndDependentResourceContext().put(DesiredDeployment.class, desired);
    List<Deployment> current = new ArrayList<>();
    // A revision's mode is fixed (a mode change is a new revision): only its own roles are applied.
    for (WorkloadRole role : Workloads.roles(desired.mode()))
      current.add(deployments.get(role).reconcile(resource, context).getSingleResource().orElse(null));
    service.reconcile(resource, context);
    // The disruption budget protects the serving capacity: the stable revision's.
    if (!desired.canary()) {
      if (desired.replicas() > 1) disruptionBudget.reconcile(resource, context);
      else disruptionBudget.delete(resource, context);
    }
    return WorkloadObserver.observe(current, pods(context, desired.workload()), desired.selector(), workloads.endpoint(desired),
        desired.model());
  }

  /** What runs for the stable revision (the one status names), without changing anything. */
  @Override
  public Observation observe(ModelDeployment resource, Context<ModelDeployment> context) {
    DesiredDeployment desired = DesiredDeployment.of(resource);
    var stable = resource.getStatus() == null || resource.getStatus().getRollout() == null ? null
        : resource.getStatus().getRollout().getStable();
    if (stable != null && stable.getWorkload() != null) desired = desired.forRevision(stable, false, desired.replicas());
    String workload = desired.workload();
    List<Deployment> current = revisionDeployments(resource, context).filter(d -> workload.equals(instance(d))).toList();
    String served = current.stream().findFirst().map(Workloads::servedModel).orElse(null);
    return WorkloadObserver.observe(current, pods(context, workload), desired.selector(), workloads.endpoint(desired), served);
  }

  /**
   * Every revision's workloads but those kept are deleted (an old stable revision after a promotion,
   * an aborted or replaced new one), and the new revision's Service when none runs: seen in the
   * informers' caches, so what a lost status write left behind goes too.
   */
  @Override
  public boolean retainOnly(List<DesiredDeployment> kept, List<RevisionStatus> retiring, ModelDeployment resource,
      Context<ModelDeployment> context) {
    Set<String> workloadsKept = kept.stream().map(DesiredDeployment::workload).collect(java.util.stream.Collectors.toSet());
    List<HasMetadata> stale = new ArrayList<>(revisionDeployments(resource, context)
        .filter(d -> !workloadsKept.contains(instance(d))).toList());
    // The new revision's Service goes once no status sends calls to it (after a promotion, the pass after the one that moved them).
    if (kept.stream().noneMatch(DesiredDeployment::canary) && !sentTo(resource, workloads.canaryEndpoint(resource)))
      context.getSecondaryResourcesAsStream(Service.class)
          .filter(svc -> Workloads.canaryServiceName(resource.getMetadata().getName()).equals(svc.getMetadata().getName()))
          .forEach(stale::add);
    stale.forEach(r -> context.getClient().resource(r).delete());
    return stale.isEmpty();
  }

  /** Whether status.traffic (what the gateways follow) sends calls to this endpoint. */
  private static boolean sentTo(ModelDeployment resource, String endpoint) {
    var traffic = resource.getStatus() == null ? null : resource.getStatus().getTraffic();
    return traffic != null && traffic.stream().anyMatch(t -> endpoint.equals(t.getEndpoint()));
  }

  private static Stream<Deployment> revisionDeployments(ModelDeployment resource, Context<ModelDeployment> context) {
    String name = resource.getMetadata().getName();
    return context.getSecondaryResourcesAsStream(Deployment.class)
        .filter(d -> d.getMetadata().getLabels() != null && name.equals(d.getMetadata().getLabels().get(DesiredDeployment.NAME_LABEL)));
  }

  private static String instance(HasMetadata workload) {
    return workload.getMetadata().getLabels() == null ? null : workload.getMetadata().getLabels().get(INSTANCE_LABEL);
  }

  /** Everything of every revision, found by the deployment's label (workloads) and names (Services, budget). */
  @Override
  public boolean delete(ModelDeployment resource, Context<ModelDeployment> context) {
    KubernetesClient client = context.getClient();
    String ns = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    List<HasMetadata> owned = new ArrayList<>(client.apps().deployments().inNamespace(ns)
        .withLabel(DesiredDeployment.NAME_LABEL, name).list().getItems());
    owned.add(client.services().inNamespace(ns).withName(name).get());
    owned.add(client.services().inNamespace(ns).withName(Workloads.canaryServiceName(name)).get());
    owned.add(client.policy().v1().podDisruptionBudget().inNamespace(ns).withName(name).get());
    List<HasMetadata> existing = owned.stream().filter(r -> r != null).toList();
    existing.forEach(r -> client.resource(r).delete());
    return existing.stream().allMatch(r -> client.resource(r).get() == null);
  }

  @Override
  public List<EventSource<?, ModelDeployment>> eventSources(EventSourceContext<ModelDeployment> context) {
    List<EventSource<?, ModelDeployment>> sources = new ArrayList<>();
    // One Deployment informer shared by the three roles.
    InformerEventSource<Deployment, ModelDeployment> deploymentInformer =
        deployments.get(WorkloadRole.SERVING).eventSource(context).orElseThrow();
    deployments.get(WorkloadRole.PREFILL).setEventSource(deploymentInformer);
    deployments.get(WorkloadRole.DECODE).setEventSource(deploymentInformer);
    sources.add(deploymentInformer);
    sources.add(service.eventSource(context).orElseThrow());
    sources.add(disruptionBudget.eventSource(context).orElseThrow());
    // Pods are owned by ReplicaSets, not by us: map them back by label, and only watch ours.
    sources.add(new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, ModelDeployment.class)
        .withName("pods")
        .withItemStore(LeanCache.withoutManagedFields())
        .withLabelSelector("app.kubernetes.io/managed-by=" + Workloads.MANAGED_BY)
        .withSecondaryToPrimaryMapper(pod -> {
          String owner = pod.getMetadata().getLabels().get(DesiredDeployment.NAME_LABEL);
          return owner == null ? Set.of() : Set.of(new ResourceID(owner, pod.getMetadata().getNamespace()));
        })
        .build(), context));
    return sources;
  }

  /** The pods of one revision: its workload name is their instance label. */
  private static List<Pod> pods(Context<ModelDeployment> context, String workload) {
    return context.getSecondaryResourcesAsStream(Pod.class).filter(p -> workload.equals(instance(p))).toList();
  }
}
