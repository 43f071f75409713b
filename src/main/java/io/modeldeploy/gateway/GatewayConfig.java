package io.modeldeploy.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The inference gateway's settings (Helm values under gateway.*). */
@ConfigMapping(prefix = "modeldeploy.gateway")
public interface GatewayConfig {

  /**
   * Redis shared by every gateway replica for limits and usage, e.g. redis://redis:6379; unset: each
   * replica counts alone (limits per replica; readiness and the docs say so).
   */
  Optional<String> redisUrl();

  /**
   * Where calls to cluster (Kubernetes-provider) deployments go instead of their Service, for a
   * gateway that cannot resolve Service names (a local control plane without pods): a base URL ending in /v1.
   */
  Optional<String> clusterUpstream();

  /** The Secret, in each namespace, whose every data entry is a caller key for that namespace. */
  @WithDefault("modeldeploy-gateway-keys")
  String keySecret();

  /** Namespaces whose deployments the gateway serves; unset: every namespace. */
  Optional<java.util.List<String>> namespaces();

  @WithDefault("5s")
  Duration connectTimeout();

  /** Longest silence from the model (before the first byte or between streamed chunks) before the call fails with 504. */
  @WithDefault("120s")
  Duration idleTimeout();

  /** Output tokens reserved for a call that sets no max_tokens, until the deployment has answered a few. */
  @WithDefault("512")
  int defaultOutputTokens();

  /** How often status.usage is written, at most, for a deployment that had traffic. */
  @WithDefault("60s")
  Duration usageInterval();

  /**
   * How long a call to a deployment its autoscaler has at zero replicas is held while a replica
   * starts (the held call is what asks the autoscaler for it); then 503 model_not_ready.
   */
  @WithDefault("180s")
  Duration scaleFromZeroTimeout();

  /** Largest request body accepted. */
  @WithDefault("8388608")
  int maxBodyBytes();
}
