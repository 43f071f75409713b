package io.modeldeploy.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.modeldeploy.api.ModelDeploymentSpec;

/** Specs written the way users write them: as YAML. */
public final class Specs {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Specs() {}

  public static ModelDeploymentSpec spec(String yaml) {
    try {
      return YAML.readValue(yaml, ModelDeploymentSpec.class);
    } catch (Exception e) {
      throw new IllegalArgumentException(yaml, e);
    }
  }
}
