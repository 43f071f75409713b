package io.modeldeploy.gateway;

import static io.modeldeploy.gateway.GatewayHarness.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.modeldeploy.api.Phase;
import io.modeldeploy.api.ProviderType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who a key is, and which deployment a model code names. */
class DirectoryTest {

  final Directory directory = new Directory();

  @Test
  void aSecretsKeysNameItsNamespaceUntilTheyLeaveIt() {
    directory.putKeys("team-a", "modeldeploy-gateway-keys", List.of("sk-old", "sk-new"));
    assertThat(directory.namespaceOf("sk-old")).hasValue("team-a");
    assertThat(directory.namespaceOf("sk-new")).hasValue("team-a");
    // Rotation: the Secret now holds only the new key.
    directory.putKeys("team-a", "modeldeploy-gateway-keys", List.of("sk-new"));
    assertThat(directory.namespaceOf("sk-old")).isEmpty();
    assertThat(directory.namespaceOf("sk-new")).hasValue("team-a");
    directory.removeKeys("team-a", "modeldeploy-gateway-keys");
    assertThat(directory.namespaceOf("sk-new")).isEmpty();
  }

  @Test
  void aKeyInTwoNamespacesReachesNeither() {
    directory.putKey("team-a", "modeldeploy-gateway-keys", "sk-shared");
    directory.putKey("team-b", "modeldeploy-gateway-keys", "sk-shared");
    assertThat(directory.namespaceOf("sk-shared")).isEmpty();
    directory.removeKeys("team-b", "modeldeploy-gateway-keys");
    assertThat(directory.namespaceOf("sk-shared")).hasValue("team-a");
    // Blank entries and surrounding whitespace are not keys of their own.
    directory.putKeys("team-c", "modeldeploy-gateway-keys", List.of(" sk-c \n", ""));
    assertThat(directory.namespaceOf("sk-c")).hasValue("team-c");
  }

  @Test
  void aModelCodeNamesTheDeploymentServingItInTheCallersNamespaceOnly() {
    directory.put(running("team-a", "chat", "qwen3-8b", "http://a"));
    directory.put(running("team-b", "chat", "qwen3-8b", "http://b"));
    directory.put(new Route("team-a", "vendor", "qwen3-max", "qwen3-max-x1y2", Phase.Running, ProviderType.ModelStudio, "http://v",
        null, null, null, null, null, "1", false));

    assertThat(directory.lookup("team-a", "qwen3-8b").found()).hasValueSatisfying(r -> assertThat(r.endpoint()).isEqualTo("http://a"));
    Directory.Lookup bySpec = directory.lookup("team-a", "qwen3-max");
    assertThat(bySpec.found()).isEmpty();
    assertThat(bySpec.bySpecModel()).extracting(Route::name).containsExactly("vendor");
    assertThat(directory.lookup("team-c", "qwen3-8b").inNamespace()).isEmpty();
    directory.remove("team-a", "chat");
    assertThat(directory.lookup("team-a", "qwen3-8b").found()).isEmpty();
  }
}
