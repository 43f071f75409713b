package io.modeldeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MdctlTest {

  static final String AT = "2026-11-27T22:30:00+08:00";

  static MdctlRunner.Run mdctl(String... args) { return MdctlRunner.run(args); }

  static JsonNode json(MdctlRunner.Run run) throws IOException { return new ObjectMapper().readTree(run.out()); }

  static final String VALID = """
      apiVersion: modeldeploy.io/v1alpha1
      kind: ModelDeployment
      metadata: {name: good}
      spec: {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU5, count: 1}, replicas: 2}
      """;

  @Test
  void pricesTheExamplesAsJson() throws IOException {
    MdctlRunner.Run run = mdctl("cost", "-o", "json", "--at", AT, "examples/");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode all = json(run);
    assertThat(all).hasSize(8);
    List<String> keys = new ArrayList<>();
    all.get(0).fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("name", "namespace", "model", "billingMethod", "plan", "currency", "hourly", "daily",
        "monthly", "termTotal", "hourlyMin", "hourlyMax", "subscription", "errors");
    // Autoscaling: the example, MU5 x 1 at 21.00/h, 1..4 replicas, maxCostPerHour 60: 21.00 to 42.00;
    // the night schedule allows 0 replicas, so the lowest hour costs nothing.
    JsonNode scaled = find(all, "qwen3-8b-autoscaled");
    assertThat(scaled.get("hourly").decimalValue()).isEqualByComparingTo("21.00");
    assertThat(scaled.get("hourlyMin").decimalValue()).isEqualByComparingTo("0.00");
    assertThat(scaled.get("hourlyMax").decimalValue()).isEqualByComparingTo("42.00");
    JsonNode chat = find(all, "qwen3-8b-chat");
    assertThat(chat.get("hourlyMin").isNull()).as("no autoscaling").isTrue();
    assertThat(chat.get("hourly").isNumber()).isTrue();
    assertThat(chat.get("hourly").decimalValue()).isEqualByComparingTo("216.00");
    assertThat(chat.get("termTotal").isNull()).isTrue();
    assertThat(chat.get("subscription").isNull()).isTrue();
    assertThat(chat.get("errors")).isEmpty();
    // Its canary: 1 replica (108/h) for 30 minutes, 1 while paused at 50%, both for the last 10 minutes (36).
    assertThat(chat.at("/rollout/timedStepsAtMost").decimalValue()).isEqualByComparingTo("90.00");
    assertThat(chat.at("/rollout/perOpenPauseHour").decimalValue()).isEqualByComparingTo("108.00");
    assertThat(chat.at("/rollout/highestHourly").decimalValue()).isEqualByComparingTo("216.00");
    // 3-day PTU term ordered at 22:30: days 27, 28, 29, plus one for the late order.
    JsonNode ptu = find(all, "deepseek-ptu-3d");
    assertThat(ptu.get("termTotal").decimalValue()).isEqualByComparingTo("2980.80");
    assertThat(ptu.at("/subscription/expiresAt").asText()).isEqualTo("2026-11-30T23:59:00+08:00");
    assertThat(ptu.at("/subscription/stopAt").asText()).isEqualTo("2026-12-01T01:59:00+08:00");
    assertThat(ptu.at("/subscription/releaseAt").asText()).isEqualTo("2026-12-01T15:59:00+08:00");
    // A capacity pack is priced on its own (prepaid: 2 x 92.16 + 2 x 36.96 = 258.24 a day, for 7 days).
    JsonNode withPack = find(all, "qwen3-max-ptu");
    assertThat(withPack.get("hourly").decimalValue()).as("the deployment's own").isEqualByComparingTo("53.80");
    assertThat(withPack.at("/capacityPacks/0/name").asText()).isEqualTo("launch-week");
    assertThat(withPack.at("/capacityPacks/0/termTotal").decimalValue()).isEqualByComparingTo("1807.68");
    JsonNode reserved = find(all, "qwen36-plus-reserved");
    assertThat(reserved.at("/subscription/expiresAt").asText()).isEqualTo("2027-02-27T23:59:00+08:00");
    JsonNode tokens = find(all, "qwen3-8b-lora-eval");
    assertThat(tokens.get("daily").decimalValue()).isEqualByComparingTo("1.50");
    assertThat(tokens.get("plan").asText()).isEqualTo("PayAsYouGo");
  }

  @Test
  void withGrantsAPullRequestLearnsWhatTheClusterWouldRefuse(@TempDir Path dir) throws IOException {
    Path grants = Files.writeString(dir.resolve("grants.yaml"), """
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelGrant
        metadata: {name: workspace, namespace: default}
        spec:
          models: [{model: qwen3-*, billingMethods: [ModelUnit], maxReplicas: 1}]
        """);
    Path manifests = Files.writeString(dir.resolve("deployments.yaml"), VALID + """
        ---
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: small}
        spec: {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU5, count: 1}}
        ---
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: elsewhere, namespace: team-b}
        spec: {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU5, count: 1}}
        """);
    MdctlRunner.Run run = mdctl("cost", "-o", "json", "--grants", grants.toString(), manifests.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    JsonNode all = json(run);
    assertThat(find(all, "small").get("errors")).isEmpty();
    assertThat(find(all, "good").get("errors").get(0).asText()).isEqualTo("spec.model: Workspace default does not have deployment"
        + " privilege for model qwen3-8b (ModelUnit, 1 units per replica, up to 2 replicas); granted: qwen3-* by ModelUnit, at most 1 replicas");
    assertThat(find(all, "elsewhere").get("errors").get(0).asText()).endsWith("granted: nothing (no ModelGrant workspace in team-b)");
    // Without --grants nothing is said of privileges.
    assertThat(mdctl("cost", manifests.toString()).exit()).isZero();
  }

  @Test
  void printsATableWithATotalLine() {
    MdctlRunner.Run run = mdctl("cost", "--at", AT, "examples");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("NAME", "HOURLY CNY", "qwen3-8b-chat", "MU1 x 2", "MU3 x 16 (PDSeparated)");
    String total = run.out().lines().filter(l -> l.startsWith("TOTAL")).findFirst().orElseThrow();
    // 21 + 21 + 216 + 2,192 + 290.20 + 53.80 (+ its pack's 10.76) + 41.40 + 0.06 = 2,846.22 per hour
    assertThat(total).contains("8 of 8 valid").contains("2846.22");
    assertThat(run.out()).containsPattern("  autoscaling +0\\.\\.2 +0\\.00\\.\\.42\\.00");
    assertThat(run.out()).containsPattern("  rollout, at most +\\+216\\.00 +90\\.00 \\+ 108\\.00/h paused");
    assertThat(run.out()).contains("  + pack launch-week").contains("20000/2000 TPM x 7 days");
  }

  @Test
  void reportsEveryDocumentAndExitsOneWhenAnyIsInvalid(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("mixed.yaml"), VALID + """
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: not-ours}
        ---
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: bad-spec, namespace: team-a}
        spec: {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 8}}
        ---
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: bad-enum}
        spec: {model: qwen3-8b, billing: {method: Monthly}}
        ---
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: typo}
        spec: {model: qwen3-8b, billing: {method: ModelUnit}, modelUnits: {type: MU5, count: 1}}
        """);
    MdctlRunner.Run run = mdctl("cost", "-o", "json", file.toString());
    assertThat(run.exit()).isEqualTo(1);
    JsonNode all = json(run);
    assertThat(all).hasSize(4);
    assertThat(find(all, "good").get("errors")).isEmpty();
    JsonNode badSpec = find(all, "bad-spec");
    assertThat(badSpec.get("namespace").asText()).isEqualTo("team-a");
    assertThat(badSpec.get("hourly").isNull()).isTrue();
    assertThat(badSpec.get("errors").get(0).asText())
        .isEqualTo("spec.modelUnit: qwen3-8b does not offer MU1 x 8; it offers MU1 x 2, MU2 x 2, MU5 x 1");
    assertThat(all.get(2).get("errors").get(0).asText())
        .isEqualTo("spec.billing.method: 'Monthly' is not one of [ProvisionedThroughput, ModelUnit, TokenUsage] (a value only a newer CRD knows needs a newer operator)");
    assertThat(all.get(3).get("errors").get(0).asText()).startsWith("spec.modelUnits: unknown field 'modelUnits'; known fields: ")
        .contains("modelUnit,");
  }

  @Test
  void malformedYamlIsReportedWithItsLine(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("broken.yaml"), VALID + "---\nkind: ModelDeployment\nspec: {model: [unclosed\n");
    MdctlRunner.Run run = mdctl("cost", file.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("good").contains("error: " + file + ": malformed YAML at line");
  }

  @Test
  void aMissingNameIsAnError(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("noname.yaml"), VALID.replace("metadata: {name: good}", "metadata: {}"));
    MdctlRunner.Run run = mdctl("cost", "-o", "json", file.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(json(run).get(0).get("errors").get(0).asText()).isEqualTo("metadata.name: is required");
  }

  @Test
  void aUserCatalogChangesThePrices(@TempDir Path dir) throws IOException {
    Path catalog = Files.writeString(dir.resolve("internal.yaml"), """
        version: internal-1
        currency: CNY
        modelUnits: [{table: t, name: n, model: qwen3-8b, specs: [{type: MU5, count: 1, hourly: 10, monthly: 5000}]}]
        """);
    Path file = Files.writeString(dir.resolve("m.yaml"), VALID);
    MdctlRunner.Run run = mdctl("cost", "-o", "json", "--catalog", catalog.toString(), file.toString());
    assertThat(run.exit()).isZero();
    assertThat(json(run).get(0).get("hourly").decimalValue()).isEqualByComparingTo("20.00");
  }

  @ParameterizedTest(name = "mdctl {0}")
  @CsvSource(delimiter = '|', textBlock = """
      ''                                  | expected a command
      price examples                      | expected a command
      cost                                | no FILE or DIR given
      cost --bogus examples               | unknown option --bogus
      cost -o yaml examples               | -o takes table or json
      cost --at yesterday examples        | could not be parsed
      cost --at                           | --at needs a value
      cost no/such/dir                    | no such file or directory: no/such/dir
      cost --time-zone Mars/Base examples | Mars/Base
      """)
  void usageErrorsExitTwo(String args, String message) {
    assertUsageError(args, message, "usage: mdctl cost");
  }

  @ParameterizedTest(name = "mdctl {0}")
  @CsvSource(delimiter = '|', textBlock = """
      rollout                    | usage: mdctl rollout
      rollout promote            | usage: mdctl rollout
      rollout bless chat         | expected promote, abort or status, not 'bless'
      rollout promote chat -x    | unknown argument -x
      """)
  void rolloutUsageErrorsExitTwo(String args, String message) {
    assertUsageError(args, message, "usage: mdctl rollout promote|abort|status NAME");
  }

  private static void assertUsageError(String args, String message, String usage) {
    MdctlRunner.Run run = mdctl(args.isBlank() ? new String[0] : args.split(" "));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(message).contains(usage);
  }

  @Test
  void helpExitsZero() {
    assertThat(mdctl("--help").exit()).isZero();
    assertThat(mdctl("cost", "--help").out()).contains("usage: mdctl cost");
  }

  static JsonNode find(JsonNode all, String name) {
    for (JsonNode item : all) if (name.equals(item.path("name").asText())) return item;
    throw new AssertionError("no " + name + " in " + all);
  }
}
