package io.modeldeploy.provider;

import io.modeldeploy.validation.SpecError;

/**
 * The provider refused the spec (the vendor said InvalidParameter, the workspace is not entitled,
 * credentials are missing): reported like a validation error, and not retried until the spec changes
 * unless it says when to look again.
 */
public class ProviderRejection extends RuntimeException {
  private final SpecError error;
  private final java.time.Duration retryAfter;

  public ProviderRejection(String field, String reason, String message) {
    this(field, reason, message, null);
  }

  /** A rejection that can go away without a spec change (a Secret created later): look again after a while. */
  public ProviderRejection(String field, String reason, String message, java.time.Duration retryAfter) {
    super(message);
    this.error = new SpecError(field, reason, message);
    this.retryAfter = retryAfter;
  }

  public SpecError error() { return error; }

  public java.util.Optional<java.time.Duration> retryAfter() { return java.util.Optional.ofNullable(retryAfter); }
}
