package io.modeldeploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;

/**
 * The operator's requests as the real API server audited them: hack/cluster.sh's audit policy
 * records every request of the operator's ServiceAccount (and nothing else), one JSON line each.
 * Counts what was appended since this count began.
 */
final class AuditLog implements RequestCount {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> WRITES = Set.of("create", "update", "patch", "delete", "deletecollection");

  private final Path file;
  private long offset;
  private final Map<String, Long> byVerb = new TreeMap<>();
  private long writes;
  private long eventWrites;

  AuditLog(Path file) {
    this.file = file;
    this.offset = size();
  }

  /** Waits until the log has not grown for a second, then counts what it gained. */
  @Override
  public synchronized void settle() {
    AtomicLong last = new AtomicLong(-1);
    Awaitility.await().pollInterval(Duration.ofMillis(250)).during(Duration.ofSeconds(1)).atMost(Duration.ofMinutes(2))
        .until(() -> last.getAndSet(size()) == size());
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long end = in.length();
      byte[] appended = new byte[(int) (end - offset)];
      in.seek(offset);
      in.readFully(appended);
      String text = new String(appended, StandardCharsets.UTF_8);
      int complete = text.lastIndexOf('\n') + 1;
      text.substring(0, complete).lines().forEach(this::count);
      offset += text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void count(String line) {
    JsonNode event;
    try {
      event = JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String verb = event.path("verb").asText();
    byVerb.merge(verb, 1L, Long::sum);
    if (!WRITES.contains(verb)) return;
    if ("events".equals(event.path("objectRef").path("resource").asText())) eventWrites++;
    else writes++;
  }

  private long size() {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized Map<String, Long> byVerb() { return new TreeMap<>(byVerb); }

  @Override
  public synchronized long writes() { return writes; }

  @Override
  public synchronized long eventWrites() { return eventWrites; }

  @Override
  public synchronized void reset() {
    byVerb.clear();
    writes = 0;
    eventWrites = 0;
  }

  @Override
  public void close() {}
}
