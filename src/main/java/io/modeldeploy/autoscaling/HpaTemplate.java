package io.modeldeploy.autoscaling;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRulesBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.modeldeploy.api.Autoscaling;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ScalingBehavior;
import io.modeldeploy.api.ScalingMetric;
import java.util.Map;

/**
 * The HPA engine: an autoscaling/v2 HorizontalPodAutoscaler on the ModelDeployment's scale
 * subresource, with the policy's metrics as a metrics adapter names them (Prometheus adapter rules
 * in docs/autoscaling.md) and the bounds in force now. An HPA cannot go below one replica without
 * the HPAScaleToZero feature gate, so a minimum of 0 becomes 1.
 */
public final class HpaTemplate {

  /** vLLM's metrics as a Prometheus adapter exposes them (':' is not allowed in a custom metric's name). */
  public static final String QUEUE_METRIC = "vllm_num_requests_waiting";
  public static final String KV_CACHE_METRIC = "vllm_kv_cache_usage_perc";
  public static final String IN_FLIGHT_METRIC = "modeldeploy_gateway_in_flight";
  /** A recording rule's output: 100 x tokens per minute / the TPM limit, per deployment (docs/autoscaling.md). */
  public static final String TPM_SHARE_METRIC = "modeldeploy_gateway_tpm_limit_percent";

  private HpaTemplate() {}

  public static HorizontalPodAutoscaler render(ModelDeployment resource, Autoscaling policy, Bounds bounds) {
    ScalingBehavior behavior = policy.effectiveBehavior();
    // No HPA counterpart of a scale-down delay: the scale-down window covers it.
    long downWindow = Math.max(behavior.scaleDownWindow().toSeconds(), behavior.scaleDownDelay().toSeconds());
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata().withName(resource.getMetadata().getName()).withNamespace(resource.getMetadata().getNamespace())
            .withLabels(Map.of("app.kubernetes.io/managed-by", "modeldeploy-operator", "modeldeploy.io/deployment", resource.getMetadata().getName()))
            .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(resource.getApiVersion()).withKind(resource.getKind())
                .withName(resource.getMetadata().getName()).withUid(resource.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build())
        .endMetadata()
        .withNewSpec()
            .withNewScaleTargetRef().withApiVersion(resource.getApiVersion()).withKind(resource.getKind())
                .withName(resource.getMetadata().getName()).endScaleTargetRef()
            .withMinReplicas(Math.max(1, bounds.min()))
            .withMaxReplicas(Math.max(1, bounds.max()))
            .withMetrics(policy.metricList().stream().map(m -> metric(resource, m)).toList())
            .withNewBehavior()
                .withScaleUp(rules(behavior.scaleUpWindow().toSeconds(), behavior.step()))
                .withScaleDown(rules(downWindow, behavior.step()))
            .endBehavior()
        .endSpec().build();
  }

  private static io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules rules(long window, int step) {
    return new HPAScalingRulesBuilder().withStabilizationWindowSeconds((int) window)
        .addNewPolicy().withType("Pods").withValue(step).withPeriodSeconds(15).endPolicy().build();
  }

  private static MetricSpec metric(ModelDeployment resource, ScalingMetric metric) {
    Map<String, String> deployment = Map.of("namespace", resource.getMetadata().getNamespace(), "name", resource.getMetadata().getName());
    return switch (metric.getType()) {
      case QueueLength -> pods(QUEUE_METRIC, new Quantity(String.valueOf(metric.getTarget())));
      // vLLM reports a fraction: a target of 80 % is 800m.
      case KVCacheUsage -> pods(KV_CACHE_METRIC, new Quantity(metric.getTarget() * 10 + "m"));
      case InFlight -> new MetricSpecBuilder().withType("External").withNewExternal()
          .withNewMetric().withName(IN_FLIGHT_METRIC).withNewSelector().withMatchLabels(deployment).endSelector().endMetric()
          .withNewTarget().withType("AverageValue").withAverageValue(new Quantity(String.valueOf(metric.getTarget()))).endTarget()
          .endExternal().build();
      case TokensPerMinute -> new MetricSpecBuilder().withType("External").withNewExternal()
          .withNewMetric().withName(TPM_SHARE_METRIC).withNewSelector().withMatchLabels(deployment).endSelector().endMetric()
          .withNewTarget().withType("Value").withValue(new Quantity(String.valueOf(metric.getTarget()))).endTarget()
          .endExternal().build();
    };
  }

  private static MetricSpec pods(String name, Quantity average) {
    return new MetricSpecBuilder().withType("Pods").withNewPods().withNewMetric().withName(name).endMetric()
        .withNewTarget().withType("AverageValue").withAverageValue(average).endTarget().endPods().build();
  }
}
