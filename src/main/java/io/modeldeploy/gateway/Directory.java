package io.modeldeploy.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the gateway knows of the cluster: the deployments it can route to and the caller keys, fed
 * by informers (DirectoryFeed) or directly by tests. A key is kept only as its SHA-256, and reaches
 * only the namespace its Secret is in: the namespace is the workspace.
 */
public final class Directory {

  /** Deployments by namespace/name. */
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  /** SHA-256 of a key -> the Secrets (namespace/name) that hold it. */
  private final Map<String, Set<String>> keys = new ConcurrentHashMap<>();
  /** Secret namespace/name -> the hash it holds, to drop it on change or deletion. */
  private final Map<String, String> keyOfSecret = new ConcurrentHashMap<>();

  public void put(Route route) { routes.put(route.key(), route); }

  public void remove(String namespace, String name) { routes.remove(namespace + "/" + name); }

  public Optional<Route> byName(String namespace, String name) { return Optional.ofNullable(routes.get(namespace + "/" + name)); }

  /**
   * The deployment a call names by its model code (status.modelCode) in the caller's namespace;
   * else the deployments whose spec.model it is (not serving yet, or served under another code).
   */
  public Lookup lookup(String namespace, String model) {
    List<Route> here = inNamespace(namespace);
    Optional<Route> byCode = here.stream().filter(r -> model.equals(r.modelCode())).findFirst();
    if (byCode.isPresent()) return new Lookup(byCode, List.of(), here);
    return new Lookup(Optional.empty(), here.stream().filter(r -> model.equals(r.specModel())).toList(), here);
  }

  /** @param found the deployment serving that code; bySpecModel: those asking for that model, when none serves it */
  public record Lookup(Optional<Route> found, List<Route> bySpecModel, List<Route> inNamespace) {}

  public List<Route> inNamespace(String namespace) {
    return routes.values().stream().filter(r -> r.namespace().equals(namespace))
        .sorted(Comparator.comparing(Route::name)).toList();
  }

  public void putKey(String namespace, String secretName, String key) {
    removeKey(namespace, secretName);
    if (key == null || key.isBlank()) return;
    String hash = hash(key.trim());
    String secret = namespace + "/" + secretName;
    keyOfSecret.put(secret, hash);
    keys.computeIfAbsent(hash, h -> ConcurrentHashMap.newKeySet()).add(secret);
  }

  public void removeKey(String namespace, String secretName) {
    String secret = namespace + "/" + secretName;
    String hash = keyOfSecret.remove(secret);
    if (hash == null) return;
    keys.computeIfPresent(hash, (h, secrets) -> {
      secrets.remove(secret);
      return secrets.isEmpty() ? null : secrets;
    });
  }

  /**
   * The namespace a caller's key belongs to; empty for an unknown key, and for a key found in two
   * namespaces (it cannot say which workspace the caller is).
   */
  public Optional<String> namespaceOf(String key) {
    Set<String> secrets = keys.get(hash(key));
    if (secrets == null) return Optional.empty();
    Set<String> namespaces = new java.util.HashSet<>();
    secrets.forEach(s -> namespaces.add(s.substring(0, s.indexOf('/'))));
    return namespaces.size() == 1 ? namespaces.stream().findFirst() : Optional.empty();
  }

  private static String hash(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
