package io.modeldeploy.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The chart, rendered by the real helm binary (`make tools` installs it): lint, the security a
 * cluster admin expects, and RBAC equal to what quarkus-operator-sdk generates from the reconciler.
 * Runs after `package`, which writes target/kubernetes/kubernetes.yml.
 */
class HelmChartIT {

  static final Path CHART = Path.of("helm/modeldeploy-operator");
  static final Path ALL_VALUES = CHART.resolve("ci/all-values.yaml");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  record Result(int exit, String output) {}

  static Result helm(String... args) throws IOException, InterruptedException {
    Path binary = Path.of(".tools/helm");
    if (!Files.isExecutable(binary)) throw new AssertionError(".tools/helm is missing: run `make tools`");
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("helm finished").isTrue();
    return new Result(p.exitValue(), out);
  }

  static List<JsonNode> render(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("template", "mdo", CHART.toString(), "--namespace", "ops"));
    args.addAll(List.of(extra));
    Result r = helm(args.toArray(String[]::new));
    assertThat(r.exit()).as(r.output()).isZero();
    List<JsonNode> docs = new ArrayList<>();
    try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(r.output())) {
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && d.has("kind")) docs.add(d);
      }
    }
    return docs;
  }

  static List<JsonNode> kind(List<JsonNode> docs, String kind) { return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList(); }

  /** The operator's own ClusterRoles: not the ones for people (templates/user-roles.yaml, named modeldeploy-*), nor the gateway's. */
  static List<JsonNode> operatorClusterRoles(List<JsonNode> docs) {
    return kind(docs, "ClusterRole").stream().filter(r -> !r.at("/metadata/name").asText().startsWith("modeldeploy-"))
        .filter(r -> !gateway(r)).toList();
  }

  static boolean gateway(JsonNode doc) { return doc.at("/metadata/labels/app.kubernetes.io~1component").asText().equals("gateway"); }

  /** The operator's one object of a kind (the gateway has its own of several kinds). */
  static JsonNode operators(List<JsonNode> docs, String kind) {
    return one(docs.stream().filter(d -> !gateway(d)).toList(), kind);
  }

  static JsonNode gateways(List<JsonNode> docs, String kind) {
    return one(docs.stream().filter(HelmChartIT::gateway).toList(), kind);
  }

  static JsonNode one(List<JsonNode> docs, String kind) {
    List<JsonNode> found = kind(docs, kind);
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  /** Rules as "group|resource|resourceName|verb" lines, so two sets of rules compare exactly. */
  static Set<String> permissions(List<JsonNode> roles) {
    Set<String> out = new TreeSet<>();
    for (JsonNode role : roles)
      for (JsonNode rule : role.path("rules"))
        for (JsonNode group : rule.path("apiGroups"))
          for (JsonNode resource : rule.path("resources"))
            for (JsonNode verb : rule.path("verbs")) {
              List<String> names = new ArrayList<>();
              rule.path("resourceNames").forEach(n -> names.add(n.asText()));
              if (names.isEmpty()) names.add("*any*");
              for (String name : names) out.add(group.asText() + "|" + resource.asText() + "|" + name + "|" + verb.asText());
            }
    return out;
  }

  @Test
  void lintsWithDefaultsAndWithEveryValueSet() throws Exception {
    Result defaults = helm("lint", CHART.toString(), "--strict");
    assertThat(defaults.exit()).as(defaults.output()).isZero();
    Result all = helm("lint", CHART.toString(), "--strict", "-f", ALL_VALUES.toString());
    assertThat(all.exit()).as(all.output()).isZero();
  }

  @Test
  void rbacIsExactlyWhatTheOperatorUses() throws Exception {
    List<JsonNode> generated = new ArrayList<>();
    try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(Path.of("target/kubernetes/kubernetes.yml").toFile())) {
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && d.path("kind").asText().equals("ClusterRole")) generated.add(d);
      }
    }
    List<JsonNode> chart = render();
    Set<String> wanted = permissions(generated);
    Set<String> granted = permissions(operatorClusterRoles(chart));
    assertThat(granted).as("the chart grants what the operator uses, no more, no less").isEqualTo(wanted);
    assertThat(granted).noneMatch(p -> p.contains("|*|") || p.startsWith("*|") || p.endsWith("|*"));
    // Quarkus also binds the generic "view" ClusterRole; the chart does not: the operator never uses it.
    assertThat(kind(chart, "RoleBinding")).isEmpty();
    // The gateway reads deployments, writes only their status (usage), and reads Secrets by name only: its keys and the vendor key.
    assertThat(permissions(kind(chart, "ClusterRole").stream().filter(HelmChartIT::gateway).toList())).containsExactlyInAnyOrder(
        "|secrets|modeldeploy-gateway-keys|get", "|secrets|modeldeploy-gateway-keys|list", "|secrets|modeldeploy-gateway-keys|watch",
        "|secrets|modelstudio-api-key|get", "|secrets|modelstudio-api-key|list", "|secrets|modelstudio-api-key|watch",
        "modeldeploy.io|modeldeployments/status|*any*|patch", "modeldeploy.io|modeldeployments|*any*|get",
        "modeldeploy.io|modeldeployments|*any*|list", "modeldeploy.io|modeldeployments|*any*|watch");
  }

  @Test
  void namespacedInstallUsesRolesPerNamespace() throws Exception {
    List<JsonNode> chart = render("-f", ALL_VALUES.toString());
    assertThat(kind(chart, "Role").stream().filter(r -> !gateway(r)).toList()).extracting(r -> r.at("/metadata/namespace").asText())
        .containsExactlyInAnyOrder("llm-prod", "llm-staging", "ops");
    // With modelstudio.clusterId set, the kube-system namespace is not read: no cluster-identity role.
    assertThat(operatorClusterRoles(chart)).singleElement().satisfies(r -> assertThat(permissions(List.of(r)))
        .containsExactly("apiextensions.k8s.io|customresourcedefinitions|*any*|get", "apiextensions.k8s.io|customresourcedefinitions|*any*|list"));
    assertThat(permissions(kind(chart, "Role"))).contains("|secrets|dashscope|get", "coordination.k8s.io|leases|*any*|update");
    String properties = operators(chart, "ConfigMap").at("/data/operator.properties").asText();
    assertThat(properties).contains("quarkus.operator-sdk.namespaces=llm-prod,llm-staging",
        "modeldeploy.kubernetes.unit-types.MU5.gpu-resource=nvidia.com/mig-3g.40gb",
        "modeldeploy.kubernetes.model-sources.\"qwen3-8b-ft-support\"=/models/qwen3-8b-ft-support",
        "modeldeploy.catalog.path=/etc/modeldeploy/catalog/rates.yaml", "modeldeploy.billing.time-zone=Asia/Singapore",
        "modeldeploy.billing.accrual-interval=5m", "modeldeploy.billing.max-timer-delay=6h",
        "modeldeploy.modelstudio.cluster-id=prod-eu");
  }

  @Test
  void theOperatorPodIsLockedDown() throws Exception {
    JsonNode pod = operators(render(), "Deployment").at("/spec/template/spec");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    JsonNode c = pod.at("/containers/0");
    assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(c.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
    assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
    assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
    assertThat(c.at("/resources/limits/memory").asText()).isEqualTo("768Mi");
    assertThat(pod.path("volumes").toString()).contains("\"name\":\"tmp\"").contains("emptyDir");
    assertThat(c.path("volumeMounts").toString()).contains("/tmp");
    // The image's own user (pom.xml's Jib configuration), so the pod runs as the image was made to.
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(65532);
    assertThat(pod.at("/securityContext/runAsGroup").asInt()).isEqualTo(65532);
    assertThat(Files.readString(Path.of("pom.xml"))).contains("<user>65532:65532</user>");
    assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
  }

  /** People's roles: aggregated into the built-in ones, except the one that spends money. */
  @Test
  void rolesForPeopleAggregateIntoTheBuiltInOnesButBilling() throws Exception {
    Map<String, JsonNode> roles = new java.util.TreeMap<>();
    kind(render(), "ClusterRole").stream().filter(r -> r.at("/metadata/name").asText().startsWith("modeldeploy-"))
        .forEach(r -> roles.put(r.at("/metadata/name").asText(), r));
    assertThat(roles).containsOnlyKeys("modeldeploy-view", "modeldeploy-edit", "modeldeploy-admin", "modeldeploy-billing-admin");
    assertThat(roles.get("modeldeploy-view").at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-view").asText()).isEqualTo("true");
    assertThat(roles.get("modeldeploy-edit").at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-edit").asText()).isEqualTo("true");
    assertThat(roles.get("modeldeploy-admin").at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-admin").asText()).isEqualTo("true");
    assertThat(roles.get("modeldeploy-billing-admin").at("/metadata/labels").toString()).doesNotContain("aggregate-to");
    for (String aggregated : List.of("modeldeploy-view", "modeldeploy-edit", "modeldeploy-admin"))
      assertThat(permissions(List.of(roles.get(aggregated)))).as(aggregated)
          .noneMatch(p -> p.contains("|billingaccounts|") && !p.endsWith("|get") && !p.endsWith("|list") && !p.endsWith("|watch"))
          .noneMatch(p -> p.contains("|modelgrants|") && !p.endsWith("|get") && !p.endsWith("|list") && !p.endsWith("|watch"))
          .noneMatch(p -> p.contains("|secrets|"));
    assertThat(kind(render("--set", "userRoles.create=false"), "ClusterRole")).noneMatch(r -> r.at("/metadata/name").asText().startsWith("modeldeploy-"));
  }

  /** Workspaces are enforced by default: the admission policy, its binding to the namespace's grant, and the operator's own check. */
  @Test
  void theDeploymentPrivilegeIsEnforcedUnlessTurnedOff() throws Exception {
    List<JsonNode> chart = render();
    JsonNode policy = one(chart, "ValidatingAdmissionPolicy");
    assertThat(policy.at("/metadata/name").asText()).isEqualTo("mdo-modeldeploy-operator-deployment-privilege");
    assertThat(policy.at("/spec/paramKind/kind").asText()).isEqualTo("ModelGrant");
    JsonNode binding = one(chart, "ValidatingAdmissionPolicyBinding");
    assertThat(binding.at("/spec/policyName").asText()).isEqualTo(policy.at("/metadata/name").asText());
    assertThat(binding.at("/spec/paramRef/name").asText()).isEqualTo(io.modeldeploy.api.ModelGrant.NAME);
    assertThat(binding.at("/spec/paramRef/parameterNotFoundAction").asText()).isEqualTo("Deny");
    assertThat(operators(chart, "ConfigMap").at("/data/operator.properties").asText()).contains("modeldeploy.privileges.enforce=true");
    List<JsonNode> off = render("--set", "privileges.enforce=false");
    assertThat(kind(off, "ValidatingAdmissionPolicy")).isEmpty();
    assertThat(kind(off, "ValidatingAdmissionPolicyBinding")).isEmpty();
    assertThat(operators(off, "ConfigMap").at("/data/operator.properties").asText()).contains("modeldeploy.privileges.enforce=false");
  }

  /** The chart installs the image `make image` builds: its default tag is the project's version, and cannot drift from it. */
  @Test
  void theChartsImageTagIsTheProjectVersion() throws Exception {
    String version = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile())
        .getDocumentElement().getElementsByTagName("version").item(0).getTextContent();
    JsonNode chart = YAML.readTree(CHART.resolve("Chart.yaml").toFile());
    assertThat(chart.path("appVersion").asText()).isEqualTo(version);
    assertThat(YAML.readTree(CHART.resolve("values.yaml").toFile()).at("/image/tag").asText()).as("empty: the appVersion").isEmpty();
    assertThat(operators(render(), "Deployment").at("/spec/template/spec/containers/0/image").asText())
        .isEqualTo("ghcr.io/modeldeploy/modeldeploy-operator:" + version);
  }

  @Test
  void everyValueSetRendersHaLeaderElectionCatalogMetricsAndEgressPolicy() throws Exception {
    List<JsonNode> chart = render("-f", ALL_VALUES.toString());
    JsonNode deployment = operators(chart, "Deployment");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(permissions(kind(chart, "Role"))).as("leader election at 2 replicas").contains("coordination.k8s.io|leases|*any*|get");
    assertThat(operators(chart, "ConfigMap").at("/data/operator.properties").asText()).contains("modeldeploy.leader-election.lease-name=mdo-leader");
    JsonNode pod = deployment.at("/spec/template/spec");
    assertThat(pod.path("volumes").toString()).contains("gpu-chargeback-rates");
    assertThat(pod.at("/containers/0/volumeMounts").toString()).contains("/etc/modeldeploy/catalog");
    assertThat(pod.at("/priorityClassName").asText()).isEqualTo("system-cluster-critical");
    assertThat(operators(chart, "ServiceMonitor").at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
    assertThat(one(chart, "NetworkPolicy").at("/spec/egress").toString()).contains("10.96.0.1/32").contains("47.0.0.0/8");
  }

  @Test
  void valuesOfTheWrongShapeAreRefused() throws Exception {
    Result zero = helm("template", "mdo", CHART.toString(), "--set", "replicas=0");
    assertThat(zero.exit()).isNotZero();
    assertThat(zero.output()).contains("replicas").contains("minimum");
    Result provider = helm("template", "mdo", CHART.toString(), "--set", "defaultProvider=Azure");
    assertThat(provider.exit()).isNotZero();
    assertThat(provider.output()).contains("defaultProvider");
  }

  @Test
  void theChartInstallsTheSameCrds() throws IOException {
    for (String crd : List.of("modeldeployments.modeldeploy.io-v1.yml", "billingaccounts.modeldeploy.io-v1.yml",
        "modelgrants.modeldeploy.io-v1.yml"))
      assertThat(Files.readString(CHART.resolve("crds").resolve(crd))).isEqualTo(Files.readString(Path.of("deploy/crds", crd)));
  }

  /** The gateway: its own pods (never selected by the operator's Deployment or Service), locked down, two replicas and a budget. */
  @Test
  void theGatewayRunsAsItsOwnDeploymentServiceAndDisruptionBudget() throws Exception {
    List<JsonNode> chart = render();
    JsonNode deployment = gateways(chart, "Deployment");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
    JsonNode selector = deployment.at("/spec/selector/matchLabels");
    assertThat(selector.path("app.kubernetes.io/name").asText()).isEqualTo("modeldeploy-gateway");
    assertThat(operators(chart, "Deployment").at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText())
        .isNotEqualTo(selector.path("app.kubernetes.io/name").asText());
    JsonNode pod = deployment.at("/spec/template/spec");
    assertThat(pod.at("/containers/0/env").toString()).contains("{\"name\":\"QUARKUS_PROFILE\",\"value\":\"gateway\"}");
    assertThat(pod.at("/containers/0/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(65532);
    assertThat(pod.at("/containers/0/image").asText()).isEqualTo(operators(chart, "Deployment").at("/spec/template/spec/containers/0/image").asText());
    assertThat(gateways(chart, "Service").at("/spec/selector")).isEqualTo(selector);
    assertThat(gateways(chart, "PodDisruptionBudget").at("/spec/maxUnavailable").asInt()).isEqualTo(1);
    // Without Redis each replica counts alone: nothing configures one by default.
    assertThat(gateways(chart, "ConfigMap").at("/data/gateway.properties").asText()).doesNotContain("redis-url")
        .contains("modeldeploy.gateway.key-secret=modeldeploy-gateway-keys");
    assertThat(kind(chart, "ConfigMap")).noneMatch(c -> c.at("/metadata/name").asText().endsWith("-dashboard"));

    List<JsonNode> off = render("--set", "gateway.enabled=false");
    assertThat(off).noneMatch(HelmChartIT::gateway);
  }

  @Test
  void everyGatewayValueRendersRedisNamespacedRolesAndTheDashboard() throws Exception {
    List<JsonNode> chart = render("-f", ALL_VALUES.toString());
    String properties = kind(chart, "ConfigMap").stream().filter(c -> c.at("/metadata/name").asText().endsWith("-gateway-config"))
        .findFirst().orElseThrow().at("/data/gateway.properties").asText();
    assertThat(properties).contains("modeldeploy.gateway.redis-url=redis://redis-master.redis:6379",
        "modeldeploy.gateway.namespaces=llm-prod,llm-staging", "modeldeploy.gateway.key-secret=llm-gateway-keys",
        "modeldeploy.gateway.idle-timeout=300s", "modeldeploy.gateway.usage-interval=30s");
    assertThat(chart.stream().filter(HelmChartIT::gateway).filter(d -> d.path("kind").asText().equals("Role"))
        .map(r -> r.at("/metadata/namespace").asText())).containsExactlyInAnyOrder("llm-prod", "llm-staging", "ops");
    assertThat(gateways(chart, "Service").at("/spec/type").asText()).isEqualTo("LoadBalancer");
    assertThat(gateways(chart, "ServiceMonitor").at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
    JsonNode dashboard = kind(chart, "ConfigMap").stream().filter(c -> c.at("/metadata/name").asText().endsWith("-dashboard"))
        .findFirst().orElseThrow();
    assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    JsonNode json = new ObjectMapper().readTree(dashboard.at("/data/modeldeploy-gateway.json").asText());
    assertThat(json.path("panels")).extracting(p -> p.path("title").asText()).contains("Throttled calls per second (429)",
        "Overflow share of tokens", "Tokens per minute against the limit");
  }
}
