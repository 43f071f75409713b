package io.modeldeploy.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.Phase;
import io.modeldeploy.catalog.PriceCatalog;
import io.modeldeploy.catalog.PriceCatalogs;
import io.modeldeploy.config.OperatorConfig;
import io.modeldeploy.provider.kubernetes.KubernetesProvider;
import io.modeldeploy.provider.modelstudio.ModelStudioProvider;
import io.modeldeploy.reconciler.StandaloneOperator;
import io.modeldeploy.simulator.ModelStudioSimulator;
import io.modeldeploy.testing.StandaloneConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * `make bench`: the operator in-process against the real control plane (BENCH_API=real, the default:
 * kwok runs the pods) or fabric8's mock API server (BENCH_API=mock: CRUD mode, a stand-in kubelet that
 * makes every Deployment ready at once), and the vendor simulator answering at once.
 * BENCH_N ModelDeployments are created together across 10 namespaces (half on the cluster, half on
 * the vendor; model units, provisioned throughput and token usage), and the same run is repeated
 * with a do-nothing reconciler for the ceiling. Prints details, then one summary line last.
 */
public final class Bench {

  static final int NAMESPACES = 10;
  static final String API_KEY = "sk-bench";
  static final String SECRET_NAMESPACE = "modeldeploy-system";

  private Bench() {}

  /** What one run measured. */
  record Run(int n, double allRunningSeconds, Map<String, Long> requestsByVerb, long writes, long eventWrites,
      long minWrites, long reconciles, double steadyWritesPerMinute, double operatorHeapMib, double processHeapMib,
      long rssMib, Map<String, Long> eventsByReason, Map<List<Phase>, Long> phasePaths, Map<String, Double> cpuSeconds,
      Map<String, String> runningTimes) {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(env("BENCH_N", "1000"));
    Duration steady = Duration.ofSeconds(Long.parseLong(env("BENCH_STEADY_S", "120")));
    String api = env("BENCH_API", "real");
    if (!List.of("real", "mock").contains(api)) throw new IllegalArgumentException("BENCH_API is real or mock, not " + api);
    System.out.printf("bench: N=%d across %d namespaces on the %s API server, steady state %ds, %d cores, %s%n", n, NAMESPACES,
        api, steady.toSeconds(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));

    try (RealControlPlane real = api.equals("real") ? RealControlPlane.start() : null) {
      Supplier<ApiUnderTest> runs = real != null ? real::run : MockApi::new;
      // Both runs start with the JIT warm, so neither pays for the other's warm-up.
      int warmUp = Math.min(n, 200);
      run(runs, "bench-warm-", warmUp, Duration.ZERO, Bench::operatorReconciler);
      run(runs, "bench-warm-ceiling-", warmUp, Duration.ZERO, config -> new CeilingReconciler());
      Run ours = run(runs, "bench-", n, steady, Bench::operatorReconciler);
      report("operator", ours);
      Run ceiling = run(runs, "bench-ceiling-", n, Duration.ZERO, config -> new CeilingReconciler());
      report("ceiling (do-nothing reconciler)", ceiling);

      System.out.printf("bench: n=%d all_running_s=%.1f writes_per_cr=%.2f min_writes_per_cr=%.2f steady_writes_per_min=%.1f"
              + " heap_mib=%.0f ceiling_ratio=%.2f api=%s%n",
          n, ours.allRunningSeconds(), (double) ours.writes() / n, (double) ours.minWrites() / n,
          ours.steadyWritesPerMinute(), ours.operatorHeapMib(), ceiling.allRunningSeconds() / ours.allRunningSeconds(), api);
    }
    System.exit(0);
  }

  static Reconciler<?> operatorReconciler(OperatorConfig config) {
    PriceCatalogs catalogs = new PriceCatalogs(PriceCatalog.builtIn(), Map.of());
    return StandaloneOperator.reconciler(config, catalogs,
        List.of(new KubernetesProvider(config), new ModelStudioProvider(config, catalogs, new SimpleMeterRegistry())), new SimpleMeterRegistry());
  }

  /**
   * One run in namespaces of its own (prefix + 0..9), which the operator alone watches: on the real
   * control plane the runs before it are still there.
   */
  static Run run(Supplier<ApiUnderTest> apis, String prefix, int n, Duration steady,
      Function<OperatorConfig, Reconciler<?>> reconcilerFor) throws Exception {
    try (ModelStudioSimulator vendor = new ModelStudioSimulator(API_KEY,
            new ModelStudioSimulator.Timing(Duration.ZERO, Duration.ZERO, Duration.ZERO));
         ApiUnderTest api = apis.get()) {
      KubernetesClient bench = api.benchClient();
      Set<String> namespaces = IntStream.range(0, NAMESPACES).mapToObj(i -> prefix + i).collect(Collectors.toSet());
      namespaces.forEach(ns -> bench.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .createOr(NonDeletingOperation::update));
      bench.resource(new SecretBuilder().withNewMetadata().withName("modelstudio-api-key").withNamespace(SECRET_NAMESPACE)
          .endMetadata().withData(Map.of("api-key", Base64.getEncoder().encodeToString(API_KEY.getBytes()))).build())
          .createOr(NonDeletingOperation::update);
      OperatorConfig config = StandaloneConfig.operatorConfig(Map.of(
          "modeldeploy.modelstudio.base-url", vendor.baseUrl(),
          "modeldeploy.modelstudio.allow-insecure-http", "true",
          "modeldeploy.modelstudio.api-key-secret.namespace", SECRET_NAMESPACE,
          "modeldeploy.modelstudio.poll-initial", "200ms",
          "modeldeploy.modelstudio.poll-max", "2s"));
      System.out.printf("bench: run %s*: %d deployments%n", prefix, n);
      PhaseWatch phases = new PhaseWatch(bench, prefix);
      ReconcileCount reconciles = new ReconcileCount();
      RequestCount load = api.requests();
      try {
        Operator operator = StandaloneOperator.start(api.operatorClient(), reconcilerFor.apply(config), null, reconciles, namespaces);
        Map<String, Double> cpuBefore = cpuSeconds(api);
        long start = System.nanoTime();
        createAll(bench, n, prefix);
        try {
          Awaitility.await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofMinutes(30)).until(() -> phases.running() == n);
        } catch (ConditionTimeoutException e) {
          throw new IllegalStateException(phases.running() + " of " + n + " Running after 30 min: " + phases.stuck(), e);
        }
        double allRunning = (System.nanoTime() - start) / 1e9;
        Map<String, Double> cpu = new java.util.TreeMap<>();
        cpuSeconds(api).forEach((process, used) -> cpu.put(process, used - cpuBefore.getOrDefault(process, 0.0)));
        load.settle();
        Map<String, Long> verbs = load.byVerb();
        long writes = load.writes();
        long eventWrites = load.eventWrites();
        // One finalizer write for each deployment that has one: its deletion settles billing (final accrual, a cancellation charge).
        long minWrites = ownedObjects(bench, namespaces) + phases.transitions() + withFinalizer(bench, namespaces);
        Map<String, Long> eventReasons = bench.v1().events().inAnyNamespace().list().getItems().stream()
            .filter(e -> namespaces.contains(e.getMetadata().getNamespace()) && "ModelDeployment".equals(e.getInvolvedObject().getKind()))
            .collect(Collectors.groupingBy(e -> e.getReason(), java.util.TreeMap::new, Collectors.counting()));
        load.reset();
        // The measurement window itself: everything is Running and nothing is asked of the operator.
        TimeUnit.MILLISECONDS.sleep(steady.toMillis());
        load.settle();
        double steadyPerMinute = steady.isZero() ? 0 : (load.writes() + load.eventWrites()) / (steady.toSeconds() / 60.0);
        double processHeap = heapAfterGc();
        // The operator's share: what becomes garbage once the operator and everything it holds are gone.
        operator.stop();
        operator = null;
        double operatorHeap = processHeap - heapAfterGc();
        return new Run(n, allRunning, verbs, writes, eventWrites, minWrites, reconciles.count.sum(), steadyPerMinute,
            operatorHeap, processHeap, rssMib(), eventReasons, phases.paths(), cpu, phases.runningTimes());
      } finally {
        phases.close();
      }
    }
  }

  /** All at once: a pool of clients creating in parallel, as `kubectl apply` of many files or Argo CD would. */
  static void createAll(KubernetesClient client, int n, String prefix) throws InterruptedException {
    ExecutorService creators = Executors.newFixedThreadPool(8);
    for (int i = 0; i < n; i++) {
      int index = i;
      creators.execute(() -> client.resource(Workload.manifest(client, index, prefix)).create());
    }
    creators.shutdown();
    creators.awaitTermination(30, TimeUnit.MINUTES);
  }

  /** Deployments, Services and PodDisruptionBudgets in the run's namespaces: the objects the operator had to create. */
  static long ownedObjects(KubernetesClient client, Set<String> namespaces) {
    return Stream.of(client.apps().deployments().inAnyNamespace().list().getItems(), client.services().inAnyNamespace().list().getItems(),
            client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems())
        .flatMap(List::stream).filter(o -> namespaces.contains(o.getMetadata().getNamespace())).count();
  }

  /** The control plane's processes and this one (the operator with the harness), in CPU seconds so far. */
  static Map<String, Double> cpuSeconds(ApiUnderTest api) {
    Map<String, Double> seconds = new java.util.TreeMap<>(api.cpuSeconds());
    seconds.put("bench process (operator, harness, simulator)",
        ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() / 1e9 : -1.0);
    return seconds;
  }

  static long withFinalizer(KubernetesClient client, Set<String> namespaces) {
    return client.resources(ModelDeployment.class).inAnyNamespace().list().getItems().stream()
        .filter(md -> namespaces.contains(md.getMetadata().getNamespace()) && !md.getMetadata().getFinalizers().isEmpty()).count();
  }

  static double heapAfterGc() {
    for (int i = 0; i < 3; i++) System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
  }

  static long rssMib() throws java.io.IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
        .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1L);
  }

  static void report(String what, Run run) {
    System.out.printf("bench: %s: %d Running after %.1fs; requests by verb %s (%.2f per CR); writes %d (%.2f per CR,"
            + " minimum %.2f) + %d Events (%.2f per CR); reconciles %.2f per CR; steady-state writes %.1f/min;"
            + " heap after GC %.0f MiB (operator's share %.0f MiB), RSS %d MiB%n",
        what, run.n(), run.allRunningSeconds(), run.requestsByVerb(),
        run.requestsByVerb().values().stream().mapToLong(Long::longValue).sum() / (double) run.n(),
        run.writes(), run.writes() / (double) run.n(), run.minWrites() / (double) run.n(), run.eventWrites(),
        run.eventWrites() / (double) run.n(), run.reconciles() / (double) run.n(), run.steadyWritesPerMinute(),
        run.processHeapMib(), run.operatorHeapMib(), run.rssMib());
    System.out.printf("bench: %s: phases each deployment went through %s; Events by reason %s%n", what, run.phasePaths(),
        run.eventsByReason());
    System.out.printf("bench: %s: Running by provider %s%n", what, run.runningTimes());
    System.out.printf("bench: %s: CPU seconds while they came up %s%n", what, run.cpuSeconds().entrySet().stream()
        .map(e -> e.getKey() + " " + String.format("%.1f", e.getValue())).toList());
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** Every phase each ModelDeployment went through, as a watching user sees it. */
  static final class PhaseWatch implements AutoCloseable {
    private final Map<String, List<Phase>> seen = new ConcurrentHashMap<>();
    /** When each first showed Running, by provider: which half of the mix takes the time. */
    private final Map<String, Map<String, Long>> runningAt = new ConcurrentHashMap<>();
    private final io.fabric8.kubernetes.client.informers.SharedIndexInformer<ModelDeployment> informer;
    private final String prefix;
    private final long start = System.nanoTime();

    PhaseWatch(KubernetesClient client, String prefix) {
      this.prefix = prefix;
      informer = client.resources(ModelDeployment.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
        @Override public void onAdd(ModelDeployment md) { record(md); }
        @Override public void onUpdate(ModelDeployment old, ModelDeployment md) { record(md); }
        @Override public void onDelete(ModelDeployment md, boolean unknown) {}
      });
    }

    private void record(ModelDeployment md) {
      if (md.getStatus() == null || md.getStatus().getPhase() == null || !inRun(md.getMetadata().getNamespace())) return;
      List<Phase> path = seen.computeIfAbsent(md.getMetadata().getNamespace() + "/" + md.getMetadata().getName(),
          k -> java.util.Collections.synchronizedList(new ArrayList<>()));
      synchronized (path) {
        if (path.isEmpty() || path.get(path.size() - 1) != md.getStatus().getPhase()) path.add(md.getStatus().getPhase());
      }
      if (md.getStatus().getPhase() == Phase.Running)
        runningAt.computeIfAbsent(String.valueOf(md.getSpec().getProvider()), p -> new ConcurrentHashMap<>())
            .putIfAbsent(md.getMetadata().getNamespace() + "/" + md.getMetadata().getName(), System.nanoTime());
    }

    /** Per provider: seconds from the watch's start until the median one and the last one were Running. */
    Map<String, String> runningTimes() {
      Map<String, String> times = new java.util.TreeMap<>();
      runningAt.forEach((provider, at) -> {
        List<Long> sorted = at.values().stream().sorted().toList();
        times.put(provider, String.format("median %.1fs, last %.1fs", (sorted.get(sorted.size() / 2) - start) / 1e9,
            (sorted.get(sorted.size() - 1) - start) / 1e9));
      });
      return times;
    }

    /** This run's namespaces: prefix and one digit (so that "bench-" does not take in "bench-ceiling-0"). */
    private boolean inRun(String namespace) {
      return namespace.startsWith(prefix) && namespace.length() == prefix.length() + 1;
    }

    long running() {
      return seen.values().stream().filter(p -> { synchronized (p) { return p.get(p.size() - 1) == Phase.Running; } }).count();
    }

    Map<List<Phase>, Long> paths() {
      return seen.values().stream().collect(Collectors.groupingBy(List::copyOf, Collectors.counting()));
    }

    long transitions() { return seen.values().stream().mapToLong(List::size).sum(); }

    /** A few that are not Running yet, for the error message. */
    String stuck() {
      return seen.entrySet().stream().filter(e -> e.getValue().get(e.getValue().size() - 1) != Phase.Running).limit(5)
          .map(e -> e.getKey() + " " + e.getValue()).toList().toString();
    }

    @Override
    public void close() { informer.close(); }
  }

  /** Reconciles the operator ran, counted through the SDK's metrics hook. */
  static final class ReconcileCount implements Metrics {
    final LongAdder count = new LongAdder();

    @Override
    public void reconcileCustomResource(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
      count.increment();
    }
  }
}
