package io.modeldeploy.config;

import io.modeldeploy.api.ProviderType;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/** Everything the operator is configured by (application.properties, env vars, Helm values). */
@ConfigMapping(prefix = "modeldeploy")
public interface OperatorConfig {

  /** operator or gateway; set by the gateway profile, not on its own (see Role). */
  @WithDefault("operator")
  Role role();

  /** Provider for ModelDeployments that do not set spec.provider. */
  @WithDefault("Kubernetes")
  ProviderType defaultProvider();

  Billing billing();

  LeaderElection leaderElection();

  interface LeaderElection {
    @WithDefault("modeldeploy-operator-leader")
    String leaseName();

    /** Namespace of the Lease; unset: the operator's own namespace. */
    Optional<String> leaseNamespace();
  }

  /** How often a deletion that is not finished yet is checked again. */
  @WithDefault("5s")
  java.time.Duration deletePollInterval();

  Catalog catalog();

  Autoscaling autoscaling();

  PrivilegeCheck privileges();

  /** Workspaces: whether a namespace needs a ModelGrant for what it deploys (the chart turns it on with its admission policy). */
  interface PrivilegeCheck {
    /** true: a spec its namespace's ModelGrant does not allow is refused (Accepted=False, NoDeploymentPrivilege), running or not. */
    @WithDefault("false")
    boolean enforce();
  }

  /** Where the built-in autoscaler reads its metrics, and how often. */
  interface Autoscaling {
    /** How often the metrics of deployments that autoscale are read (and such deployments reconciled). */
    @WithDefault("15s")
    java.time.Duration sampleInterval();

    /** The gateway replicas' Prometheus endpoints; unset: every ready pod matching gatewaySelector in gatewayNamespace, at gatewayPort/q/metrics. */
    Optional<java.util.List<String>> gatewayMetricsUrls();

    @WithDefault("app.kubernetes.io/name=modeldeploy-gateway")
    String gatewaySelector();

    /** Unset: the operator's own namespace. */
    Optional<String> gatewayNamespace();

    @WithDefault("8080")
    int gatewayPort();

    /**
     * One URL per deployment ({namespace} and {name} replaced) whose vLLM metrics stand for all its
     * replicas, instead of each ready pod's modeldeploy.kubernetes.port/metrics: for pods the operator
     * cannot reach, or a metrics proxy.
     */
    Optional<String> modelMetricsUrl();
  }

  Kubernetes kubernetes();

  ModelStudio modelstudio();

  /** The vendor back end: Model Studio's deployments API. */
  interface ModelStudio {
    /** API base URL (region): Beijing by default; Singapore is https://dashscope-intl.aliyuncs.com/api/v1. */
    @WithDefault("https://dashscope.aliyuncs.com/api/v1")
    java.net.URI baseUrl();

    /** Lets baseUrl be plain http://, where the API key travels in clear: for a local simulator only. */
    @WithDefault("false")
    boolean allowInsecureHttp();

    /** OpenAI-compatible base URL clients call with status.modelCode; written to status.endpoint. */
    @WithDefault("https://dashscope.aliyuncs.com/compatible-mode/v1")
    String endpoint();

    /** Workspace id sent as X-DashScope-WorkSpace; unset: the API key's default workspace. */
    Optional<String> workspace();

    /**
     * Names this cluster in the display names of the vendor deployments it makes, so that two clusters
     * sharing a workspace never adopt each other's; unset: derived from the kube-system namespace's UID.
     */
    Optional<String> clusterId();

    ApiKeySecret apiKeySecret();

    @WithDefault("10s")
    java.time.Duration timeout();

    /** First delay between looks at a deployment in transition; it doubles up to pollMax. */
    @WithDefault("5s")
    java.time.Duration pollInitial();

    @WithDefault("60s")
    java.time.Duration pollMax();

    /** How often what the vendor offers this workspace (GET /deployments/models) is read again. */
    @WithDefault("1h")
    java.time.Duration offersRefresh();

    /** How often a settled deployment is looked at, to catch changes made outside the operator. */
    @WithDefault("5m")
    java.time.Duration resync();
  }

  /** Where the API key lives; it is never logged nor written to status or events. */
  interface ApiKeySecret {
    @WithDefault("modelstudio-api-key")
    String name();

    @WithDefault("api-key")
    String key();

    /** Namespace of the Secret; unset: the operator's own namespace. */
    Optional<String> namespace();

    /** true: each namespace brings its own Secret of that name (a workspace per team). */
    @WithDefault("false")
    boolean perNamespace();

    /** How long a key read from the Secret is used before it is read again; a key the vendor refuses is read again at once. */
    @WithDefault("1m")
    java.time.Duration refresh();
  }

  interface Billing {
    /** Time zone of subscription terms (23:59 expiry, the 22:00 rule). */
    @WithDefault("Asia/Shanghai")
    ZoneId timeZone();

    /**
     * Longest wait for a timed transition (term expiry, stop, release): the reconciler wakes at the
     * transition's instant, or after this long if that is later, so a changed clock is noticed.
     */
    @WithDefault("24h")
    java.time.Duration maxTimerDelay();

    /** How often the accrued cost of a deployment that draws on a BillingAccount is written to status (and so to the account), besides every phase or price change. */
    @WithDefault("10m")
    java.time.Duration accrualInterval();
  }

  interface Catalog {
    /** A catalog file replacing the built-in vendor prices, read once at start. */
    Optional<Path> path();

    /**
     * A provider's own catalog, e.g. a platform team's internal rates for its GPUs on the
     * Kubernetes provider, so the same cost machinery does chargeback.
     */
    @WithName("provider-paths")
    Map<ProviderType, Path> providerPaths();
  }

  /** The cluster back end: a vLLM-style OpenAI-compatible server per ModelDeployment. */
  interface Kubernetes {
    @WithDefault("vllm/vllm-openai:v0.11.0")
    String image();

    @WithDefault("8000")
    int port();

    /** Seconds before a rollout that makes no progress counts as failed. */
    @WithDefault("600")
    int progressDeadlineSeconds();

    /** How soon a request the API server refused (403) is tried again. */
    @WithDefault("30s")
    java.time.Duration permissionRecheck();

    /** Model code -> what the server loads (a Hugging Face id or a mounted path). */
    @WithName("model-sources")
    Map<String, String> modelSources();

    /** Model-unit type -> the GPUs one unit is on this cluster (assumptions; see docs). */
    @WithName("unit-types")
    Map<String, UnitType> unitTypes();
  }

  interface UnitType {
    @WithDefault("nvidia.com/gpu")
    String gpuResource();

    @WithDefault("1")
    int gpusPerUnit();

    Map<String, String> nodeSelector();

    /** Taint keys the pods tolerate (operator Exists, any effect). */
    Optional<java.util.List<String>> tolerations();
  }
}
