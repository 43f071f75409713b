package io.modeldeploy.rollout;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The inference gateway's counters for one revision, summed over its replicas: calls answered, those
 * that failed (5xx) and those throttled (429), and the time-to-first-token histogram (cumulative
 * counts by upper bound in seconds, as Prometheus exports it).
 */
public record RevisionCounts(double requests, double errors, double throttled, NavigableMap<Double, Double> ttftBuckets) {

  /**
   * What was counted since the baseline; null when a counter went down (a gateway replica restarted):
   * the window then starts again from this reading.
   */
  public RevisionCounts since(RevisionCounts baseline) {
    if (requests < baseline.requests || errors < baseline.errors || throttled < baseline.throttled) return null;
    NavigableMap<Double, Double> buckets = new TreeMap<>();
    for (Map.Entry<Double, Double> bucket : ttftBuckets.entrySet()) {
      double delta = bucket.getValue() - baseline.ttftBuckets.getOrDefault(bucket.getKey(), 0.0);
      if (delta < 0) return null;
      buckets.put(bucket.getKey(), delta);
    }
    return new RevisionCounts(requests - baseline.requests, errors - baseline.errors, throttled - baseline.throttled, buckets);
  }

  /** The smallest bucket bound under which 95% of the first tokens came; null without any. */
  public Double ttftP95Seconds() {
    if (ttftBuckets.isEmpty()) return null;
    double all = ttftBuckets.lastEntry().getValue();
    if (all <= 0) return null;
    for (Map.Entry<Double, Double> bucket : ttftBuckets.entrySet())
      if (bucket.getValue() >= 0.95 * all) return bucket.getKey();
    return ttftBuckets.lastKey();
  }
}
