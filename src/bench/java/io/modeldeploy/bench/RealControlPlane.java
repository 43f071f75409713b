package io.modeldeploy.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The control plane of `make cluster-up` (hack/cluster.sh) without its operator, in its own folder
 * and on its own ports: kube-apiserver, etcd, the controllers, the scheduler and kwok nodes big
 * enough for every run's pods. The operator runs in the bench's process as the chart's
 * ServiceAccount (operator.kubeconfig), so the API server's audit log holds exactly its requests.
 * Runs are kept apart by namespace, not by a fresh cluster.
 */
final class RealControlPlane implements AutoCloseable {

  static final Path DIR = Path.of("target/bench-cluster").toAbsolutePath();
  private static final Map<String, String> ENV = Map.ofEntries(
      Map.entry("CLUSTER_DIR", DIR.toString()), Map.entry("START_OPERATOR", "no"),
      Map.entry("ETCD_PORT", "32379"), Map.entry("ETCD_PEER_PORT", "32380"), Map.entry("API_PORT", "36443"),
      Map.entry("KCM_PORT", "30357"), Map.entry("SCHED_PORT", "30359"), Map.entry("KWOK_PORT", "30347"),
      Map.entry("SIMULATOR_PORT", "38090"),
      // every run's pods at once: up to 2 GPUs each, 0.7 pods per deployment
      Map.entry("NODES", "4"), Map.entry("PODS_PER_NODE", "2500"), Map.entry("GPUS_PER_NODE", "5000"));

  private RealControlPlane() {}

  static RealControlPlane start() {
    script("down");
    try {
      script("up");
    } catch (IllegalStateException e) {
      script("down");
      throw e;
    }
    return new RealControlPlane();
  }

  /** A run on this control plane: fresh clients, and the audit log counted from now. */
  ApiUnderTest run() {
    KubernetesClient bench = client(DIR.resolve("kubeconfig"));
    KubernetesClient operator = client(DIR.resolve("operator.kubeconfig"));
    AuditLog audit = new AuditLog(DIR.resolve("logs/audit.log"));
    return new ApiUnderTest() {
      @Override public KubernetesClient benchClient() { return bench; }
      @Override public KubernetesClient operatorClient() { return operator; }
      @Override public RequestCount requests() { return audit; }
      @Override public Map<String, Double> cpuSeconds() { return RealControlPlane.cpuSeconds(); }
      @Override public void close() {
        operator.close();
        bench.close();
      }
    };
  }

  /** user + system CPU of each process hack/cluster.sh started (its pids folder), from /proc. */
  static Map<String, Double> cpuSeconds() {
    Map<String, Double> seconds = new java.util.TreeMap<>();
    try (var pids = Files.list(DIR.resolve("pids"))) {
      for (Path pid : pids.toList()) {
        String[] stat = Files.readString(Path.of("/proc", Files.readString(pid).trim(), "stat")).replaceFirst(".*\\) ", "").split(" ");
        // after "pid (comm) ": state is field 3, utime and stime are fields 14 and 15, in clock ticks (100 per second)
        seconds.put(pid.getFileName().toString().replace(".pid", ""), (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return seconds;
  }

  private static KubernetesClient client(Path kubeconfig) {
    try {
      return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void script(String verb) {
    try {
      ProcessBuilder builder = new ProcessBuilder(List.of("hack/cluster.sh", verb)).inheritIO();
      builder.environment().putAll(ENV);
      builder.environment().put("SIMULATOR_CLASSPATH", System.getProperty("java.class.path"));
      int exit = builder.start().waitFor();
      if (exit != 0) throw new IllegalStateException("hack/cluster.sh " + verb + " exited " + exit + " (its output above)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() { script("down"); }
}
