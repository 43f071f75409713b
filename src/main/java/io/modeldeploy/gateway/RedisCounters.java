package io.modeldeploy.gateway;

import io.modeldeploy.api.UsageCounts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Counters every gateway replica shares through Redis: each replica leases a small share of a
 * deployment's window with one Lua script (check and reserve at once, so two replicas never admit
 * the same last token) and admits calls from it until it runs out. Usage is summed here and added to Redis once a
 * second (one script per deployment, not one per call: a call costs one Redis round trip, not two).
 * While Redis cannot be reached, calls are counted by this replica alone (said once in the log and
 * by {@link #shared()}), and the usage keeps being summed until Redis takes it, so none is lost.
 */
public final class RedisCounters implements Counters {

  private static final Logger LOG = Logger.getLogger(RedisCounters.class);

  /**
   * Window.decide, in Lua, for a lease: KEYS requests, tokens; ARGV rpm (0: none), tpm (0: none), the
   * call's estimate, the requests and tokens wanted, ttl ms. Admitted: the window counts what is
   * granted (what is wanted, or what is left of the limit if less), returned as {0, requests, tokens}.
   */
  static final String LEASE = """
      local r = tonumber(redis.call('GET', KEYS[1]) or '0')
      local t = tonumber(redis.call('GET', KEYS[2]) or '0')
      local rpm = tonumber(ARGV[1]); local tpm = tonumber(ARGV[2]); local est = tonumber(ARGV[3])
      if rpm > 0 and r >= rpm then return {1, 0, 0} end
      if tpm > 0 and est > tpm then return {3, 0, 0} end
      if tpm > 0 and t + est > tpm then return {2, 0, 0} end
      local gr = tonumber(ARGV[4]); local gt = tonumber(ARGV[5])
      if rpm > 0 then gr = math.min(gr, rpm - r) end
      if tpm > 0 then gt = math.min(gt, tpm - t) end
      redis.call('INCRBY', KEYS[1], gr); redis.call('PEXPIRE', KEYS[1], ARGV[6])
      redis.call('INCRBY', KEYS[2], gt); redis.call('PEXPIRE', KEYS[2], ARGV[6])
      return {0, gr, gt}
      """;
  /**
   * A lease is this share of a limit (at least one call's worth): what replicas hold unused when a
   * window ends is at most this share each, so a limit is admitted to within replicas x 0.5 %.
   */
  static final long LEASE_DIVISOR = 200;
  /** Usage added to the day's and the month's hash at once. */
  static final String ADD = """
      local fields = {'requests', 'inputTokens', 'outputTokens', 'overflowRequests', 'overflowInputTokens', 'overflowOutputTokens'}
      for k = 1, 2 do
        for i = 1, 6 do
          if ARGV[i] ~= '0' then redis.call('HINCRBY', KEYS[k], fields[i], ARGV[i]) end
        end
        redis.call('EXPIRE', KEYS[k], ARGV[6 + k])
      end
      return 1
      """;
  /**
   * For each hash (day, month) not seeded yet: what status shows for that period is added, once. A hash
   * status already counts was seeded by the write that made status show it; an unseeded one holding
   * counts status shows as well is one Redis lost and started again (a restart without persistence).
   */
  static final String RESTORE = """
      local fields = {'requests', 'inputTokens', 'outputTokens', 'overflowRequests', 'overflowInputTokens', 'overflowOutputTokens'}
      local restored = 0
      for k = 1, 2 do
        if redis.call('HSETNX', KEYS[k], 'seeded', 1) == 1 then
          for i = 1, 6 do
            local shown = tonumber(ARGV[(k - 1) * 6 + i])
            if shown > 0 then redis.call('HINCRBY', KEYS[k], fields[i], shown); restored = 1 end
          end
        end
        redis.call('EXPIRE', KEYS[k], ARGV[12 + k])
      end
      return restored
      """;
  private static final long DAY_TTL_SECONDS = Duration.ofDays(3).toSeconds();
  private static final long MONTH_TTL_SECONDS = Duration.ofDays(62).toSeconds();

  private final Vertx vertx;
  private final Redis redis;
  private final Duration timeout;
  private final LocalCounters fallback = new LocalCounters();
  /** Usage not yet added to Redis, by key|day|month. */
  private final Map<String, UsageCounts> unsent = new ConcurrentHashMap<>();
  /** Completed by the flush that puts what is summed now into Redis: who added usage then knows it is there. */
  private Promise<Void> flushed = Promise.promise();
  private static final long FLUSH_MILLIS = 1000;
  private final long flushTimer;
  private final Map<String, String> shas = new ConcurrentHashMap<>();
  private final Map<String, Lease> leases = new ConcurrentHashMap<>();
  private final AtomicBoolean reachable = new AtomicBoolean(true);
  /** After a failure Redis is asked again only from this instant on, so a dead Redis costs no call its timeout. */
  private volatile long retryAtMillis;
  private final String writerId = UUID.randomUUID().toString();

  public RedisCounters(Vertx vertx, String url, Duration timeout) {
    this.vertx = vertx;
    this.timeout = timeout;
    this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(16)
        .setMaxPoolWaiting(100_000).setMaxWaitingHandlers(100_000)
        .setNetClientOptions(new NetClientOptions().setConnectTimeout((int) timeout.toMillis()).setTcpNoDelay(true)));
    this.flushTimer = vertx.setPeriodic(FLUSH_MILLIS, t -> flush());
  }

  /**
   * A call is admitted from this replica's lease of the window when the lease has room, else a new
   * lease is asked of Redis (one round trip per lease, not per call) and the call admitted from it.
   */
  @Override
  public Future<Admission> admit(String key, Long rpm, Long tpm, long estimate, long nowMillis) {
    if (Window.unlimited(rpm, tpm)) return Future.succeededFuture(Admission.unlimited(key));
    if (!askRedis()) return Future.succeededFuture(fallback.admitNow(key, rpm, tpm, estimate, nowMillis));
    long window = Window.of(nowMillis);
    Lease lease = leases.computeIfAbsent(key, k -> new Lease());
    long retryAfter = Window.retryAfterSeconds(nowMillis);
    if (lease.take(window, rpm, tpm, estimate)) return Future.succeededFuture(new Admission(key, window, estimate, Window.Verdict.Admitted, retryAfter, true));
    long requests = rpm == null ? 0 : Math.max(1, rpm / LEASE_DIVISOR);
    long tokens = tpm == null ? 0 : Math.max(estimate, tpm / LEASE_DIVISOR);
    String prefix = "md:{" + key + "}:w:" + window;
    return script(LEASE, List.of(prefix + ":r", prefix + ":t"),
        List.of(String.valueOf(rpm == null ? 0 : rpm), String.valueOf(tpm == null ? 0 : tpm), String.valueOf(estimate),
            String.valueOf(requests), String.valueOf(tokens), String.valueOf(2 * Window.MILLIS)))
        .map(r -> {
          Window.Verdict verdict = Window.Verdict.values()[r.get(0).toInteger()];
          if (verdict.admitted()) lease.grant(window, r.get(1).toLong(), r.get(2).toLong(), rpm, tpm, estimate);
          return new Admission(key, window, estimate, verdict, retryAfter, true);
        })
        .recover(e -> Future.succeededFuture(unreachable(e, () -> fallback.admitNow(key, rpm, tpm, estimate, nowMillis))));
  }

  /** This replica's share of a deployment's window: what it may still admit without asking Redis. */
  private static final class Lease {
    private long window = -1;
    private long requests;
    private long tokens;

    /** Admits from what is left, if it covers the call. */
    synchronized boolean take(long now, Long rpm, Long tpm, long estimate) {
      if (window != now) return false;
      if ((rpm != null && requests < 1) || (tpm != null && tokens < estimate)) return false;
      requests--;
      tokens -= estimate;
      return true;
    }

    /** A new grant, of which the call that asked takes its part at once. */
    synchronized void grant(long now, long grantedRequests, long grantedTokens, Long rpm, Long tpm, long estimate) {
      if (window != now) {
        window = now;
        requests = 0;
        tokens = 0;
      }
      requests += grantedRequests - (rpm == null ? 0 : 1);
      tokens += grantedTokens - (tpm == null ? 0 : estimate);
    }

    /** The real count instead of the estimate: the difference goes back to the lease, or is taken from it. */
    synchronized void settle(long of, long difference) {
      if (window == of) tokens += difference;
    }
  }

  @Override
  public void settle(Admission admission, long actualTokens) {
    if (!admission.counted() || actualTokens == admission.reserved()) return;
    if (!admission.sharedWindow()) {
      fallback.settle(admission, actualTokens);
      return;
    }
    Lease lease = leases.get(admission.key());
    if (lease != null) lease.settle(admission.window(), admission.reserved() - actualTokens);
  }

  @Override
  public Future<Void> add(String key, String day, String month, UsageCounts delta) {
    unsent.merge(key + "|" + day + "|" + month, delta, LocalCounters::sum);
    return nextFlush();
  }

  /** Completed once what was summed until now is in Redis (a failed flush passes it on to the next). */
  private synchronized Future<Void> nextFlush() { return flushed.future(); }

  private synchronized Promise<Void> startFlush() {
    Promise<Void> starting = flushed;
    flushed = Promise.promise();
    return starting;
  }

  /** What was summed since the last flush goes to Redis; what Redis does not take stays for the next. */
  @Override
  public Future<Void> flush() {
    Promise<Void> done = startFlush();
    if (unsent.isEmpty()) {
      done.tryComplete();
      return done.future();
    }
    if (!askRedis()) {
      nextFlush().onComplete(done);
      return Future.succeededFuture();
    }
    List<Future<Void>> sent = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean kept = new java.util.concurrent.atomic.AtomicBoolean();
    for (String pending : List.copyOf(unsent.keySet())) {
      UsageCounts delta = unsent.remove(pending);
      if (delta == null) continue;
      String[] parts = pending.split("\\|");
      sent.add(send(parts[0], parts[1], parts[2], delta).recover(e -> {
        unsent.merge(pending, delta, LocalCounters::sum);
        kept.set(true);
        unreachable(e, () -> null);
        return Future.succeededFuture();
      }));
    }
    return Future.all(sent).<Void>mapEmpty().onComplete(v -> {
      // Those waiting for usage Redis did not take now wait for the flush that takes it.
      if (kept.get()) nextFlush().onComplete(done);
      else done.tryComplete();
    });
  }

  private Future<Void> send(String key, String day, String month, UsageCounts d) {
    List<String> args = new java.util.ArrayList<>(fields(d));
    args.addAll(List.of(String.valueOf(DAY_TTL_SECONDS), String.valueOf(MONTH_TTL_SECONDS)));
    return script(ADD, List.of(usageKey(key, "d", day), usageKey(key, "m", month)), args).mapEmpty();
  }

  @Override
  public Future<Void> restore(String key, String day, String month, UsageCounts shownToday, UsageCounts shownThisMonth) {
    List<String> args = new java.util.ArrayList<>(fields(shownToday));
    args.addAll(fields(shownThisMonth));
    args.addAll(List.of(String.valueOf(DAY_TTL_SECONDS), String.valueOf(MONTH_TTL_SECONDS)));
    return script(RESTORE, List.of(usageKey(key, "d", day), usageKey(key, "m", month)), args).map(restored -> {
      if (restored.toInteger() == 1)
        LOG.warnf("usage of %s was lost by Redis (restarted without persistence?): restored from its status.usage", key);
      return null;
    });
  }

  private static List<String> fields(UsageCounts c) {
    return List.of(String.valueOf(c.getRequests()), String.valueOf(c.getInputTokens()), String.valueOf(c.getOutputTokens()),
        String.valueOf(c.getOverflowRequests()), String.valueOf(c.getOverflowInputTokens()), String.valueOf(c.getOverflowOutputTokens()));
  }

  @Override
  public Future<UsageCounts[]> totals(String key, String day, String month) {
    return withTimeout(redis.batch(List.of(Request.cmd(Command.HGETALL).arg(usageKey(key, "d", day)),
        Request.cmd(Command.HGETALL).arg(usageKey(key, "m", month)))))
        .map(both -> new UsageCounts[] {counts(both.get(0)), counts(both.get(1))});
  }

  @Override
  public Future<Boolean> claimWriter(String key, Duration interval) {
    return withTimeout(redis.send(Request.cmd(Command.SET).arg("md:{" + key + "}:writer").arg(writerId).arg("NX")
        .arg("PX").arg(interval.toMillis()))).map(r -> r != null && "OK".equals(r.toString()));
  }

  @Override
  public boolean shared() { return reachable.get(); }

  /** The last second's usage goes to Redis before the connection closes. */
  @Override
  public void close() {
    vertx.cancelTimer(flushTimer);
    try {
      flush().toCompletionStage().toCompletableFuture().get(timeout.toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warnf("usage of the last second not added to Redis before stopping: %s", e.getMessage());
    }
    redis.close();
  }

  static String usageKey(String key, String period, String name) { return "md:{" + key + "}:u:" + period + ":" + name; }

  private static UsageCounts counts(Response hash) {
    if (hash == null) return new UsageCounts();
    return new UsageCounts(field(hash, "requests"), field(hash, "inputTokens"), field(hash, "outputTokens"),
        field(hash, "overflowRequests"), field(hash, "overflowInputTokens"), field(hash, "overflowOutputTokens"));
  }

  private static long field(Response hash, String name) {
    Response value = hash.get(name);
    return value == null ? 0 : value.toLong();
  }

  private boolean askRedis() { return reachable.get() || System.currentTimeMillis() >= retryAtMillis; }

  private <T> T unreachable(Throwable e, java.util.function.Supplier<T> meanwhile) {
    retryAtMillis = System.currentTimeMillis() + 1000;
    if (reachable.compareAndSet(true, false))
      LOG.warnf("Redis cannot be reached (%s): limits are counted by each gateway replica alone until it is back", e.getMessage());
    return meanwhile.get();
  }

  /** Back after an outage: said once. */
  private void answered() {
    if (!reachable.get() && reachable.compareAndSet(false, true)) LOG.info("Redis answers again: limits are shared by every gateway replica");
  }

  private Future<Response> script(String script, List<String> keys, List<String> args) {
    String sha = shas.get(script);
    Future<Response> sent = sha == null ? eval(script, keys, args)
        : withTimeout(redis.send(call(Command.EVALSHA, sha, keys, args))).recover(e -> e.getMessage() != null
            && e.getMessage().startsWith("NOSCRIPT") ? eval(script, keys, args) : Future.failedFuture(e));
    return sent.onSuccess(r -> answered());
  }

  private Future<Response> eval(String script, List<String> keys, List<String> args) {
    // EVAL once, then by its SHA-1 (SCRIPT LOAD's answer): Redis caches what EVAL ran.
    return withTimeout(redis.send(call(Command.EVAL, script, keys, args))).onSuccess(r ->
        redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script)).onSuccess(s -> shas.put(script, s.toString())));
  }

  private static Request call(Command command, String scriptOrSha, List<String> keys, List<String> args) {
    Request request = Request.cmd(command).arg(scriptOrSha).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(request::arg);
    return request;
  }

  /** The client waits for ever on a Redis that stops answering: a call gives up after the timeout. */
  private <T> Future<T> withTimeout(Future<T> future) {
    Promise<T> promise = Promise.promise();
    long timer = vertx.setTimer(timeout.toMillis(), t -> promise.tryFail("Redis did not answer within " + timeout.toMillis() + " ms"));
    future.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) promise.tryComplete(ar.result());
      else promise.tryFail(ar.cause());
    });
    return promise.future();
  }
}
