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
        "modeldeploy.modelstudio.timeout", "2s");
  }

  @Override
  public void stop() {
    if (simulator != null) simulator.close();
  }
}
