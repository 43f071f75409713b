package io.modeldeploy.autoscaling;

import io.modeldeploy.api.ScalingMetricType;
import java.time.Instant;
import java.util.Map;

/**
 * What one sampling pass read for a deployment. Values: QueueLength and InFlight summed over the
 * replicas (and gateway replicas), KVCacheUsage the replicas' average in percent, TokensPerMinute
 * the percentage of the TPM limit. A type that could not be read is absent.
 *
 * @param replicas replicas serving when sampled (what a percentage is relative to)
 */
public record MetricSample(Instant at, int replicas, Map<ScalingMetricType, Double> values, int held) {

  /** @param held calls the gateway holds for a replica (the deployment is at zero) */
  public MetricSample(Instant at, int replicas, Map<ScalingMetricType, Double> values) { this(at, replicas, values, 0); }
}
