package io.modeldeploy.config;

/**
 * What this process runs: the same application is deployed twice, as the operator (reconcilers,
 * leader election) and as the inference gateway (stateless, any number of replicas). The gateway
 * profile (QUARKUS_PROFILE=gateway) selects the gateway.
 */
public enum Role { operator, gateway }
