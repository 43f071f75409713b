package io.modeldeploy.provider.modelstudio;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modeldeploy.config.OperatorConfig;
import io.modeldeploy.provider.ProviderRejection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The vendor API key, for the operator's calls and the gateway's: read from its Secret at most once
 * per refresh interval per Secret rather than on every call (a thousand deployments would otherwise
 * read it a thousand times per poll), and never logged nor shown.
 */
public final class ApiKeys {

  private final OperatorConfig.ApiKeySecret secret;
  private final Duration retry;
  /** Keys by the namespace of their Secret, with when they were read. */
  private final Map<String, ReadKey> keys = new ConcurrentHashMap<>();

  private record ReadKey(String key, long readAtNanos) {}

  /** @param retry how soon a reconcile refused for a missing or unusable key is tried again */
  public ApiKeys(OperatorConfig.ApiKeySecret secret, Duration retry) {
    this.secret = secret;
    this.retry = retry;
  }

  /** The key as last read, while it is fresh: what a caller on an event loop may use without reading the Secret. */
  public java.util.Optional<String> fresh(KubernetesClient client, String deploymentNamespace) {
    ReadKey cached = keys.get(secretNamespace(client, deploymentNamespace));
    return cached != null && System.nanoTime() - cached.readAtNanos() < secret.refresh().toNanos()
        ? java.util.Optional.of(cached.key()) : java.util.Optional.empty();
  }

  private String secretNamespace(KubernetesClient client, String deploymentNamespace) {
    return secret.perNamespace() ? deploymentNamespace : secret.namespace().orElse(client.getNamespace());
  }

  /** The key for a deployment in this namespace; a ProviderRejection when there is none or it cannot be sent. */
  public String key(KubernetesClient client, String deploymentNamespace) {
    java.util.Optional<String> fresh = fresh(client, deploymentNamespace);
    if (fresh.isPresent()) return fresh.get();
    String namespace = secretNamespace(client, deploymentNamespace);
    long now = System.nanoTime();
    Secret found = client.secrets().inNamespace(namespace).withName(secret.name()).get();
    String encoded = found == null || found.getData() == null ? null : found.getData().get(secret.key());
    String key = usableKey(encoded, "key '" + secret.key() + "' of Secret " + namespace + "/" + secret.name(), retry);
    keys.put(namespace, new ReadKey(key, now));
    return key;
  }

  /** A refused key may have been rotated in its Secret since it was read: read it again next time. */
  public void forget() { keys.clear(); }

  /** The key a Secret's data holds (base64), refused without showing it when there is none or it cannot be sent. */
  static String usableKey(String encoded, String where, Duration retry) {
    String key = encoded == null ? "" : decoded(encoded).trim();
    if (key.isEmpty())
      throw new ProviderRejection("spec.provider", "CredentialsMissing", "the ModelStudio provider needs an API key in " + where, retry);
    // Checked here, before an HTTP client refuses the header with the value in its message.
    if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7f))
      throw new ProviderRejection("spec.provider", "CredentialsInvalid", "the API key in " + where + " has characters an"
          + " HTTP header cannot carry (a space, a line break or a non-ASCII character: was it encoded twice?)", retry);
    return key;
  }

  private static String decoded(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      // The API server only stores base64 in data; an unreadable value reads as no key rather than an exception with it.
      return "";
    }
  }
}
