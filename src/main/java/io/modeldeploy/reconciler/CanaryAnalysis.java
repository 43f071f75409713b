package io.modeldeploy.reconciler;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.Rollout;
import io.modeldeploy.api.RolloutStatus;
import io.modeldeploy.api.StepAnalysis;
import io.modeldeploy.autoscaling.MetricsSampler;
import io.modeldeploy.rollout.Analysis;
import io.modeldeploy.rollout.RevisionCounts;
import io.modeldeploy.rollout.Rollouts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The windows a canary step is checked over: from the gateway's counters of the new revision (read
 * by the sampler, never in a reconcile), each window starting where the last check ended. Windows
 * live in memory: after a restart the current step's window starts again, so a check may take longer
 * but no step is skipped.
 */
@ApplicationScoped
public class CanaryAnalysis {

  @Inject MetricsSampler sampler;

  private record Window(String revision, int step, RevisionCounts start) {}

  private final Map<ResourceID, Window> windows = new ConcurrentHashMap<>();

  /** A check of the current step when its window holds enough calls; empty otherwise (and when nothing is analysed). */
  Optional<StepAnalysis> check(ModelDeployment resource, RolloutStatus rollout, Rollout spec) {
    ResourceID id = ResourceID.fromResource(resource);
    if (rollout == null || !Rollouts.analysing(spec, rollout)) {
      forget(id);
      return Optional.empty();
    }
    String revision = rollout.getCanary().getName();
    int step = rollout.stepIndex();
    sampler.watchRevision(id, revision);
    Optional<RevisionCounts> read = sampler.revisionCounts(id, revision);
    if (read.isEmpty()) return Optional.empty();
    Window window = windows.get(id);
    RevisionCounts counted = window == null || !window.revision().equals(revision) || window.step() != step ? null
        : read.get().since(window.start());
    if (counted == null) {
      windows.put(id, new Window(revision, step, read.get()));
      return Optional.empty();
    }
    Optional<StepAnalysis> check = Analysis.check(spec.getAnalysis(), step, counted);
    if (check.isPresent()) windows.put(id, new Window(revision, step, read.get()));
    return check;
  }

  /** How soon a due check is looked for. */
  Duration interval() { return sampler.interval(); }

  void forget(ResourceID id) {
    windows.remove(id);
    sampler.unwatchRevision(id);
  }
}
