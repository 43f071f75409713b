package io.modeldeploy.testing;

/** The ModelDeployments the tests and the bench keep writing, in one place. */
public final class Manifests {

  private Manifests() {}

  /** qwen3-8b on model units, pay-as-you-go: the tests' usual chat deployment. */
  public static String qwen3Chat(String name, String provider, String unitType, int unitCount, int replicas) {
    return """
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: %s}
        spec:
          model: qwen3-8b
          provider: %s
          billing: {method: ModelUnit, plan: PayAsYouGo}
          modelUnit: {type: %s, count: %d}
          replicas: %d
        """.formatted(name, provider, unitType, unitCount, replicas);
  }
}
