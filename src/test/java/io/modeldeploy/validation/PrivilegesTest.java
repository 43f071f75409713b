package io.modeldeploy.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelGrant;
import io.modeldeploy.testing.CrdChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The deployment privilege, by table: the operator's check (Privileges) and the chart's admission
 * policy (its CEL evaluated offline, as the API server would) give the same verdict and the same words.
 */
class PrivilegesTest {

  static final String NS = "team-a";
  static final JsonNode POLICY = policy();
  static final Cel CEL = CelFactory.standardCelBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addCompilerLibraries(CelExtensions.strings()).addRuntimeLibraries(CelExtensions.strings())
      .addVar("object", SimpleType.DYN).addVar("oldObject", SimpleType.DYN).addVar("params", SimpleType.DYN)
      .addVar("request", SimpleType.DYN).addVar("variables", SimpleType.DYN)
      .build();

  /** The policy of templates/privileges.yaml, its Helm lines left out. */
  static JsonNode policy() {
    try {
      String text = Files.readAllLines(Path.of("helm/modeldeploy-operator/templates/privileges.yaml")).stream()
          .filter(l -> !l.contains("{{")).collect(Collectors.joining("\n"));
      return CrdChecker.YAML.readTree(text.substring(0, text.indexOf("\n---")));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the API server answers: empty when admitted, else the denial's message. */
  static Optional<String> admission(JsonNode object, JsonNode grant) throws Exception {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("object", CrdChecker.plain(object));
    vars.put("oldObject", null);
    vars.put("params", CrdChecker.plain(grant));
    vars.put("request", Map.of("namespace", NS, "operation", "CREATE"));
    Map<String, Object> variables = new LinkedHashMap<>();
    vars.put("variables", variables);
    for (JsonNode m : POLICY.at("/spec/matchConditions"))
      assertThat(eval(m.get("expression").asText(), vars)).as(m.get("name").asText()).isEqualTo(true);
    for (JsonNode v : POLICY.at("/spec/variables")) variables.put(v.get("name").asText(), eval(v.get("expression").asText(), vars));
    for (JsonNode v : POLICY.at("/spec/validations"))
      if (!Boolean.TRUE.equals(eval(v.get("expression").asText(), vars))) return Optional.of((String) eval(v.get("messageExpression").asText(), vars));
    return Optional.empty();
  }

  static Object eval(String expression, Map<String, Object> vars) throws Exception {
    return CEL.createProgram(CEL.compile(expression).getAst()).eval(vars);
  }

  static JsonNode yaml(String text) throws Exception { return CrdChecker.YAML.readTree(text); }

  static final String ASK = """
      apiVersion: modeldeploy.io/v1alpha1
      kind: ModelDeployment
      metadata: {name: chat, namespace: team-a}
      spec: %s
      """;

  @ParameterizedTest(name = "{0} under {1}")
  @CsvSource(delimiter = '|', value = {
      // spec | grant's models | denial (empty: admitted)
      "{model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}} | [{model: '*'}] | ",
      "{model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}} | [{model: qwen3-*}] | ",
      "{model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}} | [{model: qwen3-8b, billingMethods: [ModelUnit], maxUnitsPerReplica: 2, maxReplicas: 1}] | ",
      "{model: deepseek-v3, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}, replicas: 2} | [{model: qwen3-*}, {model: glm-5, maxReplicas: 1}]"
          + " | Workspace team-a does not have deployment privilege for model deepseek-v3 (ModelUnit, 2 units per replica, up to 2 replicas);"
          + " granted: qwen3-*; glm-5, at most 1 replicas",
      "{model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}} | [{model: qwen3-8b, billingMethods: [TokenUsage, ProvisionedThroughput]}]"
          + " | Workspace team-a does not have deployment privilege for model qwen3-8b (ModelUnit, 2 units per replica, up to 1 replicas);"
          + " granted: qwen3-8b by TokenUsage/ProvisionedThroughput",
      "{model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 8}} | [{model: qwen3-8b, maxUnitsPerReplica: 4}]"
          + " | Workspace team-a does not have deployment privilege for model qwen3-8b (ModelUnit, 8 units per replica, up to 1 replicas);"
          + " granted: qwen3-8b, at most 4 units per replica",
      // The most an autoscaler or its schedules may run counts, not just spec.replicas.
      "{model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU5, count: 1}, autoscaling: {maxReplicas: 2, schedules: [{name: a, start: '09:00', end: '10:00', maxReplicas: 5}, {name: b, start: '11:00', end: '12:00', minReplicas: 1}]}}"
          + " | [{model: qwen3-8b, maxReplicas: 3}]"
          + " | Workspace team-a does not have deployment privilege for model qwen3-8b (ModelUnit, 1 units per replica, up to 5 replicas);"
          + " granted: qwen3-8b, at most 3 replicas",
      "{model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU5, count: 1}, autoscaling: {maxReplicas: 3}} | [{model: qwen3-8b, maxReplicas: 3}] | ",
      "{model: qwen3-8b-ft, baseModel: qwen3-8b, billing: {method: TokenUsage}} | []"
          + " | Workspace team-a does not have deployment privilege for model qwen3-8b-ft (TokenUsage, up to 1 replicas); granted: nothing",
  })
  void theOperatorAndTheAdmissionPolicyAgree(String spec, String models, String denial) throws Exception {
    JsonNode object = yaml(ASK.formatted(spec));
    JsonNode grant = yaml("{apiVersion: modeldeploy.io/v1alpha1, kind: ModelGrant, metadata: {name: workspace, namespace: team-a}, spec: {models: "
        + models + "}}");
    Optional<String> expected = Optional.ofNullable(denial);
    assertThat(admission(object, grant)).as("the admission policy").isEqualTo(expected);
    Optional<SpecError> operator = Privileges.check(NS, CrdChecker.YAML.treeToValue(object.get("spec"), ModelDeploymentSpec.class),
        Optional.of(CrdChecker.YAML.treeToValue(grant, ModelGrant.class)));
    assertThat(operator.map(SpecError::message)).as("the operator").isEqualTo(expected);
    operator.ifPresent(e -> assertThat(e.reason()).isEqualTo(Privileges.NO_DEPLOYMENT_PRIVILEGE));
  }

  @Test
  void withoutAGrantNothingIsAllowed() throws Exception {
    ModelDeploymentSpec spec = CrdChecker.YAML.treeToValue(yaml("{model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}}"),
        ModelDeploymentSpec.class);
    assertThat(Privileges.check(NS, spec, Optional.empty())).map(SpecError::message).contains("Workspace team-a does not have"
        + " deployment privilege for model qwen3-8b (ModelUnit, 2 units per replica, up to 1 replicas); granted: nothing (no ModelGrant workspace in team-a)");
  }

  @Test
  void anEditThatLeavesTheSpecAloneIsNotChecked() throws Exception {
    JsonNode object = yaml(ASK.formatted("{model: m, billing: {method: ModelUnit}}"));
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("object", CrdChecker.plain(object));
    vars.put("oldObject", CrdChecker.plain(object));
    vars.put("request", Map.of("namespace", NS, "operation", "UPDATE"));
    vars.put("params", null);
    vars.put("variables", Map.of());
    assertThat(eval(POLICY.at("/spec/matchConditions/0/expression").asText(), vars)).as("finalizers, labels").isEqualTo(false);
  }
}
