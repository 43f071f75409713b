package io.modeldeploy.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
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

  /** Deployments by namespace, then name (sorted, for listing). */
  private final Map<String, Map<String, Route>> routes = new ConcurrentHashMap<>();
  /** The deployment serving each namespace|model code (any of its revisions'), the index every call looks in. */
  private final Map<String, Route> byCode = new ConcurrentHashMap<>();
  /** SHA-256 of a key -> the Secrets (namespace/name) that hold it. */
  private final Map<String, Set<String>> keys = new ConcurrentHashMap<>();
  /** Secret namespace/name -> the hashes it holds, to drop them on change or deletion. */
  private final Map<String, Set<String>> keysOfSecret = new ConcurrentHashMap<>();

  public void put(Route route) {
    Route before = routes.computeIfAbsent(route.namespace(), n -> new java.util.concurrent.ConcurrentSkipListMap<>()).put(route.name(), route);
    unindex(before);
    for (String code : route.codes()) byCode.put(route.namespace() + "|" + code, route);
  }

  public void remove(String namespace, String name) {
    Map<String, Route> here = routes.get(namespace);
    if (here != null) unindex(here.remove(name));
  }

  private void unindex(Route before) {
    if (before != null) for (String code : before.codes()) byCode.remove(before.namespace() + "|" + code, before);
  }

  public Optional<Route> byName(String namespace, String name) {
    Map<String, Route> here = routes.get(namespace);
    return Optional.ofNullable(here == null ? null : here.get(name));
  }

  /**
   * The deployment a call names by its model code (status.modelCode) in the caller's namespace;
   * else the deployments whose spec.model it is (not serving yet, or served under another code).
   */
  public Lookup lookup(String namespace, String model) {
    Route serving = byCode.get(namespace + "|" + model);
    if (serving != null) return new Lookup(Optional.of(serving), List.of(), List.of());
    List<Route> here = inNamespace(namespace);
    return new Lookup(Optional.empty(), here.stream().filter(r -> model.equals(r.specModel())).toList(), here);
  }

  /**
   * @param found the deployment serving that code; when none: bySpecModel, those asking for that model,
   *     and inNamespace, every deployment of the namespace (for the error)
   */
  public record Lookup(Optional<Route> found, List<Route> bySpecModel, List<Route> inNamespace) {}

  public List<Route> inNamespace(String namespace) {
    Map<String, Route> here = routes.get(namespace);
    return here == null ? List.of() : List.copyOf(here.values());
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

  /** One digest per thread: looking the algorithm up is most of hashing a short key. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  });

  private static String hash(String key) {
    return HexFormat.of().formatHex(SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
  }
}
