package io.modeldeploy.catalog;

/** The catalog does not offer what a spec asks for; field, stable reason and a specific message. */
public class OfferException extends RuntimeException {
  private final String field;
  private final String reason;

  public OfferException(String field, String reason, String message) {
    super(message);
    this.field = field;
    this.reason = reason;
  }

  public String field() { return field; }
  public String reason() { return reason; }
}
