package io.modeldeploy.provider;

import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ProviderType;
import io.modeldeploy.config.OperatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The providers this operator has, and which one a ModelDeployment uses. */
@ApplicationScoped
public class Providers {

  private final Map<ProviderType, ModelProvider> byType = new EnumMap<>(ProviderType.class);
  private final ProviderType defaultProvider;

  @Inject
  public Providers(Instance<ModelProvider> providers, OperatorConfig config) {
    this(providers.stream().toList(), config.defaultProvider());
  }

  public Providers(List<ModelProvider> providers, ProviderType defaultProvider) {
    providers.forEach(p -> byType.put(p.type(), p));
    this.defaultProvider = defaultProvider;
  }

  /** What the spec asks for: its provider, else the operator's default. */
  private ProviderType requested(ModelDeployment resource) {
    ProviderType chosen = resource.getSpec() == null ? null : resource.getSpec().getProvider();
    return chosen == null ? defaultProvider : chosen;
  }

  /**
   * Where the deployment runs: the provider recorded in status at its first reconcile, else the
   * requested one. A later edit of spec.provider or of the default never moves (or orphans) what runs.
   */
  public ProviderType typeOf(ModelDeployment resource) {
    ProviderType recorded = resource.getStatus() == null ? null : resource.getStatus().getProvider();
    return recorded != null ? recorded : requested(resource);
  }

  public Optional<ModelProvider> forResource(ModelDeployment resource) { return forType(typeOf(resource)); }

  public Optional<ModelProvider> forType(ProviderType type) { return Optional.ofNullable(byType.get(type)); }

  public List<ModelProvider> all() { return List.copyOf(byType.values()); }
}
