package io.modeldeploy.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The tokens a call is expected to use, decided before it is sent (the overflow header goes out
 * with the first byte of the answer, so the decision cannot wait for the model's count): the prompt
 * at four characters a token, plus the call's max_tokens or the deployment's recent typical output.
 * Settled with the model's own count when the call ends.
 */
public record TokenEstimate(long input, long output) {

  /** Per message: the role and the chat template's separators. */
  static final int MESSAGE_OVERHEAD = 4;

  public long total() { return input + output; }

  public static TokenEstimate of(JsonObject body, Call call, long typicalOutput) {
    long chars = 0;
    int messages = 0;
    Object content = switch (call) {
      case ChatCompletions -> body.getValue("messages");
      case Completions -> body.getValue("prompt");
      case Embeddings -> body.getValue("input");
    };
    if (content instanceof JsonArray array && call == Call.ChatCompletions) {
      for (Object message : array) {
        messages++;
        if (message instanceof JsonObject m) chars += characters(m.getValue("content"));
      }
    } else {
      chars = characters(content);
    }
    long input = (chars + 3) / 4 + (long) messages * MESSAGE_OVERHEAD;
    if (!call.generates()) return new TokenEstimate(input, 0);
    Long asked = maxTokens(body);
    return new TokenEstimate(input, asked != null ? asked : typicalOutput);
  }

  /** max_completion_tokens (the newer name) or max_tokens, when the call sets a usable one. */
  static Long maxTokens(JsonObject body) {
    for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
      Object value = body.getValue(field);
      if (value instanceof Number n && n.longValue() > 0) return n.longValue();
    }
    return null;
  }

  /** Text in a string, an array of strings or an array of content parts ({type: text, text}). */
  private static long characters(Object content) {
    if (content instanceof String s) return s.length();
    long chars = 0;
    if (content instanceof JsonArray array)
      for (Object part : array) {
        if (part instanceof String s) chars += s.length();
        else if (part instanceof JsonObject p && p.getValue("text") instanceof String text) chars += text.length();
        // Token ids (a pre-tokenised prompt) count one each.
        else if (part instanceof Number) chars += 4;
      }
    return chars;
  }
}
