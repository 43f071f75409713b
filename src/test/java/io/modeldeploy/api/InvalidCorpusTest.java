package io.modeldeploy.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.modeldeploy.cli.MdctlRunner;
import io.modeldeploy.catalog.PriceCatalog;
import io.modeldeploy.validation.SpecValidator;
import io.modeldeploy.testing.CrdChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * src/test/resources/invalid/: manifests that must be refused, each with the layer that refuses it
 * (schema, cel, catalog, an immutable-field edit, a hostile name), the field and a message fragment,
 * and what mdctl must say. Checked offline with the CRD's schema and CEL rules and with mdctl.
 */
class InvalidCorpusTest {

  static final Path CORPUS = Path.of("src/test/resources/invalid");

  record Case(Path file, Map<String, String> expect, List<JsonNode> documents) {
    String layer() { return expect.get("layer"); }
    @Override public String toString() { return file.getFileName().toString(); }
  }


  static Stream<Case> corpus() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(CORPUS)) {
      for (Path file : files.sorted().toList()) {
        Map<String, String> expect = Files.readAllLines(file).stream().filter(l -> l.startsWith("# ") && l.contains(":"))
            .collect(Collectors.toMap(l -> l.substring(2, l.indexOf(':')), l -> l.substring(l.indexOf(':') + 1).trim()));
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = CrdChecker.YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
          while (it.hasNext()) docs.add(it.next());
        }
        cases.add(new Case(file, expect, docs));
      }
    }
    return cases.stream();
  }

  @Test
  void theCorpusIsLargeAndCoversEveryLayer() throws IOException {
    List<Case> all = corpus().toList();
    assertThat(all).hasSizeGreaterThanOrEqualTo(30);
    assertThat(all).extracting(Case::layer).contains("schema", "cel", "catalog", "transition", "name");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void isRefusedOfflineWhereTheApiServerWouldRefuseIt(Case c) throws IOException {
    JsonNode last = c.documents().get(c.documents().size() - 1);
    String expect = c.expect().get("expect");
    switch (c.layer()) {
      case "schema" -> assertThat(CrdChecker.MODEL_DEPLOYMENTS.schemaErrors(last))
          .anySatisfy(e -> assertThat(e).contains(c.expect().get("field")).contains(expect));
      case "cel" -> {
        assertThat(CrdChecker.MODEL_DEPLOYMENTS.schemaErrors(last)).isEmpty();
        assertThat(CrdChecker.MODEL_DEPLOYMENTS.violations(last, null)).anySatisfy(m -> assertThat(m).contains(expect));
      }
      case "catalog" -> {
        assertThat(CrdChecker.MODEL_DEPLOYMENTS.schemaErrors(last)).as("the API server accepts it").isEmpty();
        assertThat(CrdChecker.MODEL_DEPLOYMENTS.violations(last, null)).isEmpty();
        var spec = CrdChecker.YAML.treeToValue(last.get("spec"), ModelDeploymentSpec.class);
        assertThat(SpecValidator.validate(spec, PriceCatalog.builtIn()).errors()).anySatisfy(e -> {
          assertThat(e.field()).isEqualTo(c.expect().get("field"));
          assertThat(e.message()).contains(expect);
        });
      }
      case "transition" -> {
        assertThat(CrdChecker.MODEL_DEPLOYMENTS.violations(c.documents().get(0), null)).as("the original is valid").isEmpty();
        assertThat(CrdChecker.MODEL_DEPLOYMENTS.violations(last, c.documents().get(0))).anySatisfy(m -> assertThat(m).contains(expect));
      }
      case "name" -> assertThat(SpecValidator.validateName(last.at("/metadata/name").asText())).isPresent();
      default -> throw new AssertionError("unknown layer " + c.layer());
    }
  }

  /** mdctl prices one manifest at a time; an edit needs the API server's old object. */
  static Stream<Case> singleManifests() throws IOException {
    return corpus().filter(c -> !c.layer().equals("transition"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleManifests")
  void mdctlRefusesItWithTheFieldAndNoCrash(Case c) {
    var run = MdctlRunner.run("cost", "-o", "json", c.file().toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains(c.expect().get("mdctl"));
  }
}
