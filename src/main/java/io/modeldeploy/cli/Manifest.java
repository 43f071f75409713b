package io.modeldeploy.cli;

import io.modeldeploy.api.ModelDeployment;
import java.util.List;

/** One ModelDeployment document read from a file, or why it could not be read. */
record Manifest(String source, ModelDeployment resource, List<String> readErrors) {

  static Manifest read(String source, ModelDeployment resource) { return new Manifest(source, resource, List.of()); }

  static Manifest unreadable(String source, String error) { return new Manifest(source, null, List.of(error)); }
}
