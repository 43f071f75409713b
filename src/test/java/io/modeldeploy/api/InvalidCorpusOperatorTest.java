package io.modeldeploy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.modeldeploy.testing.Manifests;
import io.modeldeploy.testing.Kubelet;
import io.modeldeploy.testing.OperatorTestBase;
import io.modeldeploy.testing.Quiet;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus through the running operator. What the API server refuses (schema, CEL,
 * immutable fields, names) never reaches an operator and is checked offline in InvalidCorpusTest;
 * what it accepts and the catalog refuses reaches the operator, which must name the field and the
 * problem, create nothing, settle without requeueing, and, when the bad spec is an edit of a
 * running deployment, leave what runs untouched.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = Kubelet.ApiServerSetup.class)
class InvalidCorpusOperatorTest extends OperatorTestBase {

  @KubernetesTestServer KubernetesServer server;

  static Stream<InvalidCorpusTest.Case> refusedByTheCatalog() throws IOException {
    return InvalidCorpusTest.corpus().filter(c -> c.layer().equals("catalog"));
  }

  /** The ones that keep the billing method of a running model-unit deployment, so they can be edits of it. */
  static Stream<InvalidCorpusTest.Case> editsOfAModelUnitDeployment() throws IOException {
    return refusedByTheCatalog().filter(c -> c.documents().get(0).at("/spec/billing/method").asText().equals("ModelUnit"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedByTheCatalog")
  void aNewDeploymentIsRefusedByNameOfTheFieldAndNothingIsCreated(InvalidCorpusTest.Case c) throws Exception {
    String name = c.documents().get(0).at("/metadata/name").asText();
    create(CrdSchemaTest.YAML.writeValueAsString(c.documents().get(0)));
    ModelDeploymentStatus status = awaitPhase(name, Phase.Pending);
    assertThat(condition(status, "Accepted").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Accepted").getMessage()).contains(c.expect().get("field") + ": ").contains(c.expect().get("expect"));
    assertThat(condition(status, "Stalled").getStatus()).isEqualTo("True");
    assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(client.services().inNamespace(ns).list().getItems()).isEmpty();
    assertSettles();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("editsOfAModelUnitDeployment")
  void anEditOfARunningDeploymentLeavesItRunning(InvalidCorpusTest.Case c) throws Exception {
    create(Manifests.qwen3Chat("good", "Kubernetes", "MU1", 2, 1));
    Kubelet kubelet = new Kubelet(client);
    await().atMost(Duration.ofSeconds(20)).until(() -> kubelet.deployment(ns, "good") != null);
    kubelet.rollout(ns, "good", 1, 1);
    awaitPhase("good", Phase.Running);
    Deployment before = kubelet.deployment(ns, "good");

    // The bad spec replaces the good one, as `kubectl apply` of the corpus file would.
    String badSpec = CrdSchemaTest.YAML.writeValueAsString(c.documents().get(0).get("spec"));
    client.resources(ModelDeployment.class).inNamespace(ns).withName("good").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\": " + client.getKubernetesSerialization().asJson(client.getKubernetesSerialization().unmarshal(badSpec,
            ModelDeploymentSpec.class)) + "}");
    ModelDeploymentStatus status = awaitPhase("good", Phase.Running);
    assertThat(condition(status, "Accepted").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Accepted").getMessage()).contains(c.expect().get("expect"));
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(kubelet.deployment(ns, "good").getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    assertSettles();
  }

  /** Once the error is reported, the operator writes nothing more (no requeue loop rewriting status). */
  private void assertSettles() throws InterruptedException {
    var mock = server.getKubernetesMockServer();
    await().atMost(Duration.ofSeconds(10)).until(() -> operatorWrites(mock).isEmpty());
    assertThat(Quiet.writesDuring(Duration.ofSeconds(1), () -> operatorWrites(mock))).isEmpty();
  }
}
