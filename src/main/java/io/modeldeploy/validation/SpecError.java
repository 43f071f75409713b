package io.modeldeploy.validation;

/** One thing wrong with a spec: the field, a stable CamelCase reason, and what was expected. */
public record SpecError(String field, String reason, String message) {
  @Override
  public String toString() { return field + ": " + message; }
}
