package io.modeldeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The real control plane of `make cluster-up` (hack/cluster.sh), started once per test JVM in its own
 * folder and on its own ports, with the packaged operator and the vendor simulator, and stopped when
 * the JVM ends. Tests talk to it with kubectl, as users do.
 */
final class ControlPlane {

  static final Path DIR = Path.of("target/e2e-cluster").toAbsolutePath();
  /** Ports of their own, so a `make cluster-up` left running does not collide. */
  static final Map<String, String> ENV = Map.ofEntries(
      Map.entry("CLUSTER_DIR", DIR.toString()),
      Map.entry("ETCD_PORT", "22379"), Map.entry("ETCD_PEER_PORT", "22380"), Map.entry("API_PORT", "26443"),
      Map.entry("KCM_PORT", "20357"), Map.entry("SCHED_PORT", "20359"), Map.entry("KWOK_PORT", "20347"),
      Map.entry("OPERATOR_PORT", "28080"), Map.entry("SIMULATOR_PORT", "28090"),
      Map.entry("GATEWAY_PORT", "28100"), Map.entry("REDIS_PORT", "26379"), Map.entry("MODEL_PORT", "28091"),
      // A rollout that cannot progress is declared failed in seconds, not the production 10 minutes;
      // a refused request is tried again every second, not every 30.
      // Autoscaling metrics are read every second, not every 15.
      Map.entry("OPERATOR_OPTS", "-Dmodeldeploy.kubernetes.progress-deadline-seconds=5 -Dmodeldeploy.kubernetes.permission-recheck=1s"
          + " -Dmodeldeploy.autoscaling.sample-interval=1s"),
      // status.usage is written every second rather than every minute.
      Map.entry("GATEWAY_OPTS", "-Dmodeldeploy.gateway.usage-interval=1s"));

  /** The vendor simulator cluster.sh starts, and the API key it takes (hack/cluster.sh's SIMULATOR_KEY). */
  String simulatorUrl() { return "http://127.0.0.1:" + ENV.get("SIMULATOR_PORT") + "/api/v1"; }

  String simulatorApiKey() { return "sk-local-simulator"; }

  /** The first of the two gateway replicas cluster.sh starts, and the other. */
  String gatewayUrl(int replica) { return "http://127.0.0.1:" + (Integer.parseInt(ENV.get("GATEWAY_PORT")) + replica - 1) + "/v1"; }

  /** The fake vLLM that stands in for cluster deployments' pods (and their metrics). */
  String modelUrl() { return "http://127.0.0.1:" + ENV.get("MODEL_PORT"); }

  /** The simulator's record of a ModelDeployment's vendor deployment. */
  com.fasterxml.jackson.databind.JsonNode vendorDeployment(String namespace, String name) {
    try {
      var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(simulatorUrl() + "/deployments?page_no=1&page_size=50"))
          .header("Authorization", "Bearer " + simulatorApiKey()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      for (var d : JSON.readTree(answer.body()).path("output").path("deployments"))
        // The display name carries the cluster's identity (here from the kube-system namespace's UID).
        if (d.path("name").asText().matches(java.util.regex.Pattern.quote(namespace + "/" + name) + "@k8s-[0-9a-f]{8}")) return d;
      throw new AssertionError("the simulator has no deployment named " + namespace + "/" + name + ": " + answer.body());
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final java.net.http.HttpClient CALLER =
      java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();

  /** What a gateway replica lists for a key (GET /v1/models): the model codes it routes now. */
  static String models(String base, String key) throws Exception {
    return CALLER.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/models")).header("authorization", "Bearer " + key)
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  /** A chat completion through a gateway replica (base: gatewayUrl(n)). */
  static java.net.http.HttpResponse<String> chat(String base, String key, String model, String content) throws Exception {
    String body = new io.vertx.core.json.JsonObject().put("model", model).put("max_tokens", 8)
        .put("messages", new io.vertx.core.json.JsonArray().add(new io.vertx.core.json.JsonObject().put("role", "user").put("content", content)))
        .encode();
    return CALLER.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/chat/completions"))
        .header("authorization", "Bearer " + key).header("content-type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  record Result(int exit, String out, String err) {
    String both() { return out + err; }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.Set<String> WRITES = java.util.Set.of("create", "update", "patch", "delete", "deletecollection");
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

  String jsonpath(String namespace, String resource, String path) {
    return kubectl("get", resource, "-n", namespace, "-o", "jsonpath=" + path).out();
  }

  /** A namespace that may deploy every model (workspaces are enforced, as the chart installs them). */
  void namespace(String name) {
    namespaceWithoutGrant(name);
    assertThat(kubectlWith(grant(name, "[{model: '*'}]"), "apply").exit()).isZero();
  }

  void namespaceWithoutGrant(String name) { kubectl("create", "namespace", name); }

  /** The namespace's ModelGrant with these models (YAML flow list). */
  static String grant(String namespace, String models) {
    return "apiVersion: modeldeploy.io/v1alpha1\nkind: ModelGrant\nmetadata: {name: workspace, namespace: " + namespace
        + "}\nspec: {models: " + models + "}\n";
  }

  void awaitPhase(String namespace, String name, String phase) {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(jsonpath(namespace, "mdep/" + name, "{.status.phase}")).as(namespace + "/" + name).isEqualTo(phase));
  }

  /**
   * The writes the operator made in a namespace, in order, as the API server audited them (its audit
   * policy records the operator's ServiceAccount's requests only): "patch modeldeployments/status chat".
   */
  List<String> operatorWrites(String namespace) {
    try (Stream<String> lines = Files.lines(DIR.resolve("logs/audit.log"))) {
      return lines.map(ControlPlane::readJson).filter(e -> namespace.equals(e.path("objectRef").path("namespace").asText()))
          // a request the API server refused (403, 409) wrote nothing
          .filter(e -> WRITES.contains(e.path("verb").asText()) && e.path("responseStatus").path("code").asInt() < 300)
          .map(e -> {
            JsonNode ref = e.path("objectRef");
            String sub = ref.path("subresource").asText("");
            return e.path("verb").asText() + " " + ref.path("resource").asText() + (sub.isEmpty() ? "" : "/" + sub)
                + " " + ref.path("name").asText();
          }).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The operator's writes in a namespace once they have stopped (none for two seconds). */
  List<String> settledOperatorWrites(String namespace) {
    AtomicReference<List<String>> last = new AtomicReference<>(List.of());
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
      List<String> now = operatorWrites(namespace);
      return !now.isEmpty() && now.equals(last.getAndSet(now));
    });
    return last.get();
  }

  private static JsonNode readJson(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A ModelDeployment of MU5 x 1 replicas on the cluster, with the rest of its spec (indented as under spec:), applied. */
  void deployOnCluster(String namespace, String name, String model, String rest) {
    assertThat(kubectlWith("""
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: %s, namespace: %s}
        spec:
          model: %s
          provider: Kubernetes
          billing: {method: ModelUnit}
          modelUnit: {type: MU5, count: 1}
        """.formatted(name, namespace, model) + rest, "apply").exit()).isZero();
  }

  /** bin/mdctl against this control plane (the commands that talk to a cluster use the kubeconfig). */
  Result mdctl(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of("bin/mdctl").toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return run(command, Map.of("KUBECONFIG", kubeconfig.toString()), 120);
  }

  /** The operator stopped as a pod is (SIGTERM) and started again; returns once it is ready. */
  void restartOperator() {
    Result restarted = script("restart-operator");
    if (restarted.exit() != 0) throw new IllegalStateException("hack/cluster.sh restart-operator failed:\n" + restarted.both());
  }

  /** helm (the one make tools fetched), against this control plane. */
  Result helm(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(".tools/helm").toAbsolutePath().toString(),
        "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return run(command, Map.of(), 300);
  }

  /** A template of the Helm chart rendered (release mdo, the operator's namespace) with the chart's helm. */
  String chartTemplate(String template) {
    Result rendered = run(List.of(Path.of(".tools/helm").toAbsolutePath().toString(), "template", "mdo", "helm/modeldeploy-operator",
        "--namespace", "modeldeploy-system", "-s", template), Map.of(), 60);
    if (rendered.exit() != 0) throw new IllegalStateException("helm template " + template + ": " + rendered.both());
    return rendered.out();
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
