package io.modeldeploy.bench;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What one run talks to: a client for the bench's own side (creating, watching), one the operator
 * runs with, and the count of the operator's requests.
 */
interface ApiUnderTest extends AutoCloseable {

  KubernetesClient benchClient();

  KubernetesClient operatorClient();

  RequestCount requests();

  /** CPU seconds each process of the control plane has used so far (none for the in-process mock). */
  default java.util.Map<String, Double> cpuSeconds() { return java.util.Map.of(); }

  @Override
  void close();
}
