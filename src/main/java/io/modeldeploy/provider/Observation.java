package io.modeldeploy.provider;

/**
 * A provider's view of one deployment. reason and message explain a state that is not Ready
 * (e.g. Unschedulable, "0/3 nodes are available: 3 Insufficient nvidia.com/gpu").
 */
public record Observation(ProviderState state, int desiredReplicas, int replicas, int readyReplicas, String selector,
    String endpoint, String modelCode, String reason, String message) {

  public static Observation notFound() { return new Observation(ProviderState.NotFound, 0, 0, 0, null, null, null, null, null); }
}
