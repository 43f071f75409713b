package io.modeldeploy.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.modeldeploy.api.UsageCounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The counting rules, pure: the window's verdicts, the estimate, usage read from answers and streams, per-replica counters. */
class CountingTest {

  @ParameterizedTest(name = "{0} requests and {1} tokens counted, limits {2}/{3}, estimate {4}: {5}")
  @CsvSource(nullValues = "-", value = {
      "0, 0, 10, -, 500, Admitted",
      "9, 0, 10, -, 500, Admitted",
      "10, 0, 10, -, 500, OverRequests",
      "0, 0, -, 1000, 1000, Admitted",
      "0, 1, -, 1000, 1000, OverTokens",
      "0, 600, -, 1000, 400, Admitted",
      "0, 601, -, 1000, 400, OverTokens",
      "0, 0, -, 1000, 1001, LargerThanLimit",
      // The request limit is looked at first: a call over both says requests.
      "10, 999, 10, 1000, 400, OverRequests",
      "3, 999999, -, -, 400, Admitted"})
  void theWindowAdmitsWhatFitsBothLimits(long requests, long tokens, Long rpm, Long tpm, long estimate, Window.Verdict verdict) {
    assertThat(Window.decide(requests, tokens, rpm, tpm, estimate)).isEqualTo(verdict);
  }

  @ParameterizedTest(name = "at {0} ms into the minute, retry after {1} s")
  @CsvSource({"0, 60", "1, 60", "59000, 1", "59999, 1", "30500, 30"})
  void retryAfterIsTheWholeSecondsUntilTheNextWindow(long millisIntoMinute, long seconds) {
    assertThat(Window.retryAfterSeconds(60_000L * 29_000_000 + millisIntoMinute)).isEqualTo(seconds);
  }

  @Test
  void localCountersFillAWindowExactlyAndSettleWithinIt() {
    LocalCounters counters = new LocalCounters();
    long now = 60_000L * 100 + 10;
    Admission first = counters.admitNow("ns/a", null, 100L, 60, now);
    assertThat(first.admitted()).isTrue();
    assertThat(counters.admitNow("ns/a", null, 100L, 60, now).verdict()).isEqualTo(Window.Verdict.OverTokens);
    counters.settle(first, 20);
    assertThat(counters.admitNow("ns/a", null, 100L, 60, now).admitted()).isTrue();
    // A new window starts empty, and a settlement of the old one does not touch it.
    Admission next = counters.admitNow("ns/a", null, 100L, 90, now + 60_000);
    assertThat(next.admitted()).isTrue();
    counters.settle(first, 0);
    assertThat(counters.admitNow("ns/a", null, 100L, 11, now + 60_000).verdict()).isEqualTo(Window.Verdict.OverTokens);
    // Other deployments count apart; without limits nothing is counted.
    assertThat(counters.admitNow("ns/b", null, 100L, 100, now).admitted()).isTrue();
    assertThat(counters.admitNow("ns/c", null, null, 1_000_000, now).counted()).isFalse();
  }

  @Test
  void localUsageIsDrainedForTheWriterAndPutBackWhenItsWriteFails() {
    LocalCounters counters = new LocalCounters();
    counters.add("ns/a", "2026-11-29", "2026-11", new UsageCounts(1, 10, 5, 0, 0, 0));
    counters.add("ns/a", "2026-11-30", "2026-11", new UsageCounts(2, 20, 10, 1, 7, 3));
    UsageCounts[] share = counters.drain("ns/a", "2026-11-30", "2026-11");
    assertThat(share[0]).isEqualTo(new UsageCounts(2, 20, 10, 1, 7, 3));
    assertThat(share[1]).isEqualTo(new UsageCounts(3, 30, 15, 1, 7, 3));
    assertThat(counters.drain("ns/a", "2026-11-30", "2026-11")[1]).isEqualTo(new UsageCounts());
    counters.putBack("ns/a", "2026-11-30", "2026-11", share);
    assertThat(counters.drain("ns/a", "2026-11-30", "2026-11")).containsExactly(share);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // 30 characters and one message: 8 + 4; max_tokens 20
      "{\"messages\":[{\"role\":\"user\",\"content\":\"Say hello in one word, please.\"}],\"max_tokens\":20} | ChatCompletions | 12 | 20",
      "{\"messages\":[{\"role\":\"user\",\"content\":\"Say hello in one word, please.\"}],\"max_completion_tokens\":7,\"max_tokens\":99} | ChatCompletions | 12 | 7",
      // No max_tokens: the deployment's typical output (here 300)
      "{\"messages\":[{\"role\":\"system\",\"content\":\"abcd\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"abcdefgh\"}]}]} | ChatCompletions | 11 | 300",
      "{\"prompt\":\"abcdefghijkl\",\"max_tokens\":5} | Completions | 3 | 5",
      "{\"input\":[\"abcd\",\"abcdefgh\"]} | Embeddings | 3 | 0"})
  void theEstimateIsThePromptAtFourCharactersATokenPlusTheOutputAskedFor(String body, Call call, long input, long output) {
    assertThat(TokenEstimate.of(new JsonObject(body), call, 300)).isEqualTo(new TokenEstimate(input, output));
  }

  @Test
  void usageIsReadFromAnAnswerAndFromAStreamCutAnywhere() {
    assertThat(Usage.of(Buffer.buffer("{\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}")))
        .isEqualTo(new Usage(12, 5));
    // Embeddings count no completion tokens.
    assertThat(Usage.of(Buffer.buffer("{\"usage\":{\"prompt_tokens\":9,\"total_tokens\":9}}"))).isEqualTo(new Usage(9, 0));
    assertThat(Usage.of(Buffer.buffer("not json"))).isNull();
    // Read where it is, not parsed: an answer that talks about usage is not mistaken for it.
    assertThat(Usage.of(Buffer.buffer("{\"choices\":[{\"message\":{\"content\":\"{\\\"usage\\\": {\\\"prompt_tokens\\\": 1}}\"}}],"
        + "\"usage\": {\"prompt_tokens\": 812, \"completion_tokens\": 64, \"total_tokens\": 876}}"))).isEqualTo(new Usage(812, 64));
    String stream = "data: {\"choices\":[{\"delta\":{\"content\":\"usage\"}}]}\n\n"
        + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":3,\"total_tokens\":43}}\n\ndata: [DONE]\n\n";
    for (int cut = 1; cut < stream.length(); cut += 7) {
      Usage.StreamScanner scanner = new Usage.StreamScanner();
      scanner.feed(Buffer.buffer(stream.substring(0, cut)));
      scanner.feed(Buffer.buffer(stream.substring(cut)));
      assertThat(scanner.usage()).as("cut at %d", cut).isEqualTo(new Usage(40, 3));
    }
  }
}
