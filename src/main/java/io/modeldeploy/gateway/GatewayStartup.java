package io.modeldeploy.gateway;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.modeldeploy.config.OperatorConfig;
import io.modeldeploy.config.Role;
import io.modeldeploy.provider.modelstudio.ApiKeys;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * The gateway role's wiring: its routes on the application's HTTP server, the directory's informers,
 * the counters (Redis or this replica) and the usage writer. Nothing of it runs in the operator role.
 */
@ApplicationScoped
@Readiness
public class GatewayStartup implements HealthCheck {

  private static final Logger LOG = Logger.getLogger(GatewayStartup.class);
  private static final Duration REDIS_TIMEOUT = Duration.ofMillis(500);

  @Inject OperatorConfig config;
  @Inject GatewayConfig gateway;
  @Inject KubernetesClient client;
  @Inject MeterRegistry registry;
  @Inject Vertx vertx;
  @Inject Clock clock;

  private DirectoryFeed feed;
  private Counters counters;
  private UsageWriter writer;
  private Gateway proxy;

  void mount(@Observes Router router) {
    if (config.role() != Role.gateway) return;
    Directory directory = new Directory();
    counters = gateway.redisUrl().<Counters>map(url -> new RedisCounters(vertx, url, REDIS_TIMEOUT)).orElseGet(LocalCounters::new);
    if (gateway.redisUrl().isEmpty())
      LOG.warn("no Redis configured (modeldeploy.gateway.redis-url): each gateway replica enforces the limits alone,"
          + " so a deployment's effective limit is its limit times the replicas");
    writer = new UsageWriter(client, directory, counters, gateway.usageInterval(), config.billing().timeZone(), clock);
    ApiKeys keys = new ApiKeys(config.modelstudio().apiKeySecret(), config.modelstudio().pollMax());
    // The Secret is read off the event loop, at most once per refresh interval.
    Gateway.VendorKey vendorKey = route -> keys.fresh(client, route.namespace()).map(Future::succeededFuture)
        .orElseGet(() -> vertx.executeBlocking(() -> keys.key(client, route.namespace()), false));
    proxy = new Gateway(vertx, directory, counters, new GatewayMetrics(registry, counters::shared),
        new Gateway.Settings(gateway.clusterUpstream(), gateway.connectTimeout(), gateway.idleTimeout(),
            gateway.defaultOutputTokens(), gateway.maxBodyBytes(), config.billing().timeZone(), clock, gateway.keySecret(),
            gateway.scaleFromZeroTimeout()), vendorKey, writer::touched);
    proxy.mount(router);
    feed = new DirectoryFeed(client, directory, gateway.keySecret(), gateway.namespaces());
    writer.start();
    LOG.infof("inference gateway routing on /v1 (limits %s)", gateway.redisUrl().isPresent() ? "shared through Redis" : "per replica");
  }

  /** Ready once it knows every deployment and key; says whether limits are shared. */
  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("inference gateway");
    if (config.role() != Role.gateway) return response.up().withData("role", config.role().name()).build();
    boolean synced = feed != null && feed.synced();
    return response.status(synced).withData("limits", gateway.redisUrl().isPresent()
        ? (counters.shared() ? "shared through Redis" : "per replica while Redis cannot be reached")
        : "per replica (no Redis configured)").build();
  }

  void stop(@Observes ShutdownEvent event) {
    if (proxy == null) return;
    // What was counted since the last write goes to status before the replica ends.
    proxy.close();
    writer.writeBeforeStopping();
    writer.close();
    feed.close();
    counters.close();
  }
}
