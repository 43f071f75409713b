package io.modeldeploy.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/** The model's own count of a call's tokens, read from its answer: the body, or the last chunk of a stream. */
public record Usage(long input, long output) {

  public long total() { return input + output; }

  /** From an answer's usage object (prompt_tokens, completion_tokens); null when it has none. */
  public static Usage of(JsonObject answer) {
    JsonObject usage = answer == null ? null : answer.getJsonObject("usage");
    if (usage == null) return null;
    long input = usage.getLong("prompt_tokens", 0L);
    long output = usage.getLong("completion_tokens", Math.max(0, usage.getLong("total_tokens", input) - input));
    return new Usage(input, output);
  }

  /**
   * From a whole answer: its usage object is found and read where it is, without parsing the answer
   * (what parsing every answer cost was the gateway's largest single cost: docs/benchmarks.md).
   */
  public static Usage of(Buffer body) {
    String text = body.toString(StandardCharsets.UTF_8);
    int usage = text.lastIndexOf("\"usage\"");
    if (usage < 0) return null;
    long input = number(text, usage, "\"prompt_tokens\"");
    if (input < 0) return null;
    long output = number(text, usage, "\"completion_tokens\"");
    if (output < 0) output = Math.max(0, number(text, usage, "\"total_tokens\"") - input);
    return new Usage(input, output);
  }

  /** The whole number after a field's name and colon, from a position on; -1 when there is none. */
  static long number(String text, int from, String field) {
    int at = text.indexOf(field, from);
    if (at < 0) return -1;
    int i = at + field.length();
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == ':')) i++;
    long value = 0;
    int digits = 0;
    for (; i < text.length() && Character.isDigit(text.charAt(i)); i++, digits++) value = value * 10 + (text.charAt(i) - '0');
    return digits == 0 ? -1 : value;
  }

  /**
   * Reads a server-sent-event stream as it passes, chunk by chunk, for the chunk that carries usage
   * (asked for with stream_options.include_usage); only lines that mention it are parsed.
   */
  public static final class StreamScanner {
    private final StringBuilder partial = new StringBuilder();
    private Usage found;

    public void feed(Buffer chunk) {
      partial.append(chunk.toString(StandardCharsets.UTF_8));
      int end;
      while ((end = partial.indexOf("\n")) >= 0) {
        String line = partial.substring(0, end).trim();
        partial.delete(0, end + 1);
        if (line.startsWith("data:") && line.contains("\"usage\"") && line.contains("prompt_tokens")) {
          try {
            Usage usage = of(new JsonObject(line.substring(5).trim()));
            if (usage != null) found = usage;
          } catch (RuntimeException notJson) {
            // Not ours to judge: the client gets the line as it came.
          }
        }
      }
    }

    public Usage usage() { return found; }
  }
}
