package io.modeldeploy.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.testing.Kubelet;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cluster back end priced with a platform team's own rates instead of the vendor's. */
@QuarkusTest
@WithKubernetesTestServer(setup = Kubelet.ApiServerSetup.class)
@TestProfile(ProviderCatalogTest.InternalRates.class)
class ProviderCatalogTest {

  public static class InternalRates implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("modeldeploy.catalog.provider-paths.Kubernetes", "src/test/resources/catalog/internal-gpu-rates.yaml");
    }
  }

  @Inject KubernetesClient client;

  @Test
  void theKubernetesProviderChargesInternalRates() {
    ModelDeployment md = client.getKubernetesSerialization().unmarshal(ModelDeploymentReconcilerTest.QWEN3_8B, ModelDeployment.class);
    md.getMetadata().setNamespace("chargeback");
    client.resource(md).create();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var status = client.resources(ModelDeployment.class).inNamespace("chargeback").withName("chat").get().getStatus();
      assertThat(status).isNotNull();
      // 2 replicas x 40 CNY/h internal rate for MU1 x 2 (the vendor's is 108)
      assertThat(status.getCost().getHourly()).isEqualTo("80.00");
      assertThat(status.getCost().getCatalogVersion()).isEqualTo("acme-internal-2026-11");
    });
  }
}
