package io.modeldeploy.provider.modelstudio;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.modeldeploy.api.BillingMethod;
import io.modeldeploy.api.BillingPlan;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import io.modeldeploy.api.ProviderType;
import io.modeldeploy.api.VendorOperation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.modeldeploy.catalog.PriceCatalog;
import io.modeldeploy.catalog.PriceCatalogs;
import io.modeldeploy.config.OperatorConfig;
import io.modeldeploy.lifecycle.Conditions;
import io.modeldeploy.provider.DesiredDeployment;
import io.modeldeploy.provider.ModelProvider;
import io.modeldeploy.provider.Observation;
import io.modeldeploy.provider.Observation.ProviderCondition;
import io.modeldeploy.provider.ProviderRejection;
import io.modeldeploy.provider.ProviderState;
import io.modeldeploy.validation.SpecError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs deployments on the vendor's service through its HTTP API. There are no informers to wait
 * on: the provider asks for another look later, soon (and backing off) while the vendor is working,
 * slowly once settled, and backing off while the vendor throttles or fails.
 */
@ApplicationScoped
public class ModelStudioProvider implements ModelProvider {

  static final String DELETED_OUT_OF_BAND = "DeletedOutOfBand";

  private final OperatorConfig.ModelStudio config;
  private final ModelStudioClient client;
  private final CapacityPacks capacityPacks;
  private final VendorOffers offers;
  private final PriceCatalog catalog;
  /** Looks at a deployment in transition, and failed calls, in a row; in memory only (a restart starts over). */
  private final Map<String, Integer> polls = new ConcurrentHashMap<>();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  /** The workspace's deployments by API key, as last listed: one paged list per resync serves every subscription. */
  private final Map<String, Listing> listings = new ConcurrentHashMap<>();

  private record Listing(List<RemoteDeployment> deployments, long listedAtNanos) {}

  /** This cluster's name in display names: configured, or read once from the kube-system namespace. */
  private volatile String clusterId;

  private final ApiKeys keys;

  /** Refuses to start with a plain http:// base URL unless allowed: the API key would travel in clear. */
  @Inject
  public ModelStudioProvider(OperatorConfig config, PriceCatalogs catalogs, MeterRegistry registry) {
    this(config.modelstudio(), new ModelStudioClient(secure(config.modelstudio()),
        config.modelstudio().workspace().orElse(null), config.modelstudio().timeout()), catalogs.forProvider(ProviderType.ModelStudio));
    // How far the price catalog and what the vendor offers this workspace have drifted apart (as of the last read).
    // A gauge of that name left by an earlier instance in the same registry would read that one's offers: replaced.
    registry.find(OFFER_DIFFERENCES).gauges().forEach(registry::remove);
    for (boolean catalogSide : new boolean[] {true, false})
      Gauge.builder(OFFER_DIFFERENCES, offers, catalogSide ? VendorOffers::catalogOnly : VendorOffers::vendorOnly)
          .description("Model-unit templates and throughput models the price catalog has and the vendor's /deployments/models"
              + " does not list (side catalog_only), or the reverse (vendor_only)")
          .tag("side", catalogSide ? "catalog_only" : "vendor_only").register(registry);
  }

  static final String OFFER_DIFFERENCES = "modeldeploy.vendor.offer.differences";

  static java.net.URI secure(OperatorConfig.ModelStudio config) {
    if (!"https".equalsIgnoreCase(config.baseUrl().getScheme()) && !config.allowInsecureHttp())
      throw new IllegalStateException("modeldeploy.modelstudio.base-url is " + config.baseUrl() + ": the API key would travel"
          + " in clear; use https, or set modeldeploy.modelstudio.allow-insecure-http=true for a local simulator");
    return config.baseUrl();
  }

  ModelStudioProvider(OperatorConfig.ModelStudio config, ModelStudioClient client, PriceCatalog catalog) {
    this.config = config;
    this.client = client;
    this.catalog = catalog;
    this.offers = new VendorOffers(client, config.offersRefresh());
    this.capacityPacks = new CapacityPacks(client, VENDOR_ZONE);
    this.keys = new ApiKeys(config.apiKeySecret(), config.pollMax());
  }

  @Override
  public ProviderType type() { return ProviderType.ModelStudio; }

  /** The API's timestamps (gmt_create) carry no zone: the China (Beijing) region's local time. */
  static final java.time.ZoneId VENDOR_ZONE = java.time.ZoneId.of("Asia/Shanghai");

  /** Prepaid terms are the vendor's (bought in its console, or through its TPM reservation API), and it stops and releases them. */
  @Override
  public boolean vendorManagesTerm(ModelDeployment resource) {
    return resource.getSpec().getBilling().effectivePlan() == BillingPlan.Subscription;
  }

  /** The catalog's rules are the vendor's; besides them, its API's bounds: whole kTPM, fewer than 1000 units. */
  @Override
  public List<SpecError> check(ModelDeployment resource) {
    var rollout = resource.getStatus() == null ? null : resource.getStatus().getRollout();
    if (resource.getSpec().getBilling().effectivePlan() == BillingPlan.Subscription && rollout != null && rollout.getStable() != null
        && !io.modeldeploy.rollout.Revisions.of(resource.getSpec()).sameRevision(rollout.getStable()))
      return List.of(new SpecError("spec", "RequiresNewDeployment", "a prepaid term is bought for one vendor deployment: a new"
          + " revision (model, baseModel, inferenceMode, maxContextTokens or modelUnit) cannot be rolled out on it, and "
          + rollout.getStable().getModel() + " keeps serving as it is. Create a new ModelDeployment with the new values, switch"
          + " traffic to it, then delete this one"));
    return switch (resource.getSpec().getBilling().getMethod()) {
      case ProvisionedThroughput -> throughputErrors(resource);
      case ModelUnit -> Stream.concat(RemoteRequests.capacityErrors(DesiredDeployment.of(resource)).stream(),
          RemoteRequests.autoscalingErrors(resource.getSpec().getAutoscaling(), DesiredDeployment.of(resource)).stream()).toList();
      case TokenUsage -> List.of();
    };
  }

  private static List<SpecError> throughputErrors(ModelDeployment resource) {
    List<SpecError> errors = new ArrayList<>(RemoteRequests.kTpmErrors(resource.getSpec().getProvisionedThroughput()));
    errors.addAll(CapacityPacks.errors(resource));
    if (Boolean.TRUE.equals(resource.getSpec().getSuspend()) && !resource.getSpec().getProvisionedThroughput().packs().isEmpty())
      errors.add(new SpecError("spec.suspend", "PrepaidCapacityPacks", "a deployment with capacity packs cannot be taken offline:"
          + " the packs are prepaid, cannot be ended early and keep its model code serving until they expire"));
    return errors;
  }

  @Override
  public Observation ensure(DesiredDeployment desired, ModelDeployment resource, Context<ModelDeployment> context) {
    String key = apiKey(resource, context);
    identify(context);
    try {
      if (desired.canary()) return ensureRevision(key, resource, desired);
      if (boughtInConsole(resource)) return observeConsolePurchase(key, resource);
      Optional<RemoteDeployment> remote = locate(key, resource);
      List<ProviderCondition> conditions = new ArrayList<>();
      if (Boolean.TRUE.equals(resource.getSpec().getSuspend())) {
        // Taking a pay-as-you-go deployment offline is deleting it: billing stops; the CR keeps the configuration.
        if (remote.isEmpty()) return settled(resource, new Observation(ProviderState.Stopped, 0, 0, 0, desired.selector(), null, null, null, null), conditions);
        takeDown(key, resource, remote.get());
        return polled(resource, new Observation(ProviderState.Stopping, 0, 0, 0, desired.selector(), null,
            remote.get().deployedModel(), null, "taking the vendor deployment offline"), conditions);
      }
      if (remote.isPresent()) return update(key, resource, desired, remote.get(), conditions);
      // Given up on this generation: stays so on every later pass (a new spec tries again).
      if (gaveUpOnDeletions(resource)) return settled(resource, deletedAgain(desired, "of this ModelDeployment"), conditions);
      if (deletedBehindOurBack(resource)) {
        if (Conditions.isTrue(previousConditions(resource), Conditions.REMOTE_RECREATED))
          return settled(resource, deletedAgain(desired, resource.getStatus().getModelCode()), conditions);
        conditions.add(new ProviderCondition(Conditions.REMOTE_RECREATED, true, DELETED_OUT_OF_BAND, "the vendor deployment "
            + resource.getStatus().getModelCode() + " was deleted outside the operator and has been recreated"));
      }
      Optional<SpecError> notOffered = offers.notOffered(key, resource, desired, catalog);
      if (notOffered.isPresent()) throw new ProviderRejection(notOffered.get().field(), notOffered.get().reason(), notOffered.get().message());
      RemoteDeployment created = create(key, resource, desired, RemoteRequests.suffix(resource, creation(resource)));
      return observation(resource, desired, created, conditions, created.ptuCapacity(), started(null, created, "CREATE", resource));
    } catch (VendorException e) {
      return unavailable(resource, e);
    }
  }

  /**
   * A vendor deployment that exists: renewed, changed towards the spec (never while the vendor still
   * works on the last change, nor again after it failed for this spec), its packs followed, observed.
   */
  private Observation update(String key, ModelDeployment resource, DesiredDeployment desired, RemoteDeployment remote,
      List<ProviderCondition> conditions) {
    // Refused before anything is sent: status keeps describing what runs, not what was asked.
    Optional<SpecError> fixed = RemoteRequests.notApplicableInPlace(resource, desired, remote);
    if (fixed.isPresent()) throw new ProviderRejection(fixed.get().field(), fixed.get().reason(), fixed.get().message());
    boolean throughput = resource.getSpec().getBilling().getMethod() == BillingMethod.ProvisionedThroughput;
    VendorOperation operation = throughput ? followOperation(key, resource, remote) : null;
    // The model code's instances matter with packs, and before a throughput change (one bought in the console may be there too).
    Optional<Instances> instances = packed(resource) || ownThroughputDiffers(resource, remote)
        ? Optional.of(instances(key, resource, remote)) : Optional.empty();
    RemoteDeployment before = remote;
    remote = renew(key, resource, before, instances);
    if (remote != before) operation = started(operation, remote, "RENEW", resource);
    // Nothing is asked while the vendor still works on the last change, nor again after it failed for this spec.
    boolean processing = operation != null && CapacityOperation.PROCESSING.equals(operation.getStatus());
    if (convergible(resource, remote) && !processing && !failedForThisSpec(resource, operation)) {
      before = remote;
      remote = converge(key, resource, desired, before, instances);
      if (throughput && remote != before) operation = started(operation, remote, "SCALE", resource);
    }
    RemoteDeployment.PtuCapacity own = instances.flatMap(Instances::base).map(CapacityInstance::effectiveCapacity)
        .orElse(remote.ptuCapacity());
    if (packed(resource) && instances.isPresent() && "RUNNING".equals(remote.status())) {
      CapacityPacks.Outcome packs = capacityPacks.sync(key, resource, remote, instances.get().all());
      conditions.add(packs.condition());
      Observation seen = observation(resource, desired, remote, conditions, own, operation).withCapacityPacks(packs.packs());
      // With several instances the model code's expiry is not the deployment's own: its instance's is.
      if (prepaidThroughput(resource) && instances.get().base().map(CapacityInstance::gmtExpired).isPresent())
        seen = seen.withTerm(remote.createdAt(VENDOR_ZONE), RemoteDeployment.instant(instances.get().base().get().gmtExpired(), VENDOR_ZONE));
      return packs.inFlight() ? seen.withRecheck(backoff(polls.merge(uid(resource), 1, Integer::sum)), seen.conditions()) : seen;
    }
    return observation(resource, desired, remote, conditions, own, operation);
  }

  @Override
  public Observation observe(ModelDeployment resource, Context<ModelDeployment> context) {
    String key = apiKey(resource, context);
    identify(context);
    try {
      DesiredDeployment desired = DesiredDeployment.of(resource);
      return locate(key, resource).map(r -> observation(resource, desired, r, List.of())).orElse(Observation.notFound());
    } catch (VendorException e) {
      return unavailable(resource, e);
    }
  }

  @Override
  public boolean delete(ModelDeployment resource, Context<ModelDeployment> context) {
    String key = apiKey(resource, context);
    identify(context);
    try {
      // A rollout's new revision and those being retired bill too: they go with the deployment.
      boolean revisionsGone = retainOnly(List.of(), rolloutRevisions(resource), resource, context);
      Optional<RemoteDeployment> remote = locate(key, resource);
      if (remote.isEmpty()) {
        if (revisionsGone) forget(resource);
        return revisionsGone;
      }
      if (prepaidThroughput(resource)) {
        // An effective prepaid term is unsubscribed in the console, not deleted (PREPAID_UNSUBSCRIBE_REQUIRED), and the
        // API has no call that only turns auto-renewal off: it serves until it expires, which Cancellation tells the user.
        forget(resource);
        return true;
      }
      boolean gone = takeDown(key, resource, remote.get()) && revisionsGone;
      if (gone) forget(resource);
      return gone;
    } catch (VendorException e) {
      if (!e.isTransient()) throw e;
      return false;
    }
  }

  /**
   * Ends what bills for a pay-as-you-go deployment; true once nothing of it bills any more. Provisioned
   * throughput in the vendor's order: its post-paid instance released, then (STOPPED, no instance
   * left) the model code deleted. Prepaid packs cannot be released: once only they remain, the vendor
   * keeps the model code for them until they expire, and nothing is left to wait for.
   */
  private boolean takeDown(String key, ModelDeployment resource, RemoteDeployment remote) {
    if ("DELETING".equals(remote.status())) return false;
    if (resource.getSpec().getBilling().getMethod() == BillingMethod.ProvisionedThroughput) {
      List<CapacityInstance> live = client.instances(key, remote.deployedModel());
      List<CapacityInstance> postPaid = live.stream().filter(CapacityInstance::postPaid).toList();
      for (CapacityInstance instance : postPaid)
        if (!"STOPPING".equals(instance.status()) && !"DELETING".equals(instance.status()))
          client.releaseInstance(key, remote.deployedModel(), instance.instanceId(), RemoteRequests.releaseId(resource, instance.instanceId()));
      if (!postPaid.isEmpty()) return false;
      if (!live.isEmpty()) return true;
      if (!"STOPPED".equals(remote.status())) return false;
    }
    client.delete(key, remote.deployedModel(), RemoteRequests.deletionId(resource, remote));
    return client.get(key, remote.deployedModel()).map(RemoteDeployment::released).orElse(true);
  }

  @Override
  public List<EventSource<?, ModelDeployment>> eventSources(EventSourceContext<ModelDeployment> context) { return List.of(); }

  /**
   * A rollout's new revision: its own vendor deployment (its own suffix), made once and scaled to its
   * step's replicas. Pay-as-you-go only (check() refuses new revisions of prepaid terms).
   */
  private Observation ensureRevision(String key, ModelDeployment resource, DesiredDeployment desired) {
    Optional<RemoteDeployment> remote = findRevision(key, resource, desired.revision());
    if (remote.isEmpty()) {
      Optional<SpecError> notOffered = offers.notOffered(key, resource, desired, catalog);
      if (notOffered.isPresent()) throw new ProviderRejection(notOffered.get().field(), notOffered.get().reason(), notOffered.get().message());
      RemoteDeployment created = create(key, resource, desired, RemoteRequests.revisionSuffix(resource, desired.revision()));
      return observation(resource, desired, created, List.of());
    }
    RemoteDeployment current = remote.get();
    if ("RUNNING".equals(current.status())) current = converge(key, resource, desired, current, Optional.empty());
    return observation(resource, desired, current, List.of());
  }

  /** A revision's vendor deployment: by the code status recorded for it, else by its suffix (a create whose answer was lost). */
  private Optional<RemoteDeployment> findRevision(String key, ModelDeployment resource, String revision) {
    var rollout = resource.getStatus() == null ? null : resource.getStatus().getRollout();
    String known = rollout == null || rollout.getCanary() == null || !revision.equals(rollout.getCanary().getName()) ? null
        : rollout.getCanary().getModelCode();
    String name = RemoteRequests.displayName(resource, clusterId);
    return recordedOr(key, known, () -> client.list(key).stream().filter(d -> !d.released() && name.equals(d.name())
        && RemoteRequests.ofRevision(resource, revision, d.deployedModel())).findFirst());
  }

  /** The vendor deployment by the code status recorded, while the vendor still has it; else what the search finds. */
  private Optional<RemoteDeployment> recordedOr(String key, String known,
      java.util.function.Supplier<Optional<RemoteDeployment>> search) {
    if (known != null) {
      Optional<RemoteDeployment> byId = client.get(key, known);
      if (byId.isPresent() && !byId.get().released()) return byId;
    }
    return search.get();
  }

  /** Revisions no longer wanted are deleted by the code status recorded (they bill while they exist). */
  @Override
  public boolean retainOnly(List<DesiredDeployment> kept, List<io.modeldeploy.api.RevisionStatus> retiring, ModelDeployment resource,
      Context<ModelDeployment> context) {
    if (retiring.isEmpty()) return true;
    String key = apiKey(resource, context);
    identify(context);
    boolean gone = true;
    try {
      for (io.modeldeploy.api.RevisionStatus revision : retiring) {
        if (kept.stream().anyMatch(k -> k.revision().equals(revision.getName()))) continue;
        Optional<RemoteDeployment> remote = revision.getModelCode() != null ? client.get(key, revision.getModelCode())
            : findRevision(key, resource, revision.getName());
        if (remote.isPresent() && !remote.get().released()) gone &= takeDown(key, resource, remote.get());
      }
      return gone;
    } catch (VendorException e) {
      if (!e.isTransient()) throw rejection(e);
      return false;
    }
  }

  /** Revisions other than the stable one that status knows of: the new one of a running rollout, and those retiring. */
  private static List<io.modeldeploy.api.RevisionStatus> rolloutRevisions(ModelDeployment resource) {
    var rollout = resource.getStatus() == null ? null : resource.getStatus().getRollout();
    if (rollout == null) return List.of();
    List<io.modeldeploy.api.RevisionStatus> revisions = new ArrayList<>(rollout.retiring());
    if (rollout.getCanary() != null) revisions.add(rollout.getCanary());
    return revisions;
  }

  /** The deployment this ModelDeployment made for its stable revision: by the code status recorded, else by our suffix or name (adoption). */
  private Optional<RemoteDeployment> locate(String key, ModelDeployment resource) {
    var rollout = resource.getStatus() == null ? null : resource.getStatus().getRollout();
    String known = rollout != null && rollout.getStable() != null && rollout.getStable().getModelCode() != null
        ? rollout.getStable().getModelCode() : resource.getStatus() == null ? null : resource.getStatus().getModelCode();
    return recordedOr(key, known, () -> findOurs(key, resource));
  }

  private Optional<RemoteDeployment> findOurs(String key, ModelDeployment resource) {
    return client.list(key).stream().filter(d -> !d.released() && RemoteRequests.ours(resource, clusterId, d)).findFirst();
  }

  private RemoteDeployment create(String key, ModelDeployment resource, DesiredDeployment desired, String suffix) {
    CreateRequest request = RemoteRequests.create(resource, clusterId, desired, suffix);
    try {
      return client.create(key, request, RemoteRequests.requestId(resource, "create", request));
    } catch (VendorException e) {
      if (e.isConflict()) {
        // A create whose answer was lost: the deployment with our suffix is ours.
        Optional<RemoteDeployment> made = desired.canary() ? findRevision(key, resource, desired.revision()) : findOurs(key, resource);
        return made.orElseThrow(() -> new ProviderRejection("spec.model", "Conflict",
            "the vendor already has a deployment of " + resource.getSpec().getModel() + " with suffix "
                + request.suffix() + " that is not this ModelDeployment's: " + e.vendorMessage()));
      }
      // Throttled, failing or no answer: retried with backoff (and adopted if it was carried out), not a rejected spec.
      throw e.isTransient() ? e : rejection(e);
    }
  }

  /**
   * Why a deployment is being made: the first (nothing made yet: no model code, never past Pending),
   * a recreation after an out-of-band deletion, or again after having been offline or given up.
   */
  private static RemoteRequests.Creation creation(ModelDeployment resource) {
    if (deletedBehindOurBack(resource)) return RemoteRequests.Creation.RECREATED;
    ModelDeploymentStatus status = resource.getStatus();
    boolean first = status == null || (status.getModelCode() == null && (status.getPhase() == null || status.getPhase() == Phase.Pending)
        && !Conditions.isTrue(status.getConditions(), Conditions.REMOTE_RECREATED));
    return first ? RemoteRequests.Creation.FIRST : RemoteRequests.Creation.AGAIN;
  }

  /**
   * Changes are sent to a RUNNING deployment, and after a failed update (UPDATING_FAILED, the old
   * capacity still serving) to a spec edited since that failure was seen: the same spec is not
   * sent again to fail again, a new one converges.
   */
  private static boolean convergible(ModelDeployment resource, RemoteDeployment remote) {
    if ("RUNNING".equals(remote.status())) return true;
    ModelDeploymentStatus status = resource.getStatus();
    return "UPDATING_FAILED".equals(remote.status()) && status != null
        && !java.util.Objects.equals(status.getObservedGeneration(), resource.getMetadata().getGeneration());
  }

  /** Whether the deployment has capacity packs to follow: then the model code has several instances, and its own is named in writes. */
  private static boolean packed(ModelDeployment resource) {
    return resource.getSpec().getBilling().getMethod() == BillingMethod.ProvisionedThroughput && CapacityPacks.any(resource);
  }

  /** Throughput whose model code reports another capacity than the spec's (a change to make, or instances besides its own). */
  private static boolean ownThroughputDiffers(ModelDeployment resource, RemoteDeployment remote) {
    return resource.getSpec().getBilling().getMethod() == BillingMethod.ProvisionedThroughput
        && !RemoteRequests.ptuMatches(resource.getSpec().getProvisionedThroughput(), remote.ptuCapacity());
  }

  /** The model code's live instances, and the deployment's own among them (not a pack). */
  private record Instances(List<CapacityInstance> all, Optional<CapacityInstance> base) {

    /** The deployment's own throughput as the vendor has it configured (or is changing it to): not the sum with the packs. */
    RemoteDeployment own(RemoteDeployment remote) {
      return base.map(b -> remote.withPtuCapacity(b.targetCapacity() != null ? b.targetCapacity() : b.configuredCapacity())).orElse(remote);
    }

    /** A write to one of several instances names it. */
    Map<String, Object> naming(Map<String, Object> body) {
      if (body == null || base.isEmpty() || all.size() < 2) return body;
      Map<String, Object> named = new java.util.LinkedHashMap<>();
      named.put("instance_id", base.get().instanceId());
      named.putAll(body);
      return named;
    }
  }

  /**
   * The deployment's own instance: the post-paid one (packs are prepaid, and the vendor allows one
   * post-paid instance), or for a prepaid deployment the earliest bought that is no pack's.
   */
  private Instances instances(String key, ModelDeployment resource, RemoteDeployment remote) {
    List<CapacityInstance> all = client.instances(key, remote.deployedModel());
    java.util.Set<String> packs = new java.util.HashSet<>();
    if (resource.getStatus() != null && resource.getStatus().getCapacityPacks() != null)
      resource.getStatus().getCapacityPacks().forEach(p -> packs.add(p.getInstanceId()));
    Optional<CapacityInstance> base = prepaidThroughput(resource)
        ? all.stream().filter(i -> !packs.contains(i.instanceId()))
            .min(java.util.Comparator.comparing(i -> i.gmtCreated() == null ? "" : i.gmtCreated()))
        : all.stream().filter(CapacityInstance::postPaid).findFirst();
    return new Instances(all, base);
  }

  /** Scale, overflow strategy and throttling changes, only when the remote differs from the spec. */
  private RemoteDeployment converge(String key, ModelDeployment resource, DesiredDeployment desired, RemoteDeployment remote,
      Optional<Instances> instances) {
    try {
      RemoteDeployment own = instances.isPresent() ? instances.get().own(remote) : remote;
      Map<String, Object> scale = RemoteRequests.scale(resource, desired, own);
      if (instances.isPresent()) scale = instances.get().naming(scale);
      if (scale != null) remote = client.scale(key, remote.deployedModel(), scale, RemoteRequests.requestId(resource, "scale", scale));
      Map<String, Object> overflow = RemoteRequests.overflowStrategy(resource, remote);
      if (overflow != null)
        remote = client.updateOverflowStrategy(key, remote.deployedModel(), overflow, RemoteRequests.requestId(resource, "overflow", overflow));
      Map<String, Object> limits = RemoteRequests.throttling(resource, desired, remote);
      if (limits != null)
        remote = client.updateThrottling(key, remote.deployedModel(), limits, RemoteRequests.requestId(resource, "update", limits));
      return remote;
    } catch (VendorException e) {
      throw e.isTransient() ? e : rejection(e);
    }
  }

  /**
   * Days the spec added to a prepaid throughput term since they were last ordered (status records
   * what was ordered), bought through the renew call; the same request id for a retry of the same renewal.
   */
  private RemoteDeployment renew(String key, ModelDeployment resource, RemoteDeployment remote, Optional<Instances> instances) {
    Integer ordered = resource.getStatus() == null || resource.getStatus().getSubscription() == null ? null
        : resource.getStatus().getSubscription().getOrderedPeriods();
    Map<String, Object> renewal = prepaidThroughput(resource) ? RemoteRequests.renewal(resource.getSpec(), ordered) : null;
    if (instances.isPresent()) renewal = instances.get().naming(renewal);
    if (renewal == null) return remote;
    try {
      return client.renew(key, remote.deployedModel(), renewal, RemoteRequests.requestId(resource, "renew", renewal));
    } catch (VendorException e) {
      throw e.isTransient() ? e : rejection(e);
    }
  }

  /** Model-unit terms are sold in the vendor's console only; provisioned throughput is bought through the API. */
  private static boolean boughtInConsole(ModelDeployment resource) {
    return resource.getSpec().getBilling().effectivePlan() == BillingPlan.Subscription
        && resource.getSpec().getBilling().getMethod() == BillingMethod.ModelUnit;
  }

  private static boolean prepaidThroughput(ModelDeployment resource) {
    return resource.getSpec().getBilling().effectivePlan() == BillingPlan.Subscription
        && resource.getSpec().getBilling().getMethod() == BillingMethod.ProvisionedThroughput;
  }

  /** Model-unit terms are bought in the console only: find the one bought under this deployment's name. */
  private Observation observeConsolePurchase(String key, ModelDeployment resource) {
    DesiredDeployment desired = DesiredDeployment.of(resource);
    String name = RemoteRequests.displayName(resource, clusterId);
    Optional<RemoteDeployment> bought = workspaceListing(key).stream().filter(d -> name.equals(d.name())).findFirst();
    if (bought.isEmpty())
      return settled(resource, new Observation(ProviderState.Pending, desired.replicas(), 0, 0, desired.selector(), null, null,
          "AwaitingConsolePurchase", "the vendor sells prepaid subscriptions in its console only: buy the term there and name the service "
              + name + "; the operator then follows it"), List.of());
    return observation(resource, desired, bought.get(), List.of()).withTerm(bought.get().createdAt(VENDOR_ZONE), null);
  }

  /**
   * Console purchases are found by listing the whole workspace (the API has no filter); every prepaid
   * deployment of a workspace shares one listing per resync interval instead of paging it each.
   */
  private List<RemoteDeployment> workspaceListing(String key) {
    long now = System.nanoTime();
    return listings.compute(key, (k, last) -> last != null && now - last.listedAtNanos() < config.resync().toNanos()
        ? last : new Listing(client.list(key), now)).deployments();
  }

  private Observation observation(ModelDeployment resource, DesiredDeployment desired, RemoteDeployment remote,
      List<ProviderCondition> conditions) {
    return observation(resource, desired, remote, conditions, remote.ptuCapacity(), null);
  }

  /**
   * ownEffective: the deployment's own throughput the vendor reports effective (the model code's, or
   * with packs its own instance's); operation: the vendor's operation for its last change, if any.
   */
  private Observation observation(ModelDeployment resource, DesiredDeployment desired, RemoteDeployment remote,
      List<ProviderCondition> conditions, RemoteDeployment.PtuCapacity ownEffective, VendorOperation operation) {
    Optional<ProviderState> known = VendorStatus.state(remote.status());
    List<ProviderCondition> all = new ArrayList<>(conditions);
    all.add(new ProviderCondition(Conditions.VENDOR_STATUS_KNOWN, known.isPresent(), known.isPresent() ? "Known" : "UnknownVendorStatus",
        "the vendor reports " + (remote.status() == null ? "no status" : remote.status()) + " for " + remote.deployedModel()
            + (known.isPresent() ? "" : ", which this operator does not know: the phase stays as it was until it reports one it knows")));
    if (known.isEmpty())
      return polled(resource, new Observation(ProviderState.Unavailable, 0, 0, 0, null, null, null, "UnknownVendorStatus", null), all);
    int base = remote.baseCapacity() == null || remote.baseCapacity() == 0 ? 1 : remote.baseCapacity();
    ProviderState state = known.get();
    String reason = switch (remote.status()) {
      case "ARREARS_DOWN" -> Conditions.ACCOUNT_OVERDUE;
      case "SUSPENDED" -> "VendorSuspended";
      case "FAILED", "UPDATING_FAILED" -> "Vendor" + (remote.status().equals("FAILED") ? "DeploymentFailed" : "UpdateFailed");
      default -> null;
    };
    // Throughput and token deployments are one service: the TPM reservation API reports no capacity for them.
    boolean units = resource.getSpec().getBilling().getMethod() == BillingMethod.ModelUnit;
    Integer capacity = remote.capacity() != null ? remote.capacity()
        : remote.prefillCapacity() != null && remote.decodeCapacity() != null ? remote.prefillCapacity() + remote.decodeCapacity()
        : units ? null : Integer.valueOf(1);
    int ready = remote.readyCapacity() != null ? remote.readyCapacity() / base : !units && state == ProviderState.Ready ? 1 : 0;
    String message = remote.failReason();
    // Serving, but not yet the spec's throughput: a change asked and not confirmed is shown as in progress (or failed), never as applied.
    boolean pending = state == ProviderState.Ready && resource.getSpec().getBilling().getMethod() == BillingMethod.ProvisionedThroughput
        && !RemoteRequests.ptuMatches(resource.getSpec().getProvisionedThroughput(), ownEffective);
    if (pending) {
      boolean failed = failedForThisSpec(resource, operation);
      state = failed ? ProviderState.Failed : ProviderState.Progressing;
      reason = failed ? "VendorOperationFailed" : "ThroughputChangePending";
      String serves = "the vendor serves input_tpm " + ownEffective.inputTpm() + ", output_tpm " + ownEffective.outputTpm();
      message = failed ? "the vendor's " + operation.getType() + " operation " + operation.getId() + " failed (" + operation.getMessage()
          + "); " + serves + " as before" : serves + " until it confirms the change to the spec's throughput";
    }
    Observation seen = new Observation(state, ceil(capacity, base), ceil(capacity, base), ready, desired.selector(),
        state == ProviderState.Ready || pending ? config.endpoint() : null, remote.deployedModel(), reason, message).withOperation(operation);
    if (prepaidThroughput(resource))
      seen = seen.withTerm(remote.createdAt(VENDOR_ZONE), remote.prepaidExpiresAt(VENDOR_ZONE));
    boolean moving = VendorStatus.isTransitional(remote.status()) || (pending && state == ProviderState.Progressing)
        || (operation != null && CapacityOperation.PROCESSING.equals(operation.getStatus()));
    return moving ? polled(resource, seen, all) : settled(resource, seen, all);
  }

  /** The last change of this spec failed at the vendor: it is shown, and not asked again until the spec changes. */
  private static boolean failedForThisSpec(ModelDeployment resource, VendorOperation operation) {
    return operation != null && CapacityOperation.FAILED.equals(operation.getStatus())
        && java.util.Objects.equals(operation.getGeneration(), resource.getMetadata().getGeneration());
  }

  /** The operation status recorded, polled once more while the vendor is still processing it. */
  private VendorOperation followOperation(String key, ModelDeployment resource, RemoteDeployment remote) {
    VendorOperation recorded = resource.getStatus() == null ? null : resource.getStatus().getVendorOperation();
    if (recorded == null || recorded.getId() == null || !CapacityOperation.PROCESSING.equals(recorded.getStatus())) return recorded;
    Optional<CapacityOperation> polled = client.operation(key, remote.deployedModel(), recorded.getId());
    if (polled.isEmpty())
      return new VendorOperation(recorded.getId(), recorded.getType(), "UNKNOWN", recorded.getGeneration(),
          "the vendor no longer knows this operation (CAPACITY_OPERATION_NOT_FOUND)");
    CapacityOperation op = polled.get();
    return new VendorOperation(recorded.getId(), recorded.getType(), op.operationStatus(), recorded.getGeneration(),
        op.failed() ? op.failure() : null);
  }

  /** A write's answer that names an operation starts following it; one that names none leaves the last one recorded. */
  private static VendorOperation started(VendorOperation last, RemoteDeployment answer, String type, ModelDeployment resource) {
    if (answer.operationId() == null) return last;
    return new VendorOperation(answer.operationId(), type, CapacityOperation.PROCESSING, resource.getMetadata().getGeneration(), null);
  }

  private static int ceil(Integer capacity, int base) { return capacity == null ? 0 : (capacity + base - 1) / base; }

  private Observation polled(ModelDeployment resource, Observation seen, List<ProviderCondition> conditions) {
    failures.remove(uid(resource));
    int n = polls.merge(uid(resource), 1, Integer::sum);
    return seen.withRecheck(backoff(n), reachable(conditions));
  }

  private Observation settled(ModelDeployment resource, Observation seen, List<ProviderCondition> conditions) {
    failures.remove(uid(resource));
    polls.remove(uid(resource));
    return seen.withRecheck(config.resync(), reachable(conditions));
  }

  private Observation unavailable(ModelDeployment resource, VendorException e) {
    if (!e.isTransient()) throw rejection(e);
    int n = failures.merge(uid(resource), 1, Integer::sum);
    String reason = e.httpStatus() == 429 ? "VendorThrottling" : e.isBadResponse() ? "VendorBadResponse"
        : e.httpStatus() == 0 ? "VendorUnreachable" : "VendorFailing";
    // No count of attempts in the message: it would change, and be written, on every retry.
    return Observation.unavailable(reason, "the vendor's API did not serve the request, retrying with backoff: "
        + e.getMessage(), backoff(n));
  }

  private static List<ProviderCondition> reachable(List<ProviderCondition> conditions) {
    List<ProviderCondition> all = new ArrayList<>(conditions);
    all.add(ProviderCondition.reachable("the vendor's API answers"));
    return all;
  }

  /** pollInitial x 2^(n-1), at most pollMax. */
  Duration backoff(int n) {
    Duration delay = config.pollInitial().multipliedBy(1L << Math.min(n - 1, 20));
    return delay.compareTo(config.pollMax()) > 0 ? config.pollMax() : delay;
  }

  private ProviderRejection rejection(VendorException e) {
    if (e.isPermission()) {
      // A refused key may have been rotated in its Secret since it was read: read it again next time.
      keys.forget();
      if (e.vendorMessage().contains("does not have deployment privilege"))
        return new ProviderRejection("spec.model", io.modeldeploy.validation.Privileges.NO_DEPLOYMENT_PRIVILEGE, e.vendorMessage()
            + " (the vendor's own refusal: grant the workspace the model's deployment privilege on the Model Studio Workspaces page)");
      return new ProviderRejection("spec.model", "NotEntitled", e.vendorMessage()
          + " (grant the workspace the model deployment permission on the Model Studio Workspaces page)");
    }
    if ("InvalidParameter".equals(e.code())) return new ProviderRejection("spec", "InvalidParameter", e.vendorMessage());
    return new ProviderRejection("spec", "VendorRejected", e.getMessage());
  }

  /** Remote gone while we had one, not because we took it offline. */
  private static Observation deletedAgain(DesiredDeployment desired, String which) {
    return new Observation(ProviderState.Failed, desired.replicas(), 0, 0, desired.selector(), null, null, DELETED_OUT_OF_BAND,
        "the vendor deployment " + which + " was deleted outside the operator again; it was recreated once and is not recreated twice");
  }

  private static boolean gaveUpOnDeletions(ModelDeployment resource) {
    ModelDeploymentStatus status = resource.getStatus();
    return status != null && java.util.Objects.equals(status.getObservedGeneration(), resource.getMetadata().getGeneration())
        && Conditions.find(status.getConditions(), Conditions.STALLED)
            .filter(c -> "True".equals(c.getStatus()) && DELETED_OUT_OF_BAND.equals(c.getReason())).isPresent();
  }

  private static boolean deletedBehindOurBack(ModelDeployment resource) {
    ModelDeploymentStatus status = resource.getStatus();
    return status != null && status.getModelCode() != null && (status.getPhase() == null || !status.getPhase().offline());
  }

  private static List<io.fabric8.kubernetes.api.model.Condition> previousConditions(ModelDeployment resource) {
    return resource.getStatus() == null ? List.of() : resource.getStatus().getConditions();
  }

  private String apiKey(ModelDeployment resource, Context<ModelDeployment> context) {
    return keys.key(context.getClient(), resource.getMetadata().getNamespace());
  }

  /** The cluster's identity, before anything is looked up by display name; the kube-system namespace's UID unless configured. */
  private void identify(Context<ModelDeployment> context) {
    if (clusterId != null) return;
    if (config.clusterId().isPresent()) {
      clusterId = config.clusterId().get();
      return;
    }
    String uid = null;
    try {
      var kubeSystem = context.getClient().namespaces().withName("kube-system").get();
      uid = kubeSystem == null ? null : kubeSystem.getMetadata().getUid();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      // Refused: said below, without a guess that could adopt another cluster's deployments. Anything else is retried.
      if (e.getCode() != java.net.HttpURLConnection.HTTP_FORBIDDEN) throw e;
    }
    if (uid == null || uid.length() < 8)
      throw new ProviderRejection("spec.provider", "ClusterIdentityUnknown", "the operator names its vendor deployments after"
          + " this cluster and could not read the kube-system namespace's UID to do so: grant get on it (the Helm chart's"
          + " cluster-identity ClusterRole) or set modeldeploy.modelstudio.cluster-id (Helm value modelstudio.clusterId)", config.pollMax());
    clusterId = "k8s-" + uid.substring(0, 8);
  }

  private void forget(ModelDeployment resource) {
    polls.remove(uid(resource));
    failures.remove(uid(resource));
  }

  private static String uid(ModelDeployment resource) { return resource.getMetadata().getUid(); }
}
