package io.modeldeploy.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.modeldeploy.api.CostStatus;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.RevisionStatus;
import io.modeldeploy.api.Rollout;
import io.modeldeploy.api.RolloutStatus;
import io.modeldeploy.api.StepAnalysis;
import io.modeldeploy.cost.CostEstimate;
import io.modeldeploy.cost.Quote;
import io.modeldeploy.provider.DesiredDeployment;
import io.modeldeploy.provider.ModelProvider;
import io.modeldeploy.provider.Observation;
import io.modeldeploy.provider.ProviderRejection;
import io.modeldeploy.provider.ProviderState;
import io.modeldeploy.rollout.RolloutAction;
import io.modeldeploy.rollout.RolloutConditions;
import io.modeldeploy.rollout.Revisions;
import io.modeldeploy.rollout.Rollouts;
import io.modeldeploy.rollout.Rollouts.RevisionSeen;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A reconcile's rollout part: which revisions run (the plan), the new one run beside the stable one
 * and every other removed, then status.rollout, status.traffic, the rollout's conditions and cost from
 * the pure Rollouts functions. The lifecycle itself speaks of the stable revision only.
 */
@ApplicationScoped
public class RolloutDriver {

  private static final Logger LOG = Logger.getLogger(RolloutDriver.class);

  /** A JSON patch whose test failed. */
  private static final int UNPROCESSABLE = 422;

  @Inject CanaryAnalysis analysis;

  /** What was done for the new revision in this pass. */
  record Acted(Rollouts.Plan plan, RevisionSeen canary, boolean retired) {}

  Rollouts.Plan plan(ModelDeployment resource, int replicas) {
    ModelDeploymentSpec spec = resource.getSpec();
    return Rollouts.plan(resource.getMetadata().getName(), previous(resource), Revisions.of(spec), spec.effectiveRollout(), replicas);
  }

  /** The new revision brought up (or kept) at its step's replicas, and what no longer belongs removed. */
  Acted act(ModelProvider provider, Rollouts.Plan plan, DesiredDeployment stable, ModelDeployment resource,
      Context<ModelDeployment> context) {
    List<DesiredDeployment> kept = new ArrayList<>(List.of(stable));
    RevisionSeen canary = null;
    if (plan.canary() != null) {
      DesiredDeployment desired = stable.forRevision(plan.canary(), true, plan.canaryReplicas());
      kept.add(desired);
      try {
        canary = seen(plan.canary().getName(), provider.ensure(desired, resource, context));
      } catch (ProviderRejection refused) {
        // The new revision cannot run (the vendor refuses it, a model it does not offer): the rollout aborts, the stable one serves on.
        canary = new RevisionSeen(plan.canary().getName(), 0, true, null, null, refused.error().toString());
      }
    }
    RolloutStatus previous = previous(resource);
    boolean retired = provider.retainOnly(kept, previous == null ? List.of() : previous.retiring(), resource, context);
    return new Acted(plan, canary, retired);
  }

  static RevisionSeen seen(String revision, Observation observation) {
    boolean failed = observation.state() == ProviderState.Failed;
    return new RevisionSeen(revision, observation.readyReplicas(), failed, observation.modelCode(), observation.endpoint(),
        failed ? (observation.reason() == null ? "" : observation.reason() + ": ") + observation.message() : null);
  }

  /**
   * status.rollout, status.traffic, the conditions and the cost of the overlap written onto the
   * status the lifecycle computed. Without an act (a rejected spec, a released deployment) the
   * rollout stands as it was.
   *
   * @param quoteOf prices a spec (the stable revision's, when it is not the spec's own)
   */
  void apply(ModelDeployment resource, Optional<Acted> acted, Observation stableSeen, Quote quote,
      Function<ModelDeploymentSpec, Quote> quoteOf, ModelDeploymentStatus after, Instant now) {
    RolloutStatus previous = previous(resource);
    ModelDeploymentSpec spec = resource.getSpec();
    RolloutStatus rollout = previous;
    if (acted.isPresent()) {
      Rollouts.Plan plan = acted.get().plan();
      Rollout policy = spec.effectiveRollout();
      Optional<StepAnalysis> check = analysis.check(resource, previous, policy);
      RevisionSeen stable = seen(plan.stable().getName(), stableSeen);
      rollout = Rollouts.next(new Rollouts.Input(resource.getMetadata().getName(), previous, Revisions.of(spec), policy,
          plan.replicas(), RolloutAction.annotation(resource), stable, acted.get().canary(), check,
          quote.hourlyAt(plan.canaryReplicas()), now));
      if (acted.get().retired()) Rollouts.retired(rollout, previous == null ? List.of() : previous.retiring());
      after.setTraffic(Rollouts.traffic(rollout, java.util.stream.Stream.of(stable, acted.get().canary()).filter(s -> s != null).toList()));
      if (after.getCost() != null && rollout.getStable() != null) {
        CostStatus cost = after.getCost();
        if (rollout.getCanary() != null) {
          Quote stableQuote = rollout.getStable().sameRevision(Revisions.of(spec)) ? quote : quoteOf.apply(Revisions.specOf(spec, rollout.getStable()));
          cost.setRolloutHourly(CostEstimate.money(stableQuote.hourlyAt(plan.replicas()).add(quote.hourlyAt(plan.canaryReplicas())))
              .toPlainString());
        }
        cost.setRolloutCost(rollout.getCost());
      }
    } else if (resource.getStatus() != null) {
      after.setTraffic(resource.getStatus().getTraffic());
    }
    after.setRollout(rollout);
    after.setConditions(RolloutConditions.apply(after.getConditions(), rollout, after.getObservedGeneration(), now));
  }

  /** When to look again: at the end of a timed pause, and every sampling interval while a step is analysed. */
  Optional<Duration> recheck(ModelDeployment resource, ModelDeploymentStatus after, Instant now) {
    RolloutStatus rollout = after.getRollout();
    if (rollout == null || rollout.getCanary() == null || resource.getSpec() == null) return Optional.empty();
    Rollout policy = resource.getSpec().effectiveRollout();
    Optional<Duration> pause = Rollouts.pauseEnds(Rollouts.stepOf(policy, rollout), rollout)
        .map(end -> end.isAfter(now) ? Duration.between(now, end) : Duration.ofMillis(1));
    Optional<Duration> analysed = Rollouts.analysing(policy, rollout) ? Optional.of(analysis.interval()) : Optional.empty();
    if (pause.isEmpty()) return analysed;
    if (analysed.isEmpty()) return pause;
    return Optional.of(pause.get().compareTo(analysed.get()) <= 0 ? pause.get() : analysed.get());
  }

  /**
   * The promote or abort annotation status now records as acted on is removed, only if it still says
   * the same (a JSON patch that tests it first): acted on once, even across a restart between the writes.
   */
  void removeAcknowledged(ModelDeployment resource, ModelDeploymentStatus after, KubernetesClient client) {
    String acknowledged = after.getRollout() == null ? null : after.getRollout().getAcknowledged();
    Optional<String> annotation = RolloutAction.annotation(resource);
    if (acknowledged == null || !annotation.map(acknowledged::equals).orElse(false)) return;
    String path = "/metadata/annotations/" + RolloutAction.ANNOTATION.replace("~", "~0").replace("/", "~1");
    String patch = Serialization.asJson(List.of(Map.of("op", "test", "path", path, "value", acknowledged),
        Map.of("op", "remove", "path", path)));
    try {
      client.resources(ModelDeployment.class).inNamespace(resource.getMetadata().getNamespace())
          .withName(resource.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON), patch);
    } catch (KubernetesClientException e) {
      // Changed meanwhile (the test failed: someone set another value) or gone: the next pass looks again.
      if (e.getCode() != UNPROCESSABLE && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) throw e;
      LOG.debugf("annotation %s of %s/%s not removed: %s", RolloutAction.ANNOTATION, resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(), e.getMessage());
    }
  }

  void forget(ModelDeployment resource) { analysis.forget(ResourceID.fromResource(resource)); }

  private static RolloutStatus previous(ModelDeployment resource) {
    return resource.getStatus() == null ? null : resource.getStatus().getRollout();
  }
}
