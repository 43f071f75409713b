package io.modeldeploy.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.modeldeploy.api.ModelDeployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads ModelDeployment documents from YAML files and directories (recursively, *.yaml and *.yml).
 * Documents of other kinds are skipped, so a directory of mixed manifests can be priced as is.
 */
final class ManifestReader {

  static final String API_VERSION = HasMetadata.getApiVersion(ModelDeployment.class);
  private static final String KIND = HasMetadata.getKind(ModelDeployment.class);
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private ManifestReader() {}

  /** Files to read, in a stable order; a missing path is the caller's usage error. */
  static List<Path> expand(Path path) {
    if (!Files.isDirectory(path)) return List.of(path);
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ModelGrants in a file (other kinds are skipped), by namespace; unreadable ones are a usage error. */
  static java.util.Map<String, io.modeldeploy.api.ModelGrant> grants(Path file) {
    java.util.Map<String, io.modeldeploy.api.ModelGrant> grants = new java.util.LinkedHashMap<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        if (doc == null || !doc.isObject() || !"ModelGrant".equals(doc.path("kind").asText())) continue;
        io.modeldeploy.api.ModelGrant grant = YAML.treeToValue(doc, io.modeldeploy.api.ModelGrant.class);
        String namespace = grant.getMetadata() == null || grant.getMetadata().getNamespace() == null ? CostReport.DEFAULT_NAMESPACE
            : grant.getMetadata().getNamespace();
        if (!io.modeldeploy.api.ModelGrant.NAME.equals(grant.getMetadata() == null ? null : grant.getMetadata().getName()))
          throw new IllegalArgumentException(file + ": a ModelGrant is named " + io.modeldeploy.api.ModelGrant.NAME + ", one per namespace");
        grants.put(namespace, grant);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read ModelGrants: " + e.getMessage());
    }
    return grants;
  }

  static List<Manifest> read(Path file) {
    List<Manifest> manifests = new ArrayList<>();
    String source = file.toString();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        if (doc == null || doc.isNull() || doc.isMissingNode() || (doc.isObject() && doc.isEmpty())) continue;
        if (!doc.isObject()) {
          manifests.add(Manifest.unreadable(source, "a document is not a mapping: expected a Kubernetes object"));
          continue;
        }
        if (!KIND.equals(doc.path("kind").asText())) continue;
        manifests.add(toResource(source, doc));
      }
    } catch (JsonProcessingException e) {
      manifests.add(Manifest.unreadable(source, "malformed YAML" + where(e.getLocation()) + ": " + e.getOriginalMessage()));
    } catch (IOException e) {
      manifests.add(Manifest.unreadable(source, "cannot read: " + e.getMessage()));
    }
    return manifests;
  }

  private static Manifest toResource(String source, JsonNode doc) {
    String apiVersion = doc.path("apiVersion").asText();
    if (!API_VERSION.equals(apiVersion))
      return Manifest.unreadable(source, "apiVersion: expected " + API_VERSION + ", got '" + apiVersion + "'");
    try {
      return Manifest.read(source, YAML.treeToValue(doc, ModelDeployment.class));
    } catch (JsonMappingException e) {
      return Manifest.unreadable(source, fieldPath(e) + ": " + describe(e));
    } catch (JsonProcessingException e) {
      return Manifest.unreadable(source, e.getOriginalMessage());
    }
  }

  private static String describe(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u)
      return "unknown field '" + u.getPropertyName() + "'; known fields: "
          + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    if (e instanceof InvalidFormatException f)
      return "'" + f.getValue() + "' is not a valid " + f.getTargetType().getSimpleName().toLowerCase();
    return e.getOriginalMessage();
  }

  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      else if (ref.getIndex() >= 0) path.append('[').append(ref.getIndex()).append(']');
    }
    return path.length() == 0 ? "(document)" : path.toString();
  }

  private static String where(JsonLocation location) {
    return location == null || location.getLineNr() < 0 ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
