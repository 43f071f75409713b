package io.modeldeploy.gateway;

import io.vertx.core.json.JsonObject;

/** An error in the OpenAI shape ({"error": {message, type, param, code}}), which every OpenAI client reads. */
public record OpenAiError(int status, String type, String code, String message, Long retryAfterSeconds) {

  public static OpenAiError of(int status, String type, String code, String message) {
    return new OpenAiError(status, type, code, message, null);
  }

  public static OpenAiError badRequest(String code, String message) { return of(400, "invalid_request_error", code, message); }

  /** The vendor's own throttling answer, with why and until when. */
  public static OpenAiError throttled(String why, long retryAfterSeconds) {
    return new OpenAiError(429, "limit_requests", "Throttling.RateQuota",
        "Requests rate limit exceeded, please try again later: " + why, retryAfterSeconds);
  }

  public String body() {
    return new JsonObject().put("error", new JsonObject().put("message", message).put("type", type)
        .putNull("param").put("code", code)).encode();
  }
}
