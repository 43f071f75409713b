package io.modeldeploy.provider.modelstudio;

/** An error answer of the vendor's API: HTTP status, its `code` and `message`. */
public class VendorException extends RuntimeException {
  static final String BAD_RESPONSE = "BadResponse";
  private final int httpStatus;
  private final String code;

  public VendorException(int httpStatus, String code, String message) {
    super(code + ": " + message);
    this.httpStatus = httpStatus;
    this.code = code == null ? "" : code;
  }

  public int httpStatus() { return httpStatus; }
  public String code() { return code; }
  public String vendorMessage() { return getMessage().substring(code.length() + 2); }

  /** Worth retrying later: throttled, the vendor failing, or no answer at all. */
  public boolean isTransient() { return httpStatus == 429 || httpStatus >= 500 || httpStatus == 0; }

  /** An answer that could not be read (not JSON, no output): retried like no answer. */
  public boolean isBadResponse() { return httpStatus == 0 && BAD_RESPONSE.equals(code); }

  public boolean isNotFound() { return httpStatus == 404 || "NotFound".equals(code); }

  public boolean isConflict() { return httpStatus == 409 || "Conflict".equals(code); }

  /** "Workspace xxx does not have deployment privilege for model xxxx", "Workspace access denied". */
  public boolean isPermission() {
    return httpStatus == 401 || httpStatus == 403 || getMessage().contains("does not have deployment privilege")
        || getMessage().contains("access denied") || getMessage().contains("Permission");
  }
}
