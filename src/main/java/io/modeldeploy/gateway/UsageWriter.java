package io.modeldeploy.gateway;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.UsageCounts;
import io.modeldeploy.api.UsageStatus;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Writes status.usage of the deployments that had traffic, at most once per interval each and not at
 * all without traffic. With Redis one replica per interval copies the shared totals (a lock in Redis
 * picks it); without, each replica adds what it counted to what status shows, under the
 * resourceVersion it read, so replicas never overwrite each other's share. Only status.usage is
 * patched: the operator's fields are not touched.
 */
public final class UsageWriter implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(UsageWriter.class);
  private static final long WAIT_SECONDS = 10;

  private final KubernetesClient client;
  private final Directory directory;
  private final Counters counters;
  /** Set without Redis: the counts to add to status. */
  private final LocalCounters ownShare;
  private final Duration interval;
  private final ZoneId zone;
  private final Clock clock;
  private final Set<String> touched = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "usage-writer");
    thread.setDaemon(true);
    return thread;
  });

  public UsageWriter(KubernetesClient client, Directory directory, Counters counters, Duration interval, ZoneId zone, Clock clock) {
    this.client = client;
    this.directory = directory;
    this.counters = counters;
    this.ownShare = counters instanceof LocalCounters local ? local : null;
    this.interval = interval;
    this.zone = zone;
    this.clock = clock;
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::writeAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A deployment's usage changed. */
  public void touched(String key) { touched.add(key); }

  /** One pass over the deployments that had traffic; what could not be written now is tried next interval. */
  public void writeAll() { writeAll(false); }

  /**
   * The last pass of a replica that stops: its usage is flushed to the shared totals, which it then
   * writes whether or not another replica wrote this interval (the totals are absolute: writing them
   * again is harmless), so nothing it counted waits for the next call to reach status.
   */
  public void writeBeforeStopping() {
    try {
      await(counters.flush());
    } catch (Exception e) {
      LOG.warnf("usage of the last second could not be added to Redis before stopping: %s", e.getMessage());
    }
    writeAll(true);
  }

  private void writeAll(boolean stopping) {
    for (String key : List.copyOf(touched)) {
      touched.remove(key);
      try {
        if (!write(key, stopping)) touched.add(key);
      } catch (Exception e) {
        touched.add(key);
        LOG.debugf("status.usage of %s not written this time: %s", key, e.getMessage());
      }
    }
  }

  /** @return false when it is to be tried again */
  boolean write(String key, boolean stopping) throws Exception {
    String[] names = key.split("/", 2);
    Optional<Route> route = directory.byName(names[0], names[1]);
    if (route.isEmpty()) return true;
    LocalDate today = LocalDate.now(clock.withZone(zone));
    String day = today.toString();
    String month = day.substring(0, 7);
    UsageStatus shown = route.get().usage();
    UsageCounts shownToday = shown != null && day.equals(shown.getDay()) ? shown.getToday() : new UsageCounts();
    UsageCounts shownMonth = shown != null && month.equals(shown.getMonth()) ? shown.getThisMonth() : new UsageCounts();
    if (ownShare != null) {
      UsageCounts[] share = ownShare.drain(key, day, month);
      UsageStatus next = new UsageStatus(day, LocalCounters.sum(shownToday, share[0]), month, LocalCounters.sum(shownMonth, share[1]));
      if (next.equals(shown)) return true;
      try {
        patch(names[0], names[1], next, route.get().resourceVersion());
        return true;
      } catch (KubernetesClientException e) {
        // Someone wrote since it was read (409): the share goes back, to be added to the newer figures.
        ownShare.putBack(key, day, month, share);
        if (e.getCode() == 409) return false;
        throw e;
      }
    }
    if (!await(counters.claimWriter(key, interval)) && !stopping) return false;
    await(counters.restore(key, day, month, shownToday, shownMonth));
    UsageCounts[] totals = await(counters.totals(key, day, month));
    UsageStatus next = new UsageStatus(day, totals[0], month, totals[1]);
    if (!next.equals(shown)) patch(names[0], names[1], next, null);
    return true;
  }

  private void patch(String namespace, String name, UsageStatus usage, String resourceVersion) {
    Map<String, Object> patch = new LinkedHashMap<>();
    if (resourceVersion != null) patch.put("metadata", Map.of("resourceVersion", resourceVersion));
    patch.put("status", Map.of("usage", usage));
    client.resources(ModelDeployment.class).inNamespace(namespace).withName(name).subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
