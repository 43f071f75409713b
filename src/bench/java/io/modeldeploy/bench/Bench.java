package io.modeldeploy.bench;

import io.fabric8.kubernetes.api.model.SecretBuilder;
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
import io.modeldeploy.testing.StandInKubelet;
import io.modeldeploy.testing.StandaloneConfig;
import io.modeldeploy.testing.StandaloneApiServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * `make bench`: the operator in-process against fabric8's mock API server (CRUD mode), a stand-in
 * kubelet that makes every Deployment ready at once and the vendor simulator answering at once.
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
      long rssMib, Map<String, Long> eventsByReason, Map<List<Phase>, Long> phasePaths) {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(env("BENCH_N", "1000"));
    Duration steady = Duration.ofSeconds(Long.parseLong(env("BENCH_STEADY_S", "120")));
    System.out.printf("bench: N=%d across %d namespaces, steady state %ds, %d cores, %s%n", n, NAMESPACES,
        steady.toSeconds(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));

    // Both runs start with the JIT warm, so neither pays for the other's warm-up.
    int warmUp = Math.min(n, 200);
    run(warmUp, Duration.ZERO, Bench::operatorReconciler);
    run(warmUp, Duration.ZERO, config -> new CeilingReconciler());
    Run ours = run(n, steady, Bench::operatorReconciler);
    report("operator", ours);
    Run ceiling = run(n, Duration.ZERO, config -> new CeilingReconciler());
    report("ceiling (do-nothing reconciler)", ceiling);

    System.out.printf("bench: n=%d all_running_s=%.1f writes_per_cr=%.2f min_writes_per_cr=%.2f steady_writes_per_min=%.1f"
            + " heap_mib=%.0f ceiling_ratio=%.2f%n",
        n, ours.allRunningSeconds(), (double) ours.writes() / n, (double) ours.minWrites() / n,
        ours.steadyWritesPerMinute(), ours.operatorHeapMib(), ceiling.allRunningSeconds() / ours.allRunningSeconds());
    System.exit(0);
  }

  static Reconciler<?> operatorReconciler(OperatorConfig config) {
    PriceCatalogs catalogs = new PriceCatalogs(PriceCatalog.builtIn(), Map.of());
    return StandaloneOperator.reconciler(config, catalogs,
        List.of(new KubernetesProvider(config), new ModelStudioProvider(config)), new SimpleMeterRegistry());
  }

  static Run run(int n, Duration steady, Function<OperatorConfig, Reconciler<?>> reconcilerFor) throws Exception {
    try (ModelStudioSimulator vendor = new ModelStudioSimulator(API_KEY,
            new ModelStudioSimulator.Timing(Duration.ZERO, Duration.ZERO, Duration.ZERO));
         StandaloneApiServer api = new StandaloneApiServer(new IndexedCrudDispatcher())) {
      KubernetesClient bench = api.testClient();
      bench.resource(new SecretBuilder().withNewMetadata().withName("modelstudio-api-key").withNamespace(SECRET_NAMESPACE)
          .endMetadata().withData(Map.of("api-key", Base64.getEncoder().encodeToString(API_KEY.getBytes()))).build()).create();
      OperatorConfig config = StandaloneConfig.operatorConfig(Map.of(
          "modeldeploy.modelstudio.base-url", vendor.baseUrl(),
          "modeldeploy.modelstudio.api-key-secret.namespace", SECRET_NAMESPACE,
          "modeldeploy.modelstudio.poll-initial", "200ms",
          "modeldeploy.modelstudio.poll-max", "2s"));
      PhaseWatch phases = new PhaseWatch(bench);
      ReconcileCount reconciles = new ReconcileCount();
      try (StandInKubelet kubelet = new StandInKubelet(bench); ApiServerLoad load = new ApiServerLoad(api.server)) {
        Operator operator = StandaloneOperator.start(api.operatorClient(api.url()), reconcilerFor.apply(config), null, reconciles);
        long start = System.nanoTime();
        createAll(bench, n);
        try {
          Awaitility.await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofMinutes(30)).until(() -> phases.running() == n);
        } catch (ConditionTimeoutException e) {
          throw new IllegalStateException(phases.running() + " of " + n + " Running after 30 min: " + phases.stuck(), e);
        }
        double allRunning = (System.nanoTime() - start) / 1e9;
        load.settle();
        Map<String, Long> verbs = load.byVerb();
        long writes = load.writes();
        long eventWrites = load.eventWrites();
        long minWrites = ownedObjects(bench) + phases.transitions();
        Map<String, Long> eventReasons = bench.v1().events().inAnyNamespace().list().getItems().stream()
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
            operatorHeap, processHeap, rssMib(), eventReasons, phases.paths());
      } finally {
        phases.close();
      }
    }
  }

  /** All at once: a pool of clients creating in parallel, as `kubectl apply` of many files or Argo CD would. */
  static void createAll(KubernetesClient client, int n) throws InterruptedException {
    ExecutorService creators = Executors.newFixedThreadPool(8);
    for (int i = 0; i < n; i++) {
      int index = i;
      creators.execute(() -> client.resource(Workload.manifest(client, index)).create());
    }
    creators.shutdown();
    creators.awaitTermination(30, TimeUnit.MINUTES);
  }

  /** Deployments, Services and PodDisruptionBudgets: the objects the operator had to create. */
  static long ownedObjects(KubernetesClient client) {
    return client.apps().deployments().inAnyNamespace().list().getItems().size()
        + client.services().inAnyNamespace().list().getItems().size()
        + client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems().size();
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
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** Every phase each ModelDeployment went through, as a watching user sees it. */
  static final class PhaseWatch implements AutoCloseable {
    private final Map<String, List<Phase>> seen = new ConcurrentHashMap<>();
    private final io.fabric8.kubernetes.client.informers.SharedIndexInformer<ModelDeployment> informer;

    PhaseWatch(KubernetesClient client) {
      informer = client.resources(ModelDeployment.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
        @Override public void onAdd(ModelDeployment md) { record(md); }
        @Override public void onUpdate(ModelDeployment old, ModelDeployment md) { record(md); }
        @Override public void onDelete(ModelDeployment md, boolean unknown) {}
      });
    }

    private void record(ModelDeployment md) {
      if (md.getStatus() == null || md.getStatus().getPhase() == null) return;
      List<Phase> path = seen.computeIfAbsent(md.getMetadata().getNamespace() + "/" + md.getMetadata().getName(),
          k -> java.util.Collections.synchronizedList(new ArrayList<>()));
      synchronized (path) {
        if (path.isEmpty() || path.get(path.size() - 1) != md.getStatus().getPhase()) path.add(md.getStatus().getPhase());
      }
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
