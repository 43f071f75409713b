package io.modeldeploy.config;

import io.modeldeploy.catalog.PriceCatalog;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Beans built from configuration: the price catalog (loaded once) and the clock every rule reads. */
public class Producers {

  private static final Logger LOG = Logger.getLogger(Producers.class);

  @Produces
  @Singleton
  PriceCatalog catalog(OperatorConfig config) {
    PriceCatalog catalog = config.catalog().path().map(PriceCatalog::load).orElseGet(PriceCatalog::builtIn);
    LOG.infof("price catalog %s (%s) loaded from %s", catalog.version(), catalog.currency(),
        config.catalog().path().map(Object::toString).orElse("the built-in vendor prices"));
    return catalog;
  }

  /** Tests replace this bean to move time. */
  @Produces
  @Singleton
  Clock clock() { return Clock.systemUTC(); }
}
