package io.modeldeploy.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import io.modeldeploy.api.RevisionStatus;
import io.modeldeploy.api.RolloutPhase;
import io.modeldeploy.api.RolloutStatus;
import io.modeldeploy.lifecycle.Conditions;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Kubernetes Events for what a person wants to see in `kubectl describe`: phase changes and rejected specs. */
final class TransitionEvents {

  private static final Logger LOG = Logger.getLogger(TransitionEvents.class);
  static final String COMPONENT = "modeldeploy-operator";
  static final Set<String> STANDARD = Set.of(Conditions.ACCEPTED, Conditions.READY, Conditions.RECONCILING, Conditions.STALLED);
  /** The status of a non-standard condition when nothing needs attention; absent: any appearance is news. */
  static final Map<String, String> HEALTHY = Map.of(Conditions.PROVIDER_REACHABLE, "True",
      Conditions.ACCOUNT_OVERDUE, "False", Conditions.SUBSCRIPTION_EXPIRED, "False", Conditions.SCALING_ACTIVE, "True",
      Conditions.SCALING_LIMITED, "False", Conditions.ROLLOUT_ABORTED, "False");

  private TransitionEvents() {}

  static void emit(KubernetesClient client, ModelDeployment resource, ModelDeploymentStatus before,
      ModelDeploymentStatus after, Instant now) {
    Phase previous = before == null ? null : before.getPhase();
    if (after.getPhase() != previous) {
      String message = Conditions.find(after.getConditions(), Conditions.READY).map(Condition::getMessage).orElse("");
      post(client, resource, after.getPhase().needsAttention() ? "Warning" : "Normal", after.getPhase().name(),
          (previous == null ? "" : previous + " -> ") + after.getPhase() + ": " + message, now);
    }
    // Our own and the providers' conditions (the vendor not answering, an overdue account, a recreated
    // deployment): each change is news, and so is one that first appears in other than its healthy state.
    for (Condition c : after.getConditions()) {
      if (STANDARD.contains(c.getType())) continue;
      Optional<Condition> was = before == null ? Optional.empty() : Conditions.find(before.getConditions(), c.getType());
      boolean healthy = c.getStatus().equals(HEALTHY.get(c.getType()));
      boolean changed = was.map(w -> !w.getStatus().equals(c.getStatus())).orElse(!healthy);
      if (changed) post(client, resource, healthy ? "Normal" : "Warning", c.getReason(), c.getMessage(), now);
    }
    rolloutMoved(before == null ? null : before.getRollout(), after.getRollout())
        .ifPresent(r -> post(client, resource, "Normal", "Rollout" + r.getPhase(), r.getMessage(), now));
    Optional<Condition> rejected = Conditions.find(after.getConditions(), Conditions.ACCEPTED).filter(c -> "False".equals(c.getStatus()));
    Optional<Condition> wasRejected = before == null ? Optional.empty()
        : Conditions.find(before.getConditions(), Conditions.ACCEPTED).filter(c -> "False".equals(c.getStatus()));
    boolean newGeneration = before == null || !Objects.equals(before.getObservedGeneration(), after.getObservedGeneration());
    if (rejected.isPresent() && (wasRejected.isEmpty() || newGeneration))
      post(client, resource, "Warning", "SpecRejected", rejected.get().getMessage(), now);
  }

  /** A rollout that started, moved a step or a weight, or ended; an abort is told by its condition's Warning. */
  private static Optional<RolloutStatus> rolloutMoved(RolloutStatus before, RolloutStatus after) {
    if (after == null || after.getPhase() == null || after.getPhase() == RolloutPhase.Aborted) return Optional.empty();
    boolean moved = before == null || before.getPhase() != after.getPhase() || !Objects.equals(before.getStepIndex(), after.getStepIndex())
        || !Objects.equals(before.getCanaryWeight(), after.getCanaryWeight())
        || !Objects.equals(name(before.getCanary()), name(after.getCanary()));
    return moved ? Optional.of(after) : Optional.empty();
  }

  private static String name(RevisionStatus revision) { return revision == null ? null : revision.getName(); }

  static void post(KubernetesClient client, ModelDeployment resource, String type, String reason, String message,
      Instant now) {
    String time = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    var meta = resource.getMetadata();
    try {
      client.v1().events().inNamespace(meta.getNamespace()).resource(new EventBuilder()
          .withNewMetadata().withName(meta.getName() + "." + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(meta.getNamespace()).endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(resource.getApiVersion()).withKind(resource.getKind())
              .withName(meta.getName()).withNamespace(meta.getNamespace()).withUid(meta.getUid()).build())
          .withType(type).withReason(reason).withMessage(message)
          .withFirstTimestamp(time).withLastTimestamp(time).withCount(1)
          .withNewSource().withComponent(COMPONENT).endSource()
          .withReportingComponent(COMPONENT)
          .build()).create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy: losing one must not fail or repeat the reconcile.
      LOG.warnf("could not record event %s for %s/%s: %s", reason, meta.getNamespace(), meta.getName(), e.getMessage());
    }
  }
}
