package io.modeldeploy.rollout;

import io.fabric8.kubernetes.api.model.Condition;
import io.modeldeploy.api.RolloutPhase;
import io.modeldeploy.api.RolloutStatus;
import io.modeldeploy.lifecycle.Conditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rollout adds to the lifecycle's conditions: Reconciling is True while it runs (Ready stays
 * what the stable revision makes it), and RolloutAborted says whether the last one was aborted.
 */
public final class RolloutConditions {

  private RolloutConditions() {}

  public static List<Condition> apply(List<Condition> conditions, RolloutStatus rollout, Long generation, Instant now) {
    if (rollout == null || rollout.getPhase() == null) return conditions;
    List<Condition> next = new ArrayList<>(conditions);
    boolean running = rollout.getPhase().running();
    // The lifecycle's own work (deploying, resizing) is said first; a rollout is said when nothing else is.
    if (running && !Conditions.isTrue(conditions, Conditions.RECONCILING))
      next = Conditions.replace(next, List.of(Conditions.RECONCILING), List.of(Conditions.next(conditions, Conditions.RECONCILING,
          true, rollout.getPhase() == RolloutPhase.Paused ? Rollouts.PAUSED : Rollouts.PROGRESSING, rollout.getMessage(), generation, now)))
          .stream().sorted(java.util.Comparator.comparingInt(c -> position(conditions, c.getType()))).toList();
    boolean aborted = rollout.getPhase() == RolloutPhase.Aborted;
    Condition abort = Conditions.next(conditions, Conditions.ROLLOUT_ABORTED, aborted,
        aborted ? rollout.getAbortReason() : Rollouts.NOT_ABORTED, aborted ? rollout.getMessage() : "the last rollout was not aborted",
        generation, now);
    return Conditions.replace(next, List.of(Conditions.ROLLOUT_ABORTED), List.of(abort));
  }

  /** Keeps a replaced condition where it was in the list. */
  private static int position(List<Condition> conditions, String type) {
    for (int i = 0; i < conditions.size(); i++)
      if (conditions.get(i).getType().equals(type)) return i;
    return conditions.size();
  }
}
