package io.modeldeploy.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.modeldeploy.api.ProviderType;
import io.modeldeploy.catalog.PriceCatalog;
import io.modeldeploy.catalog.PriceCatalogs;
import java.util.EnumMap;
import java.util.Map;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Beans built from configuration: the price catalogs (loaded once) and the clock every rule reads. */
public class Producers {

  private static final Logger LOG = Logger.getLogger(Producers.class);

  @Produces
  @Singleton
  PriceCatalogs catalogs(OperatorConfig config) {
    PriceCatalog fallback = config.catalog().path().map(PriceCatalog::load).orElseGet(PriceCatalog::builtIn);
    LOG.infof("price catalog %s (%s) loaded from %s", fallback.version(), fallback.currency(),
        config.catalog().path().map(Object::toString).orElse("the built-in vendor prices"));
    Map<ProviderType, PriceCatalog> own = new EnumMap<>(ProviderType.class);
    config.catalog().providerPaths().forEach((provider, path) -> {
      own.put(provider, PriceCatalog.load(path));
      LOG.infof("price catalog %s for the %s provider loaded from %s", own.get(provider).version(), provider, path);
    });
    return new PriceCatalogs(fallback, own);
  }

  /**
   * Leader election over a Lease, so several replicas can run and only the leader reconciles.
   * quarkus-operator-sdk uses it in the prod profile.
   */
  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElection(OperatorConfig config) {
    return new LeaderElectionConfiguration(config.leaderElection().leaseName(), config.leaderElection().leaseNamespace().orElse(null));
  }

  /** Tests replace this bean to move time. */
  @Produces
  @Singleton
  Clock clock() { return Clock.systemUTC(); }
}
