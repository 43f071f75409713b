package io.modeldeploy.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * fabric8's CRUD dispatcher finds the object of every create, update and patch by testing every
 * stored object against the request's attributes. With thousands of objects JFR put 40 % of the
 * bench's CPU there, which measures the mock rather than the operator (a real API server looks
 * objects up by key). This one keeps the stored keys indexed by name, maintained where the
 * dispatcher changes its store, and looks named objects up there.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

  private final Map<Attribute, Set<AttributeSet>> byName = new ConcurrentHashMap<>();

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    Attribute name = query.getAttribute(KubernetesAttributesExtractor.NAME);
    if (name == null) {
      synchronized (map) {
        return super.findResource(query);
      }
    }
    for (AttributeSet stored : byName.getOrDefault(name, Set.of())) {
      String value = stored.matches(query) ? map.get(stored) : null;
      if (value != null) return Map.entry(stored, value);
    }
    return null;
  }

  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (oldAttributes != null) named(oldAttributes).remove(oldAttributes);
    if (newState != null) {
      // The key the dispatcher stored the new state under, computed as it computes it.
      KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) getAttributeExtractor();
      AttributeSet stored = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
      if (!stored.containsKey(KubernetesAttributesExtractor.PLURAL)) stored = AttributeSet.merge(pathAttributes, stored);
      named(stored).add(stored);
    }
  }

  private Set<AttributeSet> named(AttributeSet key) {
    return byName.computeIfAbsent(key.getAttribute(KubernetesAttributesExtractor.NAME), n -> ConcurrentHashMap.newKeySet());
  }
}
