package io.modeldeploy.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** "The operator writes nothing while nothing changes", as one helper for every test that claims it. */
public final class Quiet {

  /** Where a test reads the writes made since it last asked. */
  @FunctionalInterface
  public interface Writes {
    List<String> takeNew() throws Exception;
  }

  private Quiet() {}

  /** Every write seen during the window, in order: empty when it stayed quiet. */
  public static List<String> writesDuring(Duration window, Writes writes) {
    List<String> seen = new ArrayList<>();
    await().during(window).atMost(window.plusSeconds(2)).pollInterval(Duration.ofMillis(100))
        .until(() -> { seen.addAll(writes.takeNew()); return true; });
    seen.addAll(uncheck(writes));
    return seen;
  }

  private static List<String> uncheck(Writes writes) {
    try {
      return writes.takeNew();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
