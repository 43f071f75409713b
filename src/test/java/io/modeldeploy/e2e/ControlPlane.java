package io.modeldeploy.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real control plane of `make cluster-up` (hack/cluster.sh), started once per test JVM in its own
 * folder and on its own ports, with the packaged operator and the vendor simulator, and stopped when
 * the JVM ends. Tests talk to it with kubectl, as users do.
 */
final class ControlPlane {

  static final Path DIR = Path.of("target/e2e-cluster").toAbsolutePath();
  /** Ports of their own, so a `make cluster-up` left running does not collide. */
  static final Map<String, String> ENV = Map.of(
      "CLUSTER_DIR", DIR.toString(),
      "ETCD_PORT", "22379", "ETCD_PEER_PORT", "22380", "API_PORT", "26443", "KCM_PORT", "20357",
      "SCHED_PORT", "20359", "KWOK_PORT", "20347", "OPERATOR_PORT", "28080", "SIMULATOR_PORT", "28090",
      // A rollout that cannot progress is declared failed in seconds, not the production 10 minutes.
      "OPERATOR_OPTS", "-Dmodeldeploy.kubernetes.progress-deadline-seconds=5");

  record Result(int exit, String out, String err) {
    String both() { return out + err; }
  }

  private static ControlPlane instance;

  private final Path kubectl;
  private final Path kubeconfig;

  private ControlPlane(Path kubectl, Path kubeconfig) {
    this.kubectl = kubectl;
    this.kubeconfig = kubeconfig;
  }

  static synchronized ControlPlane get() {
    if (instance == null) {
      script("down");
      Result up = script("up");
      if (up.exit() != 0) throw new IllegalStateException("hack/cluster.sh up failed:\n" + up.both());
      instance = new ControlPlane(DIR.resolve("bin/kubectl"), DIR.resolve("kubeconfig"));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> script("down")));
    }
    return instance;
  }

  Result kubectl(String... args) {
    List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return run(command, Map.of(), 120);
  }

  /** helm (the one make tools fetched), against this control plane. */
  Result helm(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(".tools/helm").toAbsolutePath().toString(),
        "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return run(command, Map.of(), 300);
  }

  /** kubectl with a manifest given as text. */
  Result kubectlWith(String manifest, String... args) {
    try {
      Path file = Files.createTempFile("e2e-manifest", ".yaml");
      Files.writeString(file, manifest);
      List<String> all = new ArrayList<>(List.of(args));
      all.add("-f");
      all.add(file.toString());
      Result result = kubectl(all.toArray(String[]::new));
      Files.deleteIfExists(file);
      return result;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Result script(String verb) {
    Map<String, String> env = new java.util.HashMap<>(ENV);
    // The simulator runs from the test classpath this JVM already has.
    env.put("SIMULATOR_CLASSPATH", System.getProperty("java.class.path"));
    return run(List.of("hack/cluster.sh", verb), env, 1200);
  }

  private static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) {
    try {
      Path out = Files.createTempFile("e2e-out", ".txt");
      Path err = Files.createTempFile("e2e-err", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s");
      }
      Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return result;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
