package io.modeldeploy.provider.modelstudio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modeldeploy.provider.ProviderRejection;
import io.modeldeploy.testing.StandaloneConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The API key never travels in clear nor shows in a message; a key that cannot be sent is refused by name, not value. */
class ModelStudioSafetyTest {

  static final String WHERE = "key 'api-key' of Secret modeldeploy-system/modelstudio-api-key";

  static String base64(String s) { return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)); }

  @ParameterizedTest
  @ValueSource(strings = {"sk-secret\nsk-second", "sk-secret with-space", "sk-sécret", "sk-sec\u0007ret"})
  void aKeyAHeaderCannotCarryIsRefusedWithoutShowingIt(String key) {
    assertThatThrownBy(() -> ApiKeys.usableKey(base64(key), WHERE, Duration.ofMinutes(1)))
        .isInstanceOfSatisfying(ProviderRejection.class, r -> {
          assertThat(r.error().reason()).isEqualTo("CredentialsInvalid");
          assertThat(r.error().message()).contains(WHERE).doesNotContain("secret");
          assertThat(r.retryAfter()).contains(Duration.ofMinutes(1));
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "not base64!"})
  void anEmptyOrUnreadableKeyIsMissing(String data) {
    String encoded = data.equals("not base64!") ? data : base64(data);
    assertThatThrownBy(() -> ApiKeys.usableKey(encoded, WHERE, Duration.ofMinutes(1)))
        .isInstanceOfSatisfying(ProviderRejection.class, r -> assertThat(r.error().reason()).isEqualTo("CredentialsMissing"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sk-0123456789abcdef", "sk-ws-AbC_def.123"})
  void aKeyIsTrimmedAndKept(String key) {
    assertThat(ApiKeys.usableKey(base64(key + "\n"), WHERE, Duration.ofMinutes(1))).isEqualTo(key);
  }

  @ParameterizedTest
  @CsvSource({"https://dashscope.aliyuncs.com/api/v1, false, true", "http://127.0.0.1:8090/api/v1, false, false",
      "http://127.0.0.1:8090/api/v1, true, true"})
  void plainHttpIsRefusedUnlessAllowed(String url, boolean allowed, boolean starts) {
    var config = StandaloneConfig.operatorConfig(Map.of("modeldeploy.modelstudio.base-url", url,
        "modeldeploy.modelstudio.allow-insecure-http", String.valueOf(allowed))).modelstudio();
    if (starts) assertThat(ModelStudioProvider.secure(config)).hasToString(url);
    else assertThatThrownBy(() -> ModelStudioProvider.secure(config)).hasMessageContaining("travel in clear")
        .hasMessageContaining("modeldeploy.modelstudio.allow-insecure-http=true");
  }
}
