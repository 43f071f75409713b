package io.modeldeploy.validation;

import io.modeldeploy.api.BillingMethod;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelGrant;
import io.modeldeploy.api.ModelPrivilege;
import io.modeldeploy.api.ScalingSchedule;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether a namespace (the vendor's workspace) may deploy a spec, by its ModelGrant: the same rule
 * and the same words as the chart's ValidatingAdmissionPolicy (templates/privileges.yaml; a test
 * evaluates its CEL against this), for what the API server did not check: a grant revoked after
 * creation, an API server without admission policies, and mdctl.
 */
public final class Privileges {

  public static final String NO_DEPLOYMENT_PRIVILEGE = "NoDeploymentPrivilege";

  private Privileges() {}

  public static Optional<SpecError> check(String namespace, ModelDeploymentSpec spec, Optional<ModelGrant> grant) {
    if (spec == null || spec.getModel() == null || spec.getBilling() == null || spec.getBilling().getMethod() == null) return Optional.empty();
    List<ModelPrivilege> granted = grant.map(g -> g.getSpec() == null ? List.<ModelPrivilege>of() : g.getSpec().modelList()).orElse(List.of());
    if (granted.stream().anyMatch(p -> allows(p, spec))) return Optional.empty();
    String offered = grant.isEmpty() ? "nothing (no ModelGrant " + ModelGrant.NAME + " in " + namespace + ")"
        : granted.isEmpty() ? "nothing" : granted.stream().map(Privileges::describe).collect(Collectors.joining("; "));
    return Optional.of(new SpecError("spec.model", NO_DEPLOYMENT_PRIVILEGE, "Workspace " + namespace
        + " does not have deployment privilege for model " + spec.getModel() + " (" + asked(spec) + "); granted: " + offered));
  }

  static boolean allows(ModelPrivilege p, ModelDeploymentSpec spec) {
    return matches(p.getModel(), spec.getModel())
        && (p.getBillingMethods() == null || p.getBillingMethods().contains(spec.getBilling().getMethod()))
        && (p.getMaxUnitsPerReplica() == null || spec.getModelUnit() == null || spec.getModelUnit().getCount() == null
            || spec.getModelUnit().getCount() <= p.getMaxUnitsPerReplica())
        && (p.getMaxReplicas() == null || mostReplicas(spec) <= p.getMaxReplicas());
  }

  /** A code, or a prefix ending in *. */
  static boolean matches(String granted, String model) {
    return granted != null && (granted.equals(model) || granted.endsWith("*") && model.startsWith(granted.substring(0, granted.length() - 1)));
  }

  /** The most replicas the spec can run: spec.replicas, or what its autoscaler and schedules allow. */
  static int mostReplicas(ModelDeploymentSpec spec) {
    var policy = spec.getAutoscaling();
    Stream<Integer> all = Stream.of(spec.effectiveReplicas());
    if (policy != null) all = Stream.concat(all, Stream.concat(Stream.of(policy.getMaxReplicas()),
        policy.scheduleList().stream().map(ScalingSchedule::getMaxReplicas)));
    return all.filter(Objects::nonNull).mapToInt(Integer::intValue).max().orElse(0);
  }

  static String asked(ModelDeploymentSpec spec) {
    return spec.getBilling().getMethod()
        + (spec.getModelUnit() == null || spec.getModelUnit().getCount() == null ? "" : ", " + spec.getModelUnit().getCount() + " units per replica")
        + ", up to " + mostReplicas(spec) + " replicas";
  }

  static String describe(ModelPrivilege p) {
    return p.getModel()
        + (p.getBillingMethods() == null ? "" : " by " + p.getBillingMethods().stream().map(BillingMethod::name).collect(Collectors.joining("/")))
        + (p.getMaxUnitsPerReplica() == null ? "" : ", at most " + p.getMaxUnitsPerReplica() + " units per replica")
        + (p.getMaxReplicas() == null ? "" : ", at most " + p.getMaxReplicas() + " replicas");
  }
}
