package io.modeldeploy.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modeldeploy.api.ModelDeployment;

/**
 * The bench's mix, by index: half on the cluster (model units, one or two replicas, so some get a
 * PodDisruptionBudget), half on the vendor (model units, provisioned throughput, token usage).
 */
final class Workload {

  private Workload() {}

  private static final String[] MIX = {
      """
      spec:
        model: qwen3-8b
        provider: Kubernetes
        billing: {method: ModelUnit, plan: PayAsYouGo}
        modelUnit: {type: MU1, count: 2}
        replicas: 1
      """,
      """
      spec:
        model: qwen3-8b
        provider: Kubernetes
        billing: {method: ModelUnit, plan: PayAsYouGo}
        modelUnit: {type: MU1, count: 2}
        replicas: 2
      """,
      """
      spec:
        model: qwen3-8b-ft-202611-support
        baseModel: qwen3-8b
        provider: ModelStudio
        billing: {method: ModelUnit, plan: PayAsYouGo}
        modelUnit: {type: MU5, count: 1}
        replicas: 1
      """,
      """
      spec:
        model: qwen3-max-2025-09-23
        provider: ModelStudio
        billing: {method: ProvisionedThroughput, plan: PayAsYouGo}
        provisionedThroughput: {inputTPM: 50000, outputTPM: 5000}
      """,
      """
      spec:
        model: qwen3-8b-ft-202611-eval
        baseModel: qwen3-8b
        provider: ModelStudio
        billing: {method: TokenUsage, plan: PayAsYouGo}
        usage: {inputTokensPerDay: 1000000, outputTokensPerDay: 200000}
      """};

  /** Weights of the mix per ten deployments: 3 + 2 on the cluster, 2 + 2 + 1 on the vendor. */
  private static final int[] BY_TENTH = {0, 0, 0, 1, 1, 2, 2, 3, 3, 4};

  static ModelDeployment manifest(KubernetesClient client, int index, String namespacePrefix) {
    ModelDeployment md = client.getKubernetesSerialization().unmarshal(
        "apiVersion: modeldeploy.io/v1alpha1\nkind: ModelDeployment\n" + MIX[BY_TENTH[index % 10]], ModelDeployment.class);
    md.getMetadata().setName("md-" + index);
    md.getMetadata().setNamespace(namespacePrefix + (index % Bench.NAMESPACES));
    return md;
  }
}
