package io.modeldeploy.testing;

import io.modeldeploy.config.OperatorConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** The operator's configuration as shipped (application.properties) plus overrides, for operators started outside Quarkus. */
public final class StandaloneConfig {

  private StandaloneConfig() {}

  public static OperatorConfig operatorConfig(Map<String, String> overrides) {
    try {
      SmallRyeConfig config = new SmallRyeConfigBuilder()
          .withSources(new PropertiesConfigSource(StandaloneConfig.class.getResource("/application.properties"), 100))
          .withSources(new PropertiesConfigSource(overrides, "overrides", 400))
          .withConverter(Duration.class, 200, new DurationConverter())
          .withMapping(OperatorConfig.class)
          .build();
      return config.getConfigMapping(OperatorConfig.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
