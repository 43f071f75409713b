package io.modeldeploy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.Phase;
import io.modeldeploy.lifecycle.Conditions;
import io.modeldeploy.simulator.SimulatorResource;
import io.modeldeploy.testing.Kubelet;
import io.modeldeploy.testing.StandInKubelet;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * `make demo`: the operator, an in-process Kubernetes API (fabric8's mock server), the vendor
 * simulator and the demo's kubelet; applies examples/, then scales one deployment, suspends one and
 * deletes one, printing a live table whenever something changes. Fails (non-zero exit) if any
 * deployment misses its expected state within two minutes. Runs in `make test` too, so it cannot rot.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = Kubelet.ApiServerSetup.class)
@QuarkusTestResource(value = SimulatorResource.class, restrictToAnnotatedClass = true)
@TestProfile(DemoTest.Quiet.class)
class DemoTest {

  public static class Quiet implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() { return Map.of("quarkus.log.level", "WARN"); }
  }

  static final String NS = "demo";
  static final Duration LIMIT = Duration.ofMinutes(2);

  @KubernetesTestServer KubernetesServer server;
  @Inject KubernetesClient client;

  final Instant start = Instant.now();
  final AtomicReference<String> shown = new AtomicReference<>("");

  @Test
  void demo() throws IOException {
    client.resource(SimulatorResource.apiKeySecret()).create();
    try (StandInKubelet kubelet = new StandInKubelet(client, NS, Duration.ofMillis(1500))) {
      say("applying examples/ (Kubernetes provider on the demo's kubelet, ModelStudio provider on the vendor simulator)");
      try (var files = Files.list(Path.of("examples"))) {
        for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
          ModelDeployment md = client.getKubernetesSerialization().unmarshal(Files.readString(file), ModelDeployment.class);
          md.getMetadata().setNamespace(NS);
          client.resource(md).create();
        }
      }
      expect(Map.of("qwen3-8b-chat", Phase.Running, "support-bot-ft", Phase.Running, "glm5-pd", Phase.Running,
          "qwen3-max-ptu", Phase.Running, "qwen3-8b-lora-eval", Phase.Running,
          "deepseek-ptu-3d", Phase.Running, "qwen36-plus-reserved", Phase.Pending));

      say("scaling qwen3-8b-chat from 2 to 3 replicas");
      patchSpec("qwen3-8b-chat", "{\"replicas\": 3}");
      await("qwen3-8b-chat 3/3").atMost(remaining()).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        show();
        assertThat(get("qwen3-8b-chat").getStatus().getReady()).isEqualTo("3/3");
        assertThat(get("qwen3-8b-chat").getStatus().getPhase()).isEqualTo(Phase.Running);
      });

      say("suspending qwen3-8b-lora-eval (the vendor deployment is taken offline; billing stops)");
      patchSpec("qwen3-8b-lora-eval", "{\"suspend\": true}");
      expect(Map.of("qwen3-8b-lora-eval", Phase.Stopped));

      say("deleting glm5-pd");
      client.resources(ModelDeployment.class).inNamespace(NS).withName("glm5-pd").delete();
      await("glm5-pd deleted").atMost(remaining()).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        show();
        assertThat(get("glm5-pd")).isNull();
        assertThat(SimulatorResource.simulator.deployments()).noneMatch(d -> d.path("name").asText().startsWith(NS + "/glm5-pd@"));
      });
      summary();
    }
  }

  /** Waits until each named deployment is in its phase, showing the table as it changes. */
  void expect(Map<String, Phase> phases) {
    await("deployments reach " + phases).atMost(remaining()).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      show();
      phases.forEach((name, phase) -> assertThat(get(name).getStatus()).as(name).isNotNull()
          .satisfies(s -> assertThat(s.getPhase()).as(name).isEqualTo(phase)));
    });
  }

  /** As `kubectl patch --type merge` would: no resourceVersion, so no conflict with the operator's status writes. */
  void patchSpec(String name, String spec) {
    client.resources(ModelDeployment.class).inNamespace(NS).withName(name)
        .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"spec\": " + spec + "}");
  }

  ModelDeployment get(String name) { return client.resources(ModelDeployment.class).inNamespace(NS).withName(name).get(); }

  Duration remaining() {
    Duration left = LIMIT.minus(Duration.between(start, Instant.now()));
    return left.isNegative() ? Duration.ofMillis(1) : left;
  }

  List<ModelDeployment> all() {
    return client.resources(ModelDeployment.class).inNamespace(NS).list().getItems().stream()
        .sorted(Comparator.comparing(md -> md.getMetadata().getName())).toList();
  }

  void show() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "PROVIDER", "PHASE", "READY", "UNITS", "COST/H CNY", "REASON"});
    for (ModelDeployment md : all()) {
      var s = md.getStatus();
      String reason = s == null ? "" : Conditions.find(s.getConditions(), Conditions.READY).map(c -> c.getReason()).orElse("");
      rows.add(new String[] {md.getMetadata().getName(), String.valueOf(md.getSpec().getProvider()),
          s == null || s.getPhase() == null ? "-" : s.getPhase().name(), s == null || s.getReady() == null ? "-" : s.getReady(),
          s == null || s.getUnits() == null ? "-" : s.getUnits(),
          s == null || s.getCost() == null || s.getCost().getHourly() == null ? "-" : s.getCost().getHourly(), reason});
    }
    String table = render(rows);
    if (!table.equals(shown.getAndSet(table)))
      System.out.printf("%n-- t+%.1fs --%n%s", Duration.between(start, Instant.now()).toMillis() / 1000.0, table);
  }

  void summary() {
    BigDecimal hourly = BigDecimal.ZERO;
    BigDecimal monthly = BigDecimal.ZERO;
    for (ModelDeployment md : all()) {
      var cost = md.getStatus() == null ? null : md.getStatus().getCost();
      if (cost != null && cost.getHourly() != null) hourly = hourly.add(new BigDecimal(cost.getHourly()));
      if (cost != null && cost.getMonthly() != null) monthly = monthly.add(new BigDecimal(cost.getMonthly()));
    }
    show();
    System.out.printf("%ndemo: every deployment reached its expected state in %.1fs; %d deployments cost %s CNY/h, %s CNY/month%n",
        Duration.between(start, Instant.now()).toMillis() / 1000.0, all().size(), hourly.toPlainString(), monthly.toPlainString());
  }

  void say(String step) {
    System.out.printf("%n== t+%.1fs: %s%n", Duration.between(start, Instant.now()).toMillis() / 1000.0, step);
  }

  static String render(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    rows.forEach(r -> { for (int i = 0; i < r.length; i++) widths[i] = Math.max(widths[i], r[i].length()); });
    StringBuilder out = new StringBuilder();
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) out.append(String.format("%-" + (widths[i] + 2) + "s", r[i]));
      out.append(System.lineSeparator());
    }
    return out.toString();
  }
}
