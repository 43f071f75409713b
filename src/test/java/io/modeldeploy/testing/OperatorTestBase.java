package io.modeldeploy.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import io.modeldeploy.lifecycle.Conditions;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;

/** What tests against the running operator share: a namespace of their own and the user's view of it. */
public abstract class OperatorTestBase {

  @Inject protected KubernetesClient client;
  @Inject protected TestClock clock;
  protected String ns;

  @BeforeEach
  void ownNamespace() { ns = "t-" + UUID.randomUUID().toString().substring(0, 8); }

  /** Tests that move the operator's clock leave it at real time. */
  @org.junit.jupiter.api.AfterEach
  void realTime() { clock.reset(); }

  protected ModelDeployment create(String yaml) {
    ModelDeployment md = client.getKubernetesSerialization().unmarshal(yaml, ModelDeployment.class);
    md.getMetadata().setNamespace(ns);
    return client.resource(md).create();
  }

  protected ModelDeployment get(String name) { return client.resources(ModelDeployment.class).inNamespace(ns).withName(name).get(); }

  protected ModelDeployment edit(String name, UnaryOperator<ModelDeployment> change) {
    return edit(ModelDeployment.class, name, change);
  }

  /**
   * A user's edit: read, change, write; retried when the operator wrote the object in between
   * (409 Conflict), as kubectl does.
   */
  protected <T extends io.fabric8.kubernetes.api.model.HasMetadata> T edit(Class<T> type, String name, UnaryOperator<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client.resources(type).inNamespace(ns).withName(name).edit(change);
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) throw e;
      }
    }
  }

  /** Waits until the deployment is in the phase for the generation it has now, and returns that status. */
  protected ModelDeploymentStatus awaitPhase(String name, Phase phase) {
    try {
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        ModelDeployment md = get(name);
        assertThat(md.getStatus()).isNotNull();
        assertThat(md.getStatus().getPhase()).isEqualTo(phase);
        assertThat(md.getStatus().getObservedGeneration()).isEqualTo(md.getMetadata().getGeneration());
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // What the operator said on the way is the quickest diagnosis of a phase that never came.
      throw new AssertionError(e.getMessage() + "\nevents of " + ns + "/" + name + ": "
          + events(name).stream().map(ev -> ev.getReason() + ": " + ev.getMessage()).toList(), e);
    }
    return get(name).getStatus();
  }

  protected List<Event> events(String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }

  /** Writes the mock server received in this test's namespace since the last call, except the test's own kubelet writes. */
  protected List<String> operatorWrites(io.fabric8.kubernetes.client.server.mock.KubernetesMockServer mock) throws InterruptedException {
    List<String> writes = new java.util.ArrayList<>();
    for (var r = mock.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS); r != null;
        r = mock.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      boolean write = !r.getMethod().equals("GET");
      boolean ours = r.getPath().contains("/namespaces/" + ns + "/");
      boolean kubeletWrite = r.getPath().contains("/deployments/") && r.getPath().split("\\?")[0].endsWith("/status");
      if (write && ours && !kubeletWrite) writes.add(r.getMethod() + " " + r.getPath());
    }
    return writes;
  }

  protected static Condition condition(ModelDeploymentStatus status, String type) {
    if (status == null) throw new AssertionError("no status yet");
    return Conditions.find(status.getConditions(), type).orElseThrow(() -> new AssertionError("no " + type + " condition yet"));
  }
}
