package io.modeldeploy.simulator;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts the vendor simulator before the operator and points the ModelStudio provider at it. */
public class SimulatorResource implements QuarkusTestResourceLifecycleManager {

  public static final String API_KEY = "sk-simulated";
  public static final String SECRET_NAMESPACE = "modeldeploy-system";
  public static volatile ModelStudioSimulator simulator;

  @Override
  public Map<String, String> start() {
    try {
      simulator = new ModelStudioSimulator(API_KEY, ModelStudioSimulator.Timing.quick());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return Map.of(
        "modeldeploy.modelstudio.base-url", simulator.baseUrl(),
        "modeldeploy.modelstudio.allow-insecure-http", "true",
        "modeldeploy.modelstudio.api-key-secret.namespace", SECRET_NAMESPACE,
        "modeldeploy.modelstudio.poll-initial", "100ms",
        "modeldeploy.modelstudio.poll-max", "800ms",
        "modeldeploy.modelstudio.resync", "1s",
        // Every create reads what the workspace is offered, so a test's notOffered() is seen at once.
        "modeldeploy.modelstudio.offers-refresh", "0s",
        "modeldeploy.modelstudio.timeout", "2s");
  }

  /** The API key Secret the operator under test reads, to create (or update) before a test. */
  public static io.fabric8.kubernetes.api.model.Secret apiKeySecret() {
    return new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName("modelstudio-api-key")
        .withNamespace(SECRET_NAMESPACE).endMetadata()
        .withData(Map.of("api-key", java.util.Base64.getEncoder().encodeToString(API_KEY.getBytes()))).build();
  }

  @Override
  public void stop() {
    if (simulator != null) simulator.close();
  }
}
