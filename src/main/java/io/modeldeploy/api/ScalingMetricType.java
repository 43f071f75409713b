package io.modeldeploy.api;

/** The load signals a deployment can scale on, and where each is read. */
public enum ScalingMetricType {
  /** Requests waiting per replica: vLLM's vllm:num_requests_waiting on each pod (cluster deployments). */
  QueueLength,
  /** Requests in flight per replica: the gateway's modeldeploy_gateway_in_flight (both back ends). */
  InFlight,
  /** Average KV-cache use in percent: vLLM's vllm:kv_cache_usage_perc on each pod (cluster deployments). */
  KVCacheUsage,
  /** Tokens per minute as a percentage of spec.throttling.tpm: the gateway's modeldeploy_gateway_tokens_total (both back ends). */
  TokensPerMinute;

  /** Read from the model server's pods, which only a cluster deployment has. */
  public boolean fromPods() { return this == QueueLength || this == KVCacheUsage; }

  /** A percentage target (of KV cache, of the TPM limit), rather than a count per replica. */
  public boolean percent() { return this == KVCacheUsage || this == TokensPerMinute; }
}
