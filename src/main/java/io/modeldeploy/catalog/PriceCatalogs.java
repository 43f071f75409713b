package io.modeldeploy.catalog;

import io.modeldeploy.api.ProviderType;
import java.util.Map;

/** The catalog each provider prices with: its own when configured, else the shared one. */
public record PriceCatalogs(PriceCatalog fallback, Map<ProviderType, PriceCatalog> byProvider) {

  public PriceCatalogs {
    byProvider = Map.copyOf(byProvider);
  }

  public PriceCatalog forProvider(ProviderType provider) { return byProvider.getOrDefault(provider, fallback); }
}
