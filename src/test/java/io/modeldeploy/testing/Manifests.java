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
