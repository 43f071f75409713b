package io.modeldeploy.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.micrometer.core.instrument.MeterRegistry;
import io.modeldeploy.catalog.PriceCatalogs;
import io.modeldeploy.config.OperatorConfig;
import io.modeldeploy.provider.ModelProvider;
import io.modeldeploy.provider.Providers;
import io.modeldeploy.provider.kubernetes.KubernetesProvider;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * An operator process of its own, as a restarted or second replica would be: its own client,
 * informers and providers, configured as the app's, on the same mock API server.
 */
public final class StandaloneOperator {

  /** The Helm chart's default (concurrency.reconcileThreads). */
  static final int RECONCILE_THREADS = 10;

  private StandaloneOperator() {}

  /** The cluster back end only, on a client of its own. */
  static Operator start(KubernetesMockServer server, OperatorConfig config, PriceCatalogs catalogs, MeterRegistry registry,
      LeaderElectionConfiguration leaderElection) {
    return start(server.createClient(), reconciler(config, catalogs, List.of(new KubernetesProvider(config)), registry),
        leaderElection, Metrics.NOOP);
  }

  /** Any reconciler (ours or a stand-in) under the same operator settings. */
  public static Operator start(KubernetesClient client, Reconciler<?> reconciler, LeaderElectionConfiguration leaderElection,
      Metrics metrics) {
    return start(client, reconciler, leaderElection, metrics, Set.of());
  }

  /** Watching only the given namespaces (all when empty), as the chart's watchNamespaces does. */
  public static <P extends HasMetadata> Operator start(KubernetesClient client, Reconciler<P> reconciler,
      LeaderElectionConfiguration leaderElection, Metrics metrics, Set<String> namespaces) {
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client).withMetrics(metrics).withConcurrentReconciliationThreads(RECONCILE_THREADS);
      if (leaderElection != null) o.withLeaderElectionConfiguration(leaderElection);
    });
    operator.register(reconciler, overrides -> {
      if (!namespaces.isEmpty()) overrides.settingNamespaces(namespaces);
    });
    operator.start();
    return operator;
  }

  /** The operator's reconciler wired by hand, as CDI wires it in the app. */
  public static ModelDeploymentReconciler reconciler(OperatorConfig config, PriceCatalogs catalogs, List<ModelProvider> providers,
      MeterRegistry registry) {
    ModelDeploymentReconciler reconciler = new ModelDeploymentReconciler();
    reconciler.providers = new Providers(providers, config.defaultProvider());
    reconciler.catalogs = catalogs;
    reconciler.config = config;
    reconciler.clock = Clock.systemUTC();
    reconciler.metrics = new DeploymentMetrics(registry, Clock.systemUTC());
    reconciler.autoscale = new Autoscale();
    reconciler.autoscale.config = config;
    reconciler.autoscale.sampler = new io.modeldeploy.autoscaling.MetricsSampler(config, null, Clock.systemUTC());
    reconciler.rollouts = new RolloutDriver();
    reconciler.rollouts.analysis = new CanaryAnalysis();
    reconciler.rollouts.analysis.sampler = reconciler.autoscale.sampler;
    return reconciler;
  }
}
