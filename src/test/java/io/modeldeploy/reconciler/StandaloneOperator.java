package io.modeldeploy.reconciler;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.modeldeploy.catalog.PriceCatalogs;
import io.modeldeploy.config.OperatorConfig;
import io.modeldeploy.provider.Providers;
import io.modeldeploy.provider.kubernetes.KubernetesProvider;
import java.time.Clock;
import java.util.List;

/**
 * An operator process of its own, as a restarted or second replica would be: its own client,
 * informers and provider, configured as the app's (SSA off), on the same mock API server.
 */
final class StandaloneOperator {

  private StandaloneOperator() {}

  static Operator start(KubernetesMockServer server, OperatorConfig config, PriceCatalogs catalogs, MeterRegistry registry,
      LeaderElectionConfiguration leaderElection) {
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(server.createClient())
          .withUseSSAToPatchPrimaryResource(false).withSSABasedCreateUpdateMatchForDependentResources(false);
      if (leaderElection != null) o.withLeaderElectionConfiguration(leaderElection);
    });
    ModelDeploymentReconciler reconciler = new ModelDeploymentReconciler();
    reconciler.providers = new Providers(List.of(new KubernetesProvider(config)), config.defaultProvider());
    reconciler.catalogs = catalogs;
    reconciler.config = config;
    reconciler.clock = Clock.systemUTC();
    reconciler.metrics = new DeploymentMetrics(registry, Clock.systemUTC());
    operator.register(reconciler);
    operator.start();
    return operator;
  }
}
