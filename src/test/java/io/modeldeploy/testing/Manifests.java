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

  /** qwen3-max with 50,000 input and 5,000 output TPM reserved, pay-as-you-go, named "ptu". */
  public static String qwen3MaxThroughput(String provider) {
    return """
        apiVersion: modeldeploy.io/v1alpha1
        kind: ModelDeployment
        metadata: {name: ptu}
        spec:
          model: qwen3-max-2025-09-23
          provider: %s
          billing: {method: ProvisionedThroughput}
          provisionedThroughput: {inputTPM: 50000, outputTPM: 5000}
        """.formatted(provider);
  }

  /** An autoscaling/v2 HorizontalPodAutoscaler on a ModelDeployment's scale subresource, by CPU (no metrics server needed below its minimum). */
  public static String autoscaler(String target, int minReplicas, int maxReplicas) {
    return """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: %s}
        spec:
          scaleTargetRef: {apiVersion: modeldeploy.io/v1alpha1, kind: ModelDeployment, name: %s}
          minReplicas: %d
          maxReplicas: %d
          metrics:
          - type: Resource
            resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}
        """.formatted(target, target, minReplicas, maxReplicas);
  }
}
