package io.modeldeploy.provider.kubernetes;

/** Which Deployment of a ModelDeployment: one serving workload, or prefill and decode in PD-separated mode. */
enum WorkloadRole {
  SERVING(""), PREFILL("-prefill"), DECODE("-decode");

  final String suffix;

  WorkloadRole(String suffix) { this.suffix = suffix; }

  String component() { return name().toLowerCase(); }
}
