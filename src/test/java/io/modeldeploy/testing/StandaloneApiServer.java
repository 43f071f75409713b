package io.modeldeploy.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;

/**
 * fabric8's mock API server in CRUD mode on plain HTTP, outside Quarkus, with a dispatcher of the
 * caller's choosing (one that injects faults, one that indexes): for operators started by hand.
 * Deployment status is a subresource, and server-side apply is served, as on a real API server.
 */
public final class StandaloneApiServer implements AutoCloseable {

  /** The User-Agent of test-side clients, so that what the operator asks can be told apart. */
  public static final String TEST_AGENT = "modeldeploy-test";

  public final KubernetesMockServer server;
  /** How a client reaches this server; the clients below vary it. */
  private final Config base;

  public StandaloneApiServer(KubernetesCrudDispatcher dispatcher) {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    ServerSideApply.enable(server);
    server.init();
    Kubelet.deploymentStatusIsASubresource(server);
    try (KubernetesClient probe = server.createClient()) {
      base = probe.getConfiguration();
    }
  }

  /** A client for the test's side (a user, a kubelet), marked as such. */
  public KubernetesClient testClient() {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(base).withUserAgent(TEST_AGENT).build()).build();
  }

  /** A client for the operator, at the given URL (this server's own unless something stands in between). */
  public KubernetesClient operatorClient(String url) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(base).withMasterUrl(url).build()).build();
  }

  public String url() { return base.getMasterUrl(); }

  @Override
  public void close() { server.destroy(); }
}
