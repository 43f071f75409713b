package io.modeldeploy.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modeldeploy.testing.StandInKubelet;
import io.modeldeploy.testing.StandaloneApiServer;

/**
 * fabric8's mock API server (CRUD mode, objects indexed by name), fresh for each run, with a stand-in
 * kubelet that makes every Deployment ready at once; requests counted from the server's log.
 */
final class MockApi implements ApiUnderTest {

  private final StandaloneApiServer api = new StandaloneApiServer(new IndexedCrudDispatcher());
  private final KubernetesClient bench = api.testClient();
  private final KubernetesClient operator = api.operatorClient(api.url());
  private final StandInKubelet kubelet = new StandInKubelet(bench);
  private final ApiServerLoad load = new ApiServerLoad(api.server);

  @Override
  public KubernetesClient benchClient() { return bench; }

  @Override
  public KubernetesClient operatorClient() { return operator; }

  @Override
  public RequestCount requests() { return load; }

  @Override
  public void close() {
    kubelet.close();
    load.close();
    operator.close();
    bench.close();
    api.close();
  }
}
