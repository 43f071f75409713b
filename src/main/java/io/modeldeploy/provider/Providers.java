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

  public ProviderType typeOf(ModelDeployment resource) {
    ProviderType chosen = resource.getSpec() == null ? null : resource.getSpec().getProvider();
    return chosen == null ? defaultProvider : chosen;
  }

  public Optional<ModelProvider> forResource(ModelDeployment resource) {
    return Optional.ofNullable(byType.get(typeOf(resource)));
  }

  public List<ModelProvider> all() { return List.copyOf(byType.values()); }
}
