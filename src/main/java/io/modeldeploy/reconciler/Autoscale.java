package io.modeldeploy.reconciler;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.modeldeploy.api.Autoscaling;
import io.modeldeploy.api.AutoscalingStatus;
import io.modeldeploy.api.AutoscalingEngine;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import io.modeldeploy.api.ProviderType;
import io.modeldeploy.api.ScalingDecision;
import io.modeldeploy.autoscaling.Autoscaler;
import io.modeldeploy.autoscaling.Bounds;
import io.modeldeploy.autoscaling.HpaTemplate;
import io.modeldeploy.autoscaling.MetricsSampler;
import io.modeldeploy.autoscaling.ScalingStatus;
import io.modeldeploy.autoscaling.Schedules;
import io.modeldeploy.catalog.Offer;
import io.modeldeploy.config.OperatorConfig;
import io.modeldeploy.cost.Quote;
import io.modeldeploy.lifecycle.Conditions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The autoscaler's part of a reconcile: bounds in force, the decision from sampled metrics (or the
 * HPA it owns), spec.replicas changed through the scale subresource as an HPA would, and
 * status.autoscaling. A deployment without spec.autoscaling costs nothing here.
 */
@ApplicationScoped
class Autoscale {

  static final String FIELD_MANAGER = "modeldeploy-autoscaler";

  @Inject MetricsSampler sampler;
  @Inject OperatorConfig config;
  /** The HPA spec last applied per deployment: a pass that would apply the same one asks nothing of the API server. */
  private final java.util.Map<ResourceID, io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec> applied =
      new java.util.concurrent.ConcurrentHashMap<>();
  /**
   * The last decision this operator made per deployment. A pass can read an object older than its own
   * scale and status writes (the informer has not delivered them yet); deciding on it would scale
   * again, and the status patch, computed against that old status, would record the decision twice.
   * Found by the soak: a replica woken from zero "woken" twice.
   */
  private final java.util.Map<ResourceID, ScalingDecision> made = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Writes status.autoscaling, its conditions and cost range into after; returns when to look again.
   *
   * @param accepted whether the spec was accepted: a rejected one scales nothing and keeps what status said
   */
  Optional<Duration> apply(ModelDeployment resource, Quote quote, boolean accepted, ModelDeploymentStatus before,
      ModelDeploymentStatus after, KubernetesClient client, ProviderType provider, Instant now) {
    Autoscaling policy = resource.getSpec() == null ? null : resource.getSpec().getAutoscaling();
    ResourceID id = ResourceID.fromResource(resource);
    if (!accepted) {
      after.setAutoscaling(before == null ? null : before.getAutoscaling());
      return Optional.empty();
    }
    boolean hadHpa = before != null && before.getAutoscaling() != null
        && AutoscalingEngine.HPA.name().equals(before.getAutoscaling().getEngine());
    // Autoscaling removed, or the built-in engine chosen instead: the HPA must not go on scaling too.
    if (hadHpa && (policy == null || policy.effectiveEngine() != AutoscalingEngine.HPA)) {
      removeHpa(resource, client);
      applied.remove(id);
    }
    if (policy == null) {
      sampler.forget(id);
      after.setAutoscaling(null);
      after.setConditions(Conditions.replace(after.getConditions(), ScalingStatus.CONDITION_TYPES, List.of()));
      return Optional.empty();
    }
    BigDecimal perReplica = ((Offer.ModelUnitOffer) quote.offer()).spec().hourly();
    Bounds bounds = Bounds.at(policy, perReplica, config.billing().timeZone(), now);
    Optional<Instant> boundary = Schedules.nextBoundary(policy.scheduleList(), config.billing().timeZone(), now);
    AutoscalingStatus previous = before == null ? null : before.getAutoscaling();
    if (!ScalingStatus.shows(previous, made.get(id))) {
      // Older than our own last writes: decide nothing, write nothing of it; look again once they arrive.
      after.setAutoscaling(previous);
      costRange(after, perReplica, bounds);
      return Optional.of(sampler.interval());
    }
    int replicas = resource.getSpec().effectiveReplicas();
    Optional<Autoscaler.Decision> decision = Optional.empty();
    Optional<ScalingDecision> decisionMade = Optional.empty();
    if (policy.effectiveEngine() == AutoscalingEngine.HPA) {
      sampler.forget(id);
      HorizontalPodAutoscaler hpa = HpaTemplate.render(resource, policy, bounds);
      if (!hpa.getSpec().equals(applied.get(id))) {
        client.resource(hpa).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        applied.put(id, hpa.getSpec());
      }
    } else {
      sampler.track(resource, policy, provider);
      Autoscaler.Decision decided = Autoscaler.decide(new Autoscaler.Input(policy, bounds, sampler.samples(id), replicas,
          ScalingStatus.lastScaleUp(ScalingStatus.decisions(previous)), now, sampler.interval().multipliedBy(3)));
      decision = Optional.of(decided);
      if (decided.replicas() != replicas && mayScale(resource, after)) {
        scale(resource, decided.replicas(), client);
        decisionMade = Optional.of(ScalingStatus.decision(now, replicas, decided));
        made.put(id, decisionMade.get());
        TransitionEvents.post(client, resource, "Normal", decided.replicas() > replicas ? "ScaledUp" : "ScaledDown",
            replicas + " -> " + decided.replicas() + " replicas (" + decided.reason() + "): " + decided.message(), now);
        replicas = decided.replicas();
      }
    }
    after.setAutoscaling(ScalingStatus.of(policy, bounds, boundary, decision, replicas, ScalingStatus.decisions(previous), decisionMade));
    after.setConditions(Conditions.replace(after.getConditions(), ScalingStatus.CONDITION_TYPES,
        ScalingStatus.conditions(policy.effectiveEngine(), decision, bounds, before == null ? null : before.getConditions(),
            after.getObservedGeneration(), now)));
    costRange(after, perReplica, bounds);
    Optional<Duration> untilBoundary = boundary.map(b -> Duration.between(now, b).plusMillis(1));
    if (policy.effectiveEngine() == AutoscalingEngine.HPA) return untilBoundary;
    return Optional.of(untilBoundary.filter(d -> d.compareTo(sampler.interval()) < 0).orElse(sampler.interval()));
  }

  private static void costRange(ModelDeploymentStatus after, BigDecimal perReplica, Bounds bounds) {
    if (after.getCost() == null) return;
    after.getCost().setHourlyAtMinReplicas(ScalingStatus.hourly(perReplica, bounds.min()));
    after.getCost().setHourlyAtMaxReplicas(ScalingStatus.hourly(perReplica, bounds.max()));
  }

  void forget(ModelDeployment resource) {
    sampler.forget(ResourceID.fromResource(resource));
    applied.remove(ResourceID.fromResource(resource));
    made.remove(ResourceID.fromResource(resource));
  }

  /** Nothing is scaled while the deployment is offline, stopped by its term or account, or being deleted. */
  private static boolean mayScale(ModelDeployment resource, ModelDeploymentStatus after) {
    if (Boolean.TRUE.equals(resource.getSpec().getSuspend()) || resource.getMetadata().getDeletionTimestamp() != null) return false;
    Phase phase = after.getPhase();
    return phase != Phase.Suspended && phase != Phase.ServiceSuspended && phase != Phase.Deleting;
  }

  /** A merge patch of the scale subresource under the autoscaler's own field manager, as an HPA writes it. */
  private static void scale(ModelDeployment resource, int replicas, KubernetesClient client) {
    var meta = resource.getMetadata();
    String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/apis/" + ModelDeployment.GROUP + "/"
        + ModelDeployment.VERSION + "/namespaces/" + meta.getNamespace() + "/modeldeployments/" + meta.getName()
        + "/scale?fieldManager=" + FIELD_MANAGER;
    var http = client.getHttpClient();
    try {
      HttpResponse<String> answer = http.sendAsync(http.newHttpRequestBuilder().uri(url)
          .method("PATCH", "application/merge-patch+json", "{\"spec\":{\"replicas\":" + replicas + "}}").build(), String.class)
          .get(30, TimeUnit.SECONDS);
      if (!answer.isSuccessful())
        throw new KubernetesClientException("scaling " + meta.getNamespace() + "/" + meta.getName() + " to " + replicas
            + " failed: HTTP " + answer.code() + " " + answer.body(), answer.code(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while scaling " + meta.getName(), e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new KubernetesClientException("scaling " + meta.getNamespace() + "/" + meta.getName() + " failed", e);
    }
  }

  private static void removeHpa(ModelDeployment resource, KubernetesClient client) {
    client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(resource.getMetadata().getNamespace())
        .withName(resource.getMetadata().getName()).delete();
  }
}
