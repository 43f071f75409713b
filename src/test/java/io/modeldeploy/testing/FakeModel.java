package io.modeldeploy.testing;

import io.modeldeploy.gateway.Call;
import io.modeldeploy.gateway.TokenEstimate;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What an OpenAI-compatible model server answers, without a model: the shapes vLLM and the vendor's
 * compatible mode send (a completion with usage, an SSE stream whose last chunk carries usage when
 * stream_options.include_usage asks for it, embeddings), with token counts decided by the caller.
 * Shared by the fake vLLM (FakeModelServer) and the vendor simulator's compatible-mode endpoint.
 */
public final class FakeModel {

  private FakeModel() {}

  /** Fixed counts, or the prompt at four characters a token and max_tokens (capped) for the output. */
  public record Tokens(long prompt, long completion) {
    public static Tokens of(JsonObject request, Call call, long maxOutput) {
      TokenEstimate estimate = TokenEstimate.of(request, call, maxOutput);
      return new Tokens(Math.max(1, estimate.input()), call.generates() ? Math.min(maxOutput, estimate.output()) : 0);
    }
  }

  public static JsonObject usage(Tokens tokens) {
    return new JsonObject().put("prompt_tokens", tokens.prompt()).put("completion_tokens", tokens.completion())
        .put("total_tokens", tokens.prompt() + tokens.completion());
  }

  /** A whole answer (stream: false). */
  public static JsonObject answer(Call call, String model, Tokens tokens, String serviceTier) {
    JsonObject answer = switch (call) {
      case ChatCompletions -> new JsonObject().put("id", "chatcmpl-fake").put("object", "chat.completion").put("model", model)
          .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("finish_reason", "stop")
              .put("message", new JsonObject().put("role", "assistant").put("content", text(tokens.completion())))));
      case Completions -> new JsonObject().put("id", "cmpl-fake").put("object", "text_completion").put("model", model)
          .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("finish_reason", "stop")
              .put("text", text(tokens.completion()))));
      case Embeddings -> new JsonObject().put("object", "list").put("model", model)
          .put("data", new JsonArray().add(new JsonObject().put("object", "embedding").put("index", 0)
              .put("embedding", new JsonArray().add(0.1).add(0.2).add(0.3))));
    };
    if (serviceTier != null) answer.put("service_tier", serviceTier);
    return answer.put("usage", usage(tokens));
  }

  /** The events of a streamed answer, each "data: ...\n\n", a word a chunk, then usage if asked, then [DONE]. */
  public static List<String> stream(Call call, String model, Tokens tokens, boolean includeUsage, String serviceTier) {
    List<String> events = new ArrayList<>();
    String object = call == Call.ChatCompletions ? "chat.completion.chunk" : "text_completion";
    for (long i = 0; i < Math.max(1, tokens.completion()); i++) {
      JsonObject choice = new JsonObject().put("index", 0);
      if (call == Call.ChatCompletions) choice.put("delta", new JsonObject().put("content", "tok" + i + " "));
      else choice.put("text", "tok" + i + " ");
      JsonObject chunk = new JsonObject().put("id", "fake").put("object", object).put("model", model)
          .put("choices", new JsonArray().add(choice));
      if (serviceTier != null) chunk.put("service_tier", serviceTier);
      events.add("data: " + chunk.encode() + "\n\n");
    }
    if (includeUsage)
      events.add("data: " + new JsonObject().put("id", "fake").put("object", object).put("model", model)
          .put("choices", new JsonArray()).put("usage", usage(tokens)).encode() + "\n\n");
    events.add("data: [DONE]\n\n");
    return events;
  }

  public static boolean includeUsage(JsonObject request) {
    JsonObject options = request.getJsonObject("stream_options");
    return options != null && Boolean.TRUE.equals(options.getBoolean("include_usage"));
  }

  private static String text(long tokens) {
    return "tok ".repeat((int) Math.min(tokens, 10_000)).trim();
  }
}
