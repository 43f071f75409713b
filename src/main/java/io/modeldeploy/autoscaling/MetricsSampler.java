package io.modeldeploy.autoscaling;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.modeldeploy.api.Autoscaling;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ProviderType;
import io.modeldeploy.api.ScalingMetric;
import io.modeldeploy.api.ScalingMetricType;
import io.modeldeploy.config.OperatorConfig;
import io.modeldeploy.rollout.RevisionCounts;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Reads the metrics of the deployments that autoscale, on its own thread every sample interval, so
 * a reconcile only looks at what was read (it never waits on a scrape). Gateway metrics (in flight,
 * tokens) come from every gateway replica and are summed; vLLM's (queue, KV cache) from each ready
 * pod of a cluster deployment. Samples live in memory for the longest stabilization window: after a
 * restart the windows fill again, and until the scale-down window is covered nothing scales down.
 */
@ApplicationScoped
public class MetricsSampler {

  private static final Logger LOG = Logger.getLogger(MetricsSampler.class);
  static final String IN_FLIGHT = "modeldeploy_gateway_in_flight";
  static final String HELD = "modeldeploy_gateway_held";
  static final String TOKENS = "modeldeploy_gateway_tokens_total";
  static final String REQUESTS = "modeldeploy_gateway_requests_total";
  static final String THROTTLED = "modeldeploy_gateway_throttled_total";
  static final String FIRST_TOKEN_BUCKETS = "modeldeploy_gateway_time_to_first_token_seconds_bucket";
  static final String QUEUE = "vllm:num_requests_waiting";
  static final String KV_CACHE = "vllm:kv_cache_usage_perc";

  /** What is sampled for one deployment. */
  record Target(String namespace, String name, String selector, List<ScalingMetricType> types, Long tpmLimit,
      boolean cluster, int replicas, Duration retention, boolean fromZero) {

    boolean readsGateway() { return fromZero || types.stream().anyMatch(type -> !type.fromPods()); }
  }

  private record TokenReading(Instant at, double total) {}

  private final OperatorConfig config;
  private final KubernetesClient client;
  private final Clock clock;

  private final Map<ResourceID, Target> targets = new ConcurrentHashMap<>();
  private final Map<ResourceID, Deque<MetricSample>> samples = new ConcurrentHashMap<>();
  private final Map<ResourceID, TokenReading> lastTokens = new ConcurrentHashMap<>();
  /** A rollout's new revision under analysis, per deployment, and the gateway's counters of it as last read. */
  private final Map<ResourceID, String> revisions = new ConcurrentHashMap<>();
  private final Map<ResourceID, RevisionReading> revisionReadings = new ConcurrentHashMap<>();

  private record RevisionReading(String revision, RevisionCounts counts) {}
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private ScheduledExecutorService timer;

  @Inject
  public MetricsSampler(OperatorConfig config, KubernetesClient client, Clock clock) {
    this.config = config;
    this.client = client;
    this.clock = clock;
  }

  /** Samples this deployment from now on (or with its new policy); cheap to call on every reconcile. */
  public void track(ModelDeployment resource, Autoscaling policy, ProviderType provider) {
    ResourceID id = ResourceID.fromResource(resource);
    Duration retention = max(policy.effectiveBehavior().scaleUpWindow(), policy.effectiveBehavior().scaleDownWindow())
        .plus(interval().multipliedBy(2));
    var status = resource.getStatus();
    targets.put(id, new Target(id.getNamespace().orElseThrow(), id.getName(),
        status == null ? null : status.getSelector(), policy.metricList().stream().map(ScalingMetric::getType).toList(),
        resource.getSpec().getThrottling() == null ? null : resource.getSpec().getThrottling().getTpm(),
        provider == ProviderType.Kubernetes, status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas(),
        retention, policy.mayScaleToZero()));
    start();
  }

  public void forget(ResourceID id) {
    targets.remove(id);
    samples.remove(id);
    lastTokens.remove(id);
  }

  /** Reads the gateway's counters of this revision from now on (one revision per deployment: a rollout has one new revision). */
  public void watchRevision(ResourceID id, String revision) {
    if (!revision.equals(revisions.put(id, revision))) revisionReadings.remove(id);
    start();
  }

  public void unwatchRevision(ResourceID id) {
    revisions.remove(id);
    revisionReadings.remove(id);
  }

  /** The gateway's counters of the watched revision as last read: empty before the first reading. */
  public Optional<RevisionCounts> revisionCounts(ResourceID id, String revision) {
    return Optional.ofNullable(revisionReadings.get(id)).filter(r -> r.revision().equals(revision)).map(RevisionReading::counts);
  }

  public List<MetricSample> samples(ResourceID id) {
    Deque<MetricSample> kept = samples.get(id);
    return kept == null ? List.of() : List.copyOf(kept);
  }

  private void record(ResourceID id, MetricSample sample, Duration retention) {
    Deque<MetricSample> kept = samples.computeIfAbsent(id, k -> new ArrayDeque<>());
    synchronized (kept) {
      kept.addLast(sample);
      while (!kept.isEmpty() && kept.peekFirst().at().isBefore(sample.at().minus(retention))) kept.removeFirst();
    }
  }

  public Duration interval() { return config.autoscaling().sampleInterval(); }

  private synchronized void start() {
    if (timer != null) return;
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "autoscaling-sampler");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::sampleAll, 0, interval().toMillis(), TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  synchronized void stop() {
    if (timer != null) timer.shutdownNow();
  }

  void sampleAll() {
    try {
      if (targets.isEmpty() && revisions.isEmpty()) return;
      boolean wantsGateway = !revisions.isEmpty() || targets.values().stream().anyMatch(Target::readsGateway);
      Optional<List<PrometheusText.Line>> gateway = wantsGateway ? gatewayLines() : Optional.of(List.of());
      Instant now = clock.instant();
      targets.forEach((id, target) -> record(id, sample(id, target, gateway, now), target.retention()));
      gateway.ifPresent(lines -> revisions.forEach((id, revision) ->
          revisionReadings.put(id, new RevisionReading(revision, revisionCounts(lines, id, revision)))));
    } catch (RuntimeException e) {
      LOG.warnf("autoscaling metrics not read this time: %s", e.toString());
    }
  }

  private MetricSample sample(ResourceID id, Target target, Optional<List<PrometheusText.Line>> gateway, Instant now) {
    Map<ScalingMetricType, Double> values = new EnumMap<>(ScalingMetricType.class);
    int held = gateway.map(lines -> (int) sum(lines, HELD, Map.of("namespace", target.namespace(), "name", target.name()))).orElse(0);
    if (target.types().stream().anyMatch(ScalingMetricType::fromPods) && target.cluster()) {
      List<List<PrometheusText.Line>> pods = modelLines(target);
      if (!pods.isEmpty()) {
        values.put(ScalingMetricType.QueueLength, pods.stream().mapToDouble(p -> sum(p, QUEUE, Map.of())).sum());
        // vLLM reports a fraction (0..1); targets are percentages.
        values.put(ScalingMetricType.KVCacheUsage, 100 * pods.stream().mapToDouble(p -> sum(p, KV_CACHE, Map.of())).average().orElse(0));
      }
    }
    gateway.ifPresent(lines -> {
      Map<String, String> mine = Map.of("namespace", target.namespace(), "name", target.name());
      values.put(ScalingMetricType.InFlight, sum(lines, IN_FLIGHT, mine));
      double tokens = sum(lines, TOKENS, mine);
      TokenReading before = lastTokens.put(id, new TokenReading(now, tokens));
      // A rate needs two readings; a gateway restart (a lower total) gives none this time.
      if (before != null && tokens >= before.total() && now.isAfter(before.at()) && target.tpmLimit() != null) {
        double perMinute = (tokens - before.total()) * 60_000.0 / Duration.between(before.at(), now).toMillis();
        values.put(ScalingMetricType.TokensPerMinute, 100 * perMinute / target.tpmLimit());
      }
    });
    values.keySet().retainAll(target.types());
    return new MetricSample(now, target.replicas(), values, held);
  }

  /** Calls, failures (5xx), throttled calls and first-token buckets of one revision, summed over the gateway replicas. */
  static RevisionCounts revisionCounts(List<PrometheusText.Line> lines, ResourceID id, String revision) {
    Map<String, String> mine = Map.of("namespace", id.getNamespace().orElseThrow(), "name", id.getName(), "revision", revision);
    double errors = lines.stream().filter(l -> l.name().equals(REQUESTS) && l.labels().entrySet().containsAll(mine.entrySet())
        && l.labels().getOrDefault("status", "").startsWith("5")).mapToDouble(PrometheusText.Line::value).sum();
    java.util.NavigableMap<Double, Double> buckets = new java.util.TreeMap<>();
    lines.stream().filter(l -> l.name().equals(FIRST_TOKEN_BUCKETS) && l.labels().entrySet().containsAll(mine.entrySet()))
        .forEach(l -> buckets.merge(bound(l.labels().get("le")), l.value(), Double::sum));
    return new RevisionCounts(sum(lines, REQUESTS, mine), errors, sum(lines, THROTTLED, mine), buckets);
  }

  private static double bound(String le) { return "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le); }

  private static double sum(List<PrometheusText.Line> lines, String name, Map<String, String> labels) {
    return lines.stream().filter(l -> l.name().equals(name) && l.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(PrometheusText.Line::value).filter(v -> !Double.isNaN(v)).sum();
  }

  /** Every gateway replica's lines, or empty when one of them could not be read (a partial sum would scale down). */
  private Optional<List<PrometheusText.Line>> gatewayLines() {
    List<String> urls = config.autoscaling().gatewayMetricsUrls().orElseGet(this::gatewayPods);
    if (urls.isEmpty()) return Optional.empty();
    List<PrometheusText.Line> all = new ArrayList<>();
    for (String url : urls) {
      Optional<String> text = fetch(url);
      if (text.isEmpty()) return Optional.empty();
      all.addAll(PrometheusText.parse(text.get()));
    }
    return Optional.of(all);
  }

  private List<String> gatewayPods() {
    String namespace = config.autoscaling().gatewayNamespace().orElse(client.getNamespace());
    return readyPodIps(namespace, config.autoscaling().gatewaySelector()).stream()
        .map(ip -> "http://" + ip + ":" + config.autoscaling().gatewayPort() + "/q/metrics").toList();
  }

  private List<List<PrometheusText.Line>> modelLines(Target target) {
    Optional<String> proxy = config.autoscaling().modelMetricsUrl();
    List<String> urls = proxy.isPresent()
        ? List.of(proxy.get().replace("{namespace}", target.namespace()).replace("{name}", target.name()))
        : target.selector() == null ? List.of() : readyPodIps(target.namespace(), target.selector()).stream()
            .map(ip -> "http://" + ip + ":" + config.kubernetes().port() + "/metrics").toList();
    List<List<PrometheusText.Line>> read = new ArrayList<>();
    for (String url : urls) {
      Optional<String> text = fetch(url);
      if (text.isEmpty()) return List.of();
      read.add(PrometheusText.parse(text.get()));
    }
    return read;
  }

  private List<String> readyPodIps(String namespace, String selector) {
    Map<String, String> labels = java.util.Arrays.stream(selector.split(",")).map(kv -> kv.split("=", 2))
        .filter(kv -> kv.length == 2).collect(Collectors.toMap(kv -> kv[0].trim(), kv -> kv[1].trim()));
    return client.pods().inNamespace(namespace).withLabels(labels).list().getItems().stream()
        .filter(MetricsSampler::ready).map(p -> p.getStatus().getPodIP()).toList();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getPodIP() != null && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private Optional<String> fetch(String url) {
    try {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return answer.statusCode() == 200 ? Optional.of(answer.body()) : Optional.empty();
    } catch (java.io.IOException e) {
      LOG.debugf("metrics at %s not read: %s", url, e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Duration max(Duration a, Duration b) { return a.compareTo(b) >= 0 ? a : b; }
}
