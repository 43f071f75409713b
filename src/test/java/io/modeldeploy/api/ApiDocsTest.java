package io.modeldeploy.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/api.md names every field of the committed CRD, so the reference cannot drift from the API. */
class ApiDocsTest {

  @Test
  void everyFieldOfTheCrdIsDocumented() throws IOException {
    JsonNode schema = new ObjectMapper(new YAMLFactory()).readTree(Path.of("deploy/crds/modeldeployments.modeldeploy.io-v1.yml").toFile())
        .at("/spec/versions/0/schema/openAPIV3Schema/properties");
    List<String> fields = new ArrayList<>();
    collect(schema.get("spec"), "spec", fields);
    collect(schema.get("status"), "status", fields);
    String doc = Files.readString(Path.of("docs/api.md"));
    assertThat(fields).hasSizeGreaterThan(40).allSatisfy(f -> assertThat(doc).as("docs/api.md documents %s", f).contains("`" + f + "`"));
  }

  private static void collect(JsonNode node, String path, List<String> out) {
    node.path("properties").fields().forEachRemaining(p -> {
      String field = path + "." + p.getKey();
      out.add(field);
      collect(p.getValue(), field, out);
      collect(p.getValue().path("items"), field + "[]", out);
    });
  }
}
