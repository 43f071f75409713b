package io.modeldeploy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the API server would enforce, offline, on the committed CRD: the openAPIV3Schema with
 * json-schema-validator and every x-kubernetes-validations rule with CEL. Immutable; one per CRD.
 */
public final class CrdChecker {

  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .build();

  public static final CrdChecker MODEL_DEPLOYMENTS = load(Path.of("deploy/crds/modeldeployments.modeldeploy.io-v1.yml"));

  /** A CEL rule and where it sits: the path of property names from the root of the object. */
  public record Rule(List<String> path, String expression, String message) {
    public boolean isTransition() { return expression.contains("oldSelf"); }
  }

  private final JsonNode crd;
  private final Schema schema;
  private final List<Rule> rules;

  private CrdChecker(JsonNode crd) throws IOException {
    this.crd = crd;
    JsonNode openApi = openApi();
    this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
        .getSchema(JSON.writeValueAsString(openApi), InputFormat.JSON);
    List<Rule> collected = new ArrayList<>();
    collectRules(openApi, new ArrayList<>(), collected);
    this.rules = List.copyOf(collected);
  }

  public static CrdChecker load(Path file) {
    try {
      return new CrdChecker(YAML.readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonNode crd() { return crd; }
  public JsonNode openApi() { return crd.at("/spec/versions/0/schema/openAPIV3Schema"); }
  public List<Rule> rules() { return rules; }

  /** A ModelDeployment manifest around a spec written as YAML. */
  public static JsonNode manifest(String specYaml) throws IOException {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("apiVersion", "modeldeploy.io/v1alpha1").put("kind", "ModelDeployment");
    manifest.putObject("metadata").put("name", "sample");
    manifest.set("spec", YAML.readTree(specYaml));
    return manifest;
  }

  public List<String> schemaErrors(JsonNode manifest) throws IOException {
    return schema.validate(JSON.writeValueAsString(manifest), InputFormat.JSON).stream().map(Object::toString).toList();
  }

  /** Messages of the rules the object breaks; transition rules only when an old object is given. */
  public List<String> violations(JsonNode object, JsonNode old) {
    List<String> messages = new ArrayList<>();
    for (Rule rule : rules) {
      for (JsonNode self : all(object, rule.path())) check(rule, self, old, messages);
    }
    return messages;
  }

  private static void check(Rule rule, JsonNode self, JsonNode old, List<String> messages) {
    {
      Map<String, Object> vars = new HashMap<>();
      vars.put("self", plain(self));
      if (rule.isTransition()) {
        JsonNode oldSelf = old == null ? MissingNode.getInstance() : at(old, rule.path());
        if (oldSelf.isMissingNode()) return;
        vars.put("oldSelf", plain(oldSelf));
      }
      try {
        Object result = CEL.createProgram(CEL.compile(rule.expression()).getAst()).eval(vars);
        if (!Boolean.TRUE.equals(result)) messages.add(rule.message());
      } catch (Exception e) {
        throw new AssertionError("rule " + rule.expression() + " at " + rule.path() + " failed to evaluate", e);
      }
    }
  }

  /** The nodes a rule's path reaches: "[]" is every item of a list (transition rules are not correlated inside lists). */
  private static List<JsonNode> all(JsonNode node, List<String> path) {
    List<JsonNode> nodes = List.of(node);
    for (String name : path) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : nodes) {
        if (name.equals("[]")) n.forEach(next::add);
        else if (!n.path(name).isMissingNode()) next.add(n.path(name));
      }
      nodes = next;
    }
    return nodes;
  }

  private static void collectRules(JsonNode node, List<String> path, List<Rule> into) {
    for (JsonNode rule : node.path("x-kubernetes-validations"))
      into.add(new Rule(List.copyOf(path), rule.get("rule").asText(), rule.get("message").asText()));
    node.path("properties").fields().forEachRemaining(p -> {
      List<String> child = new ArrayList<>(path);
      child.add(p.getKey());
      collectRules(p.getValue(), child, into);
    });
    if (node.has("items")) {
      List<String> item = new ArrayList<>(path);
      item.add("[]");
      collectRules(node.get("items"), item, into);
    }
  }

  private static JsonNode at(JsonNode node, List<String> path) {
    for (String name : path) node = node.path(name);
    return node;
  }

  /** JSON as CEL's runtime wants it: Long for integers, Double for numbers, maps and lists. */
  public static Object plain(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(n -> list.add(plain(n)));
      return list;
    }
    if (node.isIntegralNumber()) return node.asLong();
    if (node.isNumber()) return node.asDouble();
    if (node.isBoolean()) return node.asBoolean();
    return node.asText();
  }
}
