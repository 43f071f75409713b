package io.modeldeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modeldeploy.testing.Manifests;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator runs with the Helm chart's ClusterRole only (every end-to-end test proves the rules
 * suffice); here one rule is taken away and the ModelDeployment says which verb on which resource
 * the API server refused, once, instead of failing reconciles in a loop, and recovers when it is back.
 */
class RbacE2EIT {

  static final String ROLE = "clusterrole/mdo-modeldeploy-operator";
  static ControlPlane cluster;

  @BeforeAll
  static void start() { cluster = ControlPlane.get(); }

  @Test
  void aRuleTakenAwayIsReportedNamingTheVerbAndResource() throws Exception {
    String ns = "e2e-rbac";
    cluster.namespace(ns);
    JsonNode rules = new ObjectMapper().readTree(cluster.kubectl("get", ROLE, "-o", "json").out()).path("rules");
    int index = indexOfRuleFor(rules, "deployments");
    String granted = rules.get(index).path("verbs").toString();
    String withoutCreate = new ObjectMapper().writeValueAsString(StreamSupport.stream(rules.get(index).path("verbs").spliterator(), false)
        .map(JsonNode::asText).filter(v -> !v.equals("create")).toList());
    setVerbs(index, withoutCreate);
    try {
      assertThat(cluster.kubectlWith(Manifests.qwen3Chat("chat", "Kubernetes", "MU1", 2, 1), "apply", "-n", ns).exit()).isZero();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(condition(ns, "reason")).isEqualTo("Forbidden");
        assertThat(condition(ns, "message")).contains("cannot create resource \"deployments\" in API group \"apps\"");
      });
      assertThat(cluster.jsonpath(ns, "mdep/chat", "{.status.phase}")).isEqualTo("Pending");
      // Retried quietly (every permission-recheck, 1 s here): one Event, and no status write per attempt.
      List<String> reported = cluster.settledOperatorWrites(ns);
      await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(cluster.operatorWrites(ns)).isEqualTo(reported));
      assertThat(warnings(ns)).singleElement().satisfies(m -> assertThat(m).contains("cannot create resource \"deployments\""));
    } finally {
      setVerbs(index, granted);
    }
    cluster.awaitPhase(ns, "chat", "Running");
    assertThat(condition(ns, "status")).isEqualTo("True");
  }

  private static int indexOfRuleFor(JsonNode rules, String resource) {
    for (int i = 0; i < rules.size(); i++)
      for (JsonNode r : rules.get(i).path("resources")) if (r.asText().equals(resource)) return i;
    throw new AssertionError("the chart's ClusterRole has no rule for " + resource + ": " + rules);
  }

  private static void setVerbs(int rule, String verbs) {
    ControlPlane.Result patched = cluster.kubectl("patch", ROLE, "--type=json",
        "-p", "[{\"op\":\"replace\",\"path\":\"/rules/" + rule + "/verbs\",\"value\":" + verbs + "}]");
    assertThat(patched.exit()).as(patched.both()).isZero();
  }

  private static String condition(String ns, String field) {
    return cluster.jsonpath(ns, "mdep/chat", "{.status.conditions[?(@.type==\"ProviderReachable\")]." + field + "}");
  }

  private static List<String> warnings(String ns) {
    return cluster.kubectl("get", "events", "-n", ns, "--field-selector", "reason=Forbidden,type=Warning",
        "-o", "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}").out().lines().toList();
  }
}
