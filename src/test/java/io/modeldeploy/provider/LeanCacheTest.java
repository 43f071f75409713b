package io.modeldeploy.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.modeldeploy.api.ModelDeployment;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeanCacheTest {

  private static ManagedFieldsEntry entry(String manager, String operation) {
    return new ManagedFieldsEntryBuilder().withManager(manager).withOperation(operation)
        .withNewFieldsV1().addToAdditionalProperties("f:metadata", java.util.Map.of()).endFieldsV1().build();
  }

  private static final List<ManagedFieldsEntry> WRITERS = List.of(entry("modeldeployment", "Apply"),
      entry("modeldeployment", "Update"), entry("kubectl-label", "Update"), entry("argocd-controller", "Apply"),
      entry("kube-controller-manager", "Update"));

  @Test
  void appliedObjectsKeepOnlyTheOperatorsOwnApplyEntry() {
    var store = LeanCache.<Deployment>keepingAppliedFieldsOf("modeldeployment");
    Deployment deployment = new DeploymentBuilder().withNewMetadata().withName("qwen").withNamespace("team")
        .withResourceVersion("7").withManagedFields(WRITERS).endMetadata().build();

    store.put(store.getKey(deployment), deployment);

    Deployment cached = store.get("team/qwen");
    assertThat(cached.getMetadata().getManagedFields()).singleElement()
        .satisfies(e -> assertThat(e.getManager() + "/" + e.getOperation()).isEqualTo("modeldeployment/Apply"));
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("7");
  }

  @Test
  void readOnlyObjectsKeepNoManagedFieldsButEverythingElse() {
    var pods = LeanCache.<Pod>withoutManagedFields();
    Pod pod = new PodBuilder().withNewMetadata().withName("qwen-0").withNamespace("team").withResourceVersion("3")
        .addToLabels("app", "qwen").withManagedFields(WRITERS).endMetadata().withNewStatus().withPhase("Running").endStatus().build();
    pods.put(pods.getKey(pod), pod);

    Pod cached = pods.get("team/qwen-0");
    assertThat(cached.getMetadata().getManagedFields()).isEmpty();
    assertThat(cached.getMetadata().getLabels()).containsEntry("app", "qwen");
    assertThat(cached.getStatus().getPhase()).isEqualTo("Running");

    var deployments = new LeanCache.ModelDeployments();
    ModelDeployment md = new ModelDeployment();
    md.setMetadata(new ObjectMetaBuilder().withName("qwen").withNamespace("team").withManagedFields(WRITERS).build());
    deployments.put(deployments.getKey(md), md);
    assertThat(deployments.get("team/qwen").getMetadata().getManagedFields()).isEmpty();
  }
}
