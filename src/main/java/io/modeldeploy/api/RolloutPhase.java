package io.modeldeploy.api;

/** Where a rollout stands: moving through its steps, waiting for a promotion, done, or aborted. */
public enum RolloutPhase {
  Progressing, Paused, Completed, Aborted;

  /** A new revision runs beside the stable one. */
  public boolean running() { return this == Progressing || this == Paused; }
}
