package io.modeldeploy.provider.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.modeldeploy.api.ModelUnitMode;
import io.modeldeploy.config.OperatorConfig;
import io.modeldeploy.provider.DesiredDeployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Desired Kubernetes objects for a deployment: pure functions of the desired state and the configuration. */
final class Workloads {

  static final String MANAGED_BY = "modeldeploy-operator";
  static final String HTTP = "http";
  static final String SERVED_MODEL_NAME = "--served-model-name=";

  private final OperatorConfig.Kubernetes config;

  Workloads(OperatorConfig.Kubernetes config) { this.config = config; }

  static List<WorkloadRole> roles(ModelUnitMode mode) {
    return mode == ModelUnitMode.PDSeparated ? List.of(WorkloadRole.PREFILL, WorkloadRole.DECODE) : List.of(WorkloadRole.SERVING);
  }

  static String deploymentName(String name, WorkloadRole role) { return name + role.suffix; }

  Map<String, String> labels(DesiredDeployment desired) {
    Map<String, String> labels = new LinkedHashMap<>(desired.selectorLabels());
    labels.put("app.kubernetes.io/managed-by", MANAGED_BY);
    return labels;
  }

  String endpoint(DesiredDeployment desired) { return endpoint(serviceName(desired), desired.namespace()); }

  private String endpoint(String service, String namespace) {
    return "http://" + service + "." + namespace + ".svc:" + config.port() + "/v1";
  }

  /** Where a rollout's new revision of this deployment is served. */
  String canaryEndpoint(io.modeldeploy.api.ModelDeployment resource) {
    return endpoint(canaryServiceName(resource.getMetadata().getName()), resource.getMetadata().getNamespace());
  }

  /** The stable revision is served by a Service of the deployment's name; a rollout's new revision by NAME-canary. */
  static String serviceName(DesiredDeployment desired) { return desired.canary() ? canaryServiceName(desired.name()) : desired.name(); }

  static String canaryServiceName(String name) { return name + "-canary"; }

  /** GPUs one pod asks for: its units x GPUs per unit of the unit type; PD roles get half the units each. */
  int gpusPerPod(DesiredDeployment desired) {
    int units = desired.mode() == ModelUnitMode.PDSeparated ? desired.unitsPerReplica() / 2 : desired.unitsPerReplica();
    return Math.max(1, units) * config.unitTypes().get(desired.unitType()).gpusPerUnit();
  }

  Deployment deployment(DesiredDeployment desired, WorkloadRole role) {
    OperatorConfig.UnitType unit = config.unitTypes().get(desired.unitType());
    int gpus = gpusPerPod(desired);
    Map<String, String> podLabels = labels(desired);
    podLabels.put("app.kubernetes.io/component", role.component());
    Map<String, String> selector = new LinkedHashMap<>(desired.selectorLabels());
    selector.put("app.kubernetes.io/component", role.component());
    // On the Deployment only: a label added to the pods would restart what already runs.
    Map<String, String> deploymentLabels = new LinkedHashMap<>(podLabels);
    deploymentLabels.put(DesiredDeployment.REVISION_LABEL, desired.revision());
    Quantity gpuQuantity = new Quantity(Integer.toString(gpus));
    List<Toleration> tolerations = unit.tolerations().orElse(List.of()).stream()
        .map(key -> new TolerationBuilder().withKey(key).withOperator("Exists").build()).toList();
    return new DeploymentBuilder()
        .withNewMetadata()
          .withName(deploymentName(desired.workload(), role)).withNamespace(desired.namespace()).withLabels(deploymentLabels)
        .endMetadata()
        .withNewSpec()
          .withReplicas(desired.replicas())
          .withProgressDeadlineSeconds(config.progressDeadlineSeconds())
          .withNewSelector().withMatchLabels(selector).endSelector()
          // Surge one pod and never go below the old capacity, so a failed resize keeps serving.
          .withNewStrategy().withType("RollingUpdate")
            .withNewRollingUpdate().withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).endRollingUpdate()
          .endStrategy()
          .withNewTemplate()
            .withNewMetadata().withLabels(podLabels).endMetadata()
            .withNewSpec()
              .withNodeSelector(unit.nodeSelector().isEmpty() ? null : new LinkedHashMap<>(unit.nodeSelector()))
              .withTolerations(tolerations.isEmpty() ? null : tolerations)
              .withContainers(new ContainerBuilder()
                  .withName("model-server")
                  .withImage(config.image())
                  .withArgs(args(desired, role, gpus))
                  .addNewPort().withName(HTTP).withContainerPort(config.port()).endPort()
                  .withNewResources()
                    .withLimits(Map.of(unit.gpuResource(), gpuQuantity))
                    .withRequests(Map.of(unit.gpuResource(), gpuQuantity))
                  .endResources()
                  // Loading weights takes minutes: the startup probe allows 30 minutes before liveness counts.
                  .withNewStartupProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString(HTTP)).endHttpGet()
                    .withPeriodSeconds(10).withFailureThreshold(180).endStartupProbe()
                  .withNewReadinessProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString(HTTP)).endHttpGet()
                    .withPeriodSeconds(10).withFailureThreshold(3).endReadinessProbe()
                  .withNewLivenessProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString(HTTP)).endHttpGet()
                    .withPeriodSeconds(30).withFailureThreshold(3).endLivenessProbe()
                  .build())
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }

  /** The model name a running Deployment serves, from its server arguments. */
  static String servedModel(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().stream()
        .filter(a -> a.startsWith(SERVED_MODEL_NAME)).map(a -> a.substring(SERVED_MODEL_NAME.length())).findFirst().orElse(null);
  }

  /** Arguments of the vLLM OpenAI-compatible server. */
  List<String> args(DesiredDeployment desired, WorkloadRole role, int gpus) {
    List<String> args = new ArrayList<>(List.of(
        "--model=" + config.modelSources().get(desired.model()),
        SERVED_MODEL_NAME + desired.model(),
        "--port=" + config.port(),
        "--tensor-parallel-size=" + gpus));
    if (desired.maxContextTokens() != null) args.add("--max-model-len=" + desired.maxContextTokens());
    args.add("--default-chat-template-kwargs={\"enable_thinking\": " + desired.thinking() + "}");
    // PD-separated: prefill produces the KV cache, decode consumes it (vLLM's disaggregated serving).
    if (role != WorkloadRole.SERVING)
      args.add("--kv-transfer-config={\"kv_connector\":\"P2pNcclConnector\",\"kv_role\":\""
          + (role == WorkloadRole.PREFILL ? "kv_producer" : "kv_consumer") + "\"}");
    return args;
  }

  Service service(DesiredDeployment desired) {
    return new ServiceBuilder()
        .withNewMetadata().withName(serviceName(desired)).withNamespace(desired.namespace()).withLabels(labels(desired)).endMetadata()
        .withNewSpec()
          .withType("ClusterIP")
          .withSelector(new LinkedHashMap<>(desired.selectorLabels()))
          .addNewPort().withName(HTTP).withPort(config.port()).withTargetPort(new IntOrString(HTTP)).withProtocol("TCP").endPort()
        .endSpec()
        .build();
  }

  PodDisruptionBudget disruptionBudget(DesiredDeployment desired) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata().withName(desired.name()).withNamespace(desired.namespace()).withLabels(labels(desired)).endMetadata()
        .withNewSpec()
          .withMaxUnavailable(new IntOrString(1))
          .withNewSelector().withMatchLabels(new LinkedHashMap<>(desired.selectorLabels())).endSelector()
        .endSpec()
        .build();
  }
}
