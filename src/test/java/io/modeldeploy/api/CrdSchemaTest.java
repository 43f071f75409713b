package io.modeldeploy.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import io.modeldeploy.testing.CrdChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the API server would enforce, checked offline on the committed CRD: the openAPIV3Schema
 * with json-schema-validator and every x-kubernetes-validations rule with CEL.
 */
class CrdSchemaTest {

  static final CrdChecker CHECKER = CrdChecker.MODEL_DEPLOYMENTS;
  static final com.fasterxml.jackson.databind.ObjectMapper YAML = CrdChecker.YAML;
  static final JsonNode crd = CHECKER.crd();
  static final JsonNode openApi = CHECKER.openApi();

  static Stream<Path> examples() throws IOException {
    return Files.list(Path.of("examples")).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExamplePassesTheSchemaAndEveryRule(Path example) throws IOException {
    JsonNode manifest = YAML.readTree(example.toFile());
    assertThat(schemaErrors(manifest)).isEmpty();
    assertThat(violations(manifest, null)).isEmpty();
  }

  @Test
  void thereIsAnExampleForEveryMethodAndPlan() throws IOException {
    List<String> combinations = new ArrayList<>();
    for (Path example : examples().toList()) {
      JsonNode billing = YAML.readTree(example.toFile()).at("/spec/billing");
      combinations.add(billing.path("method").asText() + "/" + billing.path("plan").asText("PayAsYouGo"));
    }
    assertThat(combinations).contains("ModelUnit/PayAsYouGo", "ModelUnit/Subscription", "ProvisionedThroughput/PayAsYouGo",
        "ProvisionedThroughput/Subscription", "TokenUsage/PayAsYouGo");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      # spec (YAML flow)                                                             | schema error fragment
      {billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}}                 | model
      {model: qwen3-8b, billing: {method: Monthly}}                                    | enum
      {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}, replicas: -1} | minimum
      {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: GPU1, count: 2}} | pattern
      {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1}}            | count
      {model: 'bad model', billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 1}} | pattern
      {model: qwen3-8b, billing: {method: ModelUnit, plan: Subscription, subscription: {periods: 0}}, modelUnit: {type: MU1, count: 2}} | minimum
      {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2, mode: Split}} | enum
      """)
  void theSchemaRejectsBadValues(String spec, String fragment) throws IOException {
    assertThat(schemaErrors(manifest(spec))).anySatisfy(e -> assertThat(e).contains(fragment));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      # spec (YAML flow)                                                                                       | message fragment
      {model: qwen3-8b, billing: {method: ModelUnit}}                                                            | spec.modelUnit is required when spec.billing.method is ModelUnit
      {model: qwen3-8b, billing: {method: TokenUsage}, modelUnit: {type: MU1, count: 2}, baseModel: qwen3-8b}  | spec.modelUnit is only allowed when spec.billing.method is ModelUnit
      {model: qwen3-max-2025-09-23, billing: {method: ProvisionedThroughput}}                                   | spec.provisionedThroughput is required when
      {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}, provisionedThroughput: {inputTPM: 1, outputTPM: 1}} | spec.provisionedThroughput is only allowed when
      {model: my-ft, billing: {method: TokenUsage}}                                                              | spec.baseModel is required when spec.billing.method is TokenUsage
      {model: qwen3-8b, billing: {method: ModelUnit, plan: Subscription}, modelUnit: {type: MU1, count: 2}}     | spec.billing.subscription is required when spec.billing.plan is Subscription
      {model: qwen3-8b, billing: {method: ModelUnit, subscription: {periods: 3}}, modelUnit: {type: MU1, count: 2}} | spec.billing.subscription is only allowed when
      {model: my-ft, baseModel: qwen3-8b, billing: {method: TokenUsage, plan: Subscription, subscription: {periods: 1}}} | spec.billing.plan must be PayAsYouGo for TokenUsage
      """)
  void celRulesRejectWrongCombinations(String spec, String fragment) throws IOException {
    JsonNode manifest = manifest(spec);
    assertThat(schemaErrors(manifest)).isEmpty();
    assertThat(violations(manifest, null)).anySatisfy(m -> assertThat(m).contains(fragment));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # old billing                                                   | new billing                                                  | message fragment
      {method: ModelUnit}                                             | {method: TokenUsage}                                         | spec.billing.method cannot be changed after creation
      {method: ModelUnit, plan: PayAsYouGo}                           | {method: ModelUnit, plan: Subscription, subscription: {periods: 1}} | spec.billing.plan cannot be changed after creation
      {method: ProvisionedThroughput}                                 | {method: ModelUnit}                                          | deploy a new ModelDeployment with the other one, switch your API calls to it
      """)
  void billingMethodAndPlanAreImmutable(String oldBilling, String newBilling, String fragment) throws IOException {
    JsonNode old = manifest("{model: m, billing: " + oldBilling + "}");
    JsonNode updated = manifest("{model: m, billing: " + newBilling + "}");
    assertThat(violations(updated, old)).anySatisfy(m -> assertThat(m).contains(fragment));
    assertThat(violations(old, old)).as("an unchanged update").noneSatisfy(m -> assertThat(m).contains("cannot be changed"));
  }

  /** Regression: an edited provider orphaned what ran on the old one; setting an unset one stays possible. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # old provider | new provider | refused
      Kubernetes     | ModelStudio  | true
      ModelStudio    |              | true
      ModelStudio    | ModelStudio  | false
                     | Kubernetes   | false
      """)
  void aProviderOnceSetCannotChange(String oldProvider, String newProvider, boolean refused) throws IOException {
    String base = "{model: m, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 1}";
    JsonNode old = manifest(base + (oldProvider == null ? "" : ", provider: " + oldProvider) + "}");
    JsonNode updated = manifest(base + (newProvider == null ? "" : ", provider: " + newProvider) + "}");
    var messages = assertThat(violations(updated, old));
    if (refused) messages.anySatisfy(m -> assertThat(m).contains("spec.provider cannot be changed or removed after creation"));
    else messages.isEmpty();
  }

  @Test
  void aModelDeploymentWithoutSpecIsRefused() {
    assertThat(openApi.at("/required").toString()).isEqualTo("[\"spec\"]");
  }

  @Test
  void transitionRulesAreNotEvaluatedOnCreate() throws IOException {
    assertThat(CHECKER.rules()).filteredOn(CrdChecker.Rule::isTransition).hasSize(4);
    assertThat(violations(manifest("{model: m, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 1}}"), null)).isEmpty();
  }

  @Test
  void everySpecFieldIsDescribedForKubectlExplain() {
    List<String> undescribed = new ArrayList<>();
    walk(openApi.at("/properties/spec"), "spec", (path, node) -> {
      if (!path.equals("spec") && !path.endsWith("[]") && node.path("description").asText().isBlank()) undescribed.add(path);
    });
    assertThat(undescribed).isEmpty();
  }

  @Test
  void everySpecStringIsBounded() {
    List<String> unbounded = new ArrayList<>();
    walk(openApi.at("/properties/spec"), "spec", (path, node) -> {
      // An enum bounds a string as well (list items cannot carry @Size).
      if (node.path("type").asText().equals("string") && !node.has("maxLength") && !node.has("enum")) unbounded.add(path);
    });
    assertThat(unbounded).isEmpty();
  }

  @Test
  void printerColumnsAndSubresources() {
    JsonNode version = crd.at("/spec/versions/0");
    Map<String, String> columns = new HashMap<>();
    version.path("additionalPrinterColumns").forEach(c -> columns.put(c.get("name").asText(), c.get("jsonPath").asText()));
    assertThat(columns).containsEntry("Phase", ".status.phase").containsEntry("Model", ".spec.model")
        .containsEntry("Billing", ".spec.billing.method").containsEntry("Units", ".status.units")
        .containsEntry("Ready", ".status.ready").containsEntry("Cost/h", ".status.cost.hourly")
        .containsEntry("Age", ".metadata.creationTimestamp")
        .containsEntry("Reason", ".status.conditions[?(@.type==\"Ready\")].reason")
        .containsEntry("Message", ".status.conditions[?(@.type==\"Ready\")].message")
        .containsEntry("Rollout", ".status.rollout.phase").containsEntry("Step", ".status.rollout.step");
    version.path("additionalPrinterColumns").forEach(c -> assertThat(c.get("priority").asInt())
        .as(c.get("name").asText()).isEqualTo(List.of("Reason", "Message", "Accrued", "Next", "Next-At", "Rollout", "Step").contains(c.get("name").asText()) ? 1 : 0));
    assertThat(version.at("/subresources/scale/specReplicasPath").asText()).isEqualTo(".spec.replicas");
    assertThat(version.at("/subresources/scale/statusReplicasPath").asText()).isEqualTo(".status.replicas");
    assertThat(version.at("/subresources/scale/labelSelectorPath").asText()).isEqualTo(".status.selector");
    assertThat(version.at("/subresources/status").isObject()).isTrue();
    assertThat(crd.at("/spec/names/shortNames/0").asText()).isEqualTo("mdep");
    assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
  }

  // --- helpers ---

  static JsonNode manifest(String specYaml) throws IOException { return CrdChecker.manifest(specYaml); }

  static List<String> schemaErrors(JsonNode manifest) throws IOException { return CHECKER.schemaErrors(manifest); }

  static List<String> violations(JsonNode object, JsonNode old) { return CHECKER.violations(object, old); }

  interface Visitor { void visit(String path, JsonNode node); }

  static void walk(JsonNode node, String path, Visitor visitor) {
    visitor.visit(path, node);
    node.path("properties").fields().forEachRemaining(p -> walk(p.getValue(), path + "." + p.getKey(), visitor));
    if (node.has("items")) walk(node.get("items"), path + "[]", visitor);
  }
}
