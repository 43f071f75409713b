package io.modeldeploy.provider.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.modeldeploy.provider.Observation;
import io.modeldeploy.provider.ProviderState;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the Deployments' own conditions and their pods' scheduling and container states into an
 * Observation. Pure: the provider passes what the informers hold.
 */
final class WorkloadObserver {

  /** Container waiting reasons that mean a pod will not start by itself. */
  static final Set<String> POD_FAILURES = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
      "CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError");

  private WorkloadObserver() {}

  /** A problem seen on a pod: why it is not running. */
  record PodProblem(String reason, String message) {}

  /**
   * Several Deployments (prefill and decode) count as one: ready only when all are, failed when any
   * is; replica counts are those of the weakest.
   */
  static Observation observe(List<Deployment> deployments, Collection<Pod> pods, String selector, String endpoint,
      String modelCode) {
    if (deployments.isEmpty() || deployments.stream().anyMatch(Objects::isNull))
      return new Observation(ProviderState.NotFound, 0, 0, 0, selector, null, null, null, null);
    Optional<PodProblem> podProblem = pods.stream().map(WorkloadObserver::problem).flatMap(Optional::stream).findFirst();
    ProviderState state = ProviderState.Ready;
    String reason = null;
    String message = null;
    int desired = Integer.MAX_VALUE, replicas = Integer.MAX_VALUE, ready = Integer.MAX_VALUE, pending = 0;
    for (Deployment d : deployments) {
      DeploymentStatus st = d.getStatus();
      int want = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
      int have = st == null ? 0 : Optional.ofNullable(st.getReplicas()).orElse(0);
      int up = st == null ? 0 : Optional.ofNullable(st.getReadyReplicas()).orElse(0);
      int updated = st == null ? 0 : Optional.ofNullable(st.getUpdatedReplicas()).orElse(0);
      desired = Math.min(desired, want);
      replicas = Math.min(replicas, have);
      ready = Math.min(ready, up);
      Optional<DeploymentCondition> failure = failure(st);
      ProviderState own;
      if (failure.isPresent()) {
        own = ProviderState.Failed;
        reason = podProblem.map(PodProblem::reason).orElse(failure.get().getReason());
        message = podProblem.map(PodProblem::message).orElse(failure.get().getMessage());
      } else if (want == 0) {
        own = have == 0 ? ProviderState.Stopped : ProviderState.Stopping;
      } else if (st == null || st.getObservedGeneration() == null) {
        own = ProviderState.Pending;
        pending++;
      } else if (caughtUp(d) && updated == want && up == want && have == want) {
        own = ProviderState.Ready;
      } else {
        own = ProviderState.Progressing;
      }
      state = worse(state, own);
    }
    // Some workloads started and some not yet seen by their controller: that is progress.
    if (state == ProviderState.Pending && pending < deployments.size()) state = ProviderState.Progressing;
    if ((state == ProviderState.Progressing || state == ProviderState.Pending) && podProblem.isPresent()) {
      reason = podProblem.get().reason();
      message = podProblem.get().message();
    }
    return new Observation(state, desired, replicas, ready, selector, state == ProviderState.Ready ? endpoint : null,
        modelCode, reason, message);
  }

  private static boolean caughtUp(Deployment d) {
    Long generation = d.getMetadata().getGeneration();
    Long observed = d.getStatus().getObservedGeneration();
    return generation == null || observed >= generation;
  }

  /** The rollout gave up (progress deadline) or the controller cannot create pods (quota, admission). */
  static Optional<DeploymentCondition> failure(DeploymentStatus status) {
    if (status == null || status.getConditions() == null) return Optional.empty();
    return status.getConditions().stream()
        .filter(c -> ("Progressing".equals(c.getType()) && "False".equals(c.getStatus()) && "ProgressDeadlineExceeded".equals(c.getReason()))
            || ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())))
        .findFirst();
  }

  static Optional<PodProblem> problem(Pod pod) {
    if (pod.getStatus() == null) return Optional.empty();
    if (pod.getStatus().getConditions() != null) {
      for (PodCondition c : pod.getStatus().getConditions())
        if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
          return Optional.of(new PodProblem("Unschedulable", "pod " + pod.getMetadata().getName() + ": " + c.getMessage()));
    }
    if (pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
        if (cs.getState() != null && cs.getState().getWaiting() != null && POD_FAILURES.contains(cs.getState().getWaiting().getReason()))
          return Optional.of(new PodProblem(cs.getState().getWaiting().getReason(),
              "pod " + pod.getMetadata().getName() + ": " + Optional.ofNullable(cs.getState().getWaiting().getMessage()).orElse(cs.getState().getWaiting().getReason())));
      }
    }
    return Optional.empty();
  }

  /** The state of several workloads together: the least advanced one wins. */
  private static ProviderState worse(ProviderState a, ProviderState b) {
    List<ProviderState> order = List.of(ProviderState.Failed, ProviderState.Pending, ProviderState.Progressing,
        ProviderState.Stopping, ProviderState.Stopped, ProviderState.Ready);
    return order.indexOf(a) <= order.indexOf(b) ? a : b;
  }
}
