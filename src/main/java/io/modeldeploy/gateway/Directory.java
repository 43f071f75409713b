package io.modeldeploy.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the gateway knows of the cluster: the deployments it can route to and the caller keys, fed
 * by informers (DirectoryFeed) or directly by tests. A key is kept only as its SHA-256, and reaches
 * only the namespace its Secret is in: the namespace is the workspace. A Secret may hold several keys
 * (one per caller, or an old and a new one while rotating).
 */
public final class Directory {

  /** Deployments by namespace/name. */
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  /** SHA-256 of a key -> the Secrets (namespace/name) that hold it. */
  private final Map<String, Set<String>> keys = new ConcurrentHashMap<>();
  /** Secret namespace/name -> the hashes it holds, to drop them on change or deletion. */
  private final Map<String, Set<String>> keysOfSecret = new ConcurrentHashMap<>();

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

  /** The keys a Secret holds now, replacing what it held before. */
  public void putKeys(String namespace, String secretName, Collection<String> secretKeys) {
    removeKeys(namespace, secretName);
    String secret = namespace + "/" + secretName;
    Set<String> hashes = new HashSet<>();
    for (String key : secretKeys)
      if (key != null && !key.isBlank()) hashes.add(hash(key.trim()));
    if (hashes.isEmpty()) return;
    keysOfSecret.put(secret, hashes);
    hashes.forEach(h -> keys.computeIfAbsent(h, x -> ConcurrentHashMap.newKeySet()).add(secret));
  }

  public void putKey(String namespace, String secretName, String key) { putKeys(namespace, secretName, List.of(key)); }

  public void removeKeys(String namespace, String secretName) {
    String secret = namespace + "/" + secretName;
    Set<String> hashes = keysOfSecret.remove(secret);
    if (hashes == null) return;
    for (String hash : hashes)
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
    Set<String> namespaces = new HashSet<>();
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
