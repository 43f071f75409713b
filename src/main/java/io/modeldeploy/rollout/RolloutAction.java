package io.modeldeploy.rollout;

import io.modeldeploy.api.ModelDeployment;
import java.util.Map;
import java.util.Optional;

/**
 * What a person asks of a running rollout without editing the spec (Git stays the source of truth):
 * the annotation modeldeploy.io/rollout set to promote or abort, by kubectl annotate or mdctl rollout.
 * The operator records in status that it acted on it, then removes the annotation, so that an
 * annotation is acted on once, even across a restart between the two writes.
 */
public enum RolloutAction {
  /** Ends the current step (its pause, and its analysis): the next step's weight, or the promotion after the last. */
  Promote("promote"),
  /** Sends every call back to the stable revision and removes the new one, until the spec changes again. */
  Abort("abort");

  public static final String ANNOTATION = "modeldeploy.io/rollout";

  private final String value;

  RolloutAction(String value) { this.value = value; }

  public String value() { return value; }

  /** The annotation's value as written, when it is one of ours; anything else is not an action. */
  public static Optional<RolloutAction> of(String value) {
    for (RolloutAction action : values())
      if (action.value.equals(value)) return Optional.of(action);
    return Optional.empty();
  }

  /** The raw annotation value on the resource, if any. */
  public static Optional<String> annotation(ModelDeployment resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return Optional.ofNullable(annotations == null ? null : annotations.get(ANNOTATION));
  }
}
