package io.modeldeploy.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.RolloutStatus;
import io.modeldeploy.rollout.RolloutAction;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * mdctl rollout promote|abort|status NAME: the annotation the operator acts on, set for people
 * without kubectl plugins, and where the rollout stands. The one mdctl command that talks to a
 * cluster (the current kubeconfig context, as kubectl).
 */
final class RolloutCommand {

  static final String USAGE = """
      usage: mdctl rollout promote|abort|status NAME [-n NAMESPACE]

      promote   ends the current step of NAME's rollout (its pause and analysis): the next step, or the promotion
      abort     sends every call back to the stable revision and removes the new one until the spec changes
      status    where the rollout stands: phase, step, weights, the last checks
      Both set the annotation modeldeploy.io/rollout, which the operator acts on once and removes; the spec is
      not touched, so Git stays the source of truth. The cluster is the current kubeconfig context's.""";

  private RolloutCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length < 3 || (args.length > 1 && (args[1].equals("-h") || args[1].equals("--help")))) {
      boolean help = args.length > 1 && (args[1].equals("-h") || args[1].equals("--help"));
      (help ? out : err).println(USAGE);
      return help ? 0 : 2;
    }
    String verb = args[1];
    String name = args[2];
    String namespace = null;
    for (int i = 3; i < args.length; i++) {
      if ((args[i].equals("-n") || args[i].equals("--namespace")) && i + 1 < args.length) namespace = args[++i];
      else {
        err.println("mdctl: unknown argument " + args[i] + "\n" + USAGE);
        return 2;
      }
    }
    Optional<RolloutAction> action = RolloutAction.of(verb);
    if (action.isEmpty() && !verb.equals("status")) {
      err.println("mdctl: expected promote, abort or status, not '" + verb + "'\n" + USAGE);
      return 2;
    }
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      String ns = namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
      ModelDeployment md = client.resources(ModelDeployment.class).inNamespace(ns).withName(name).get();
      if (md == null) {
        err.println("mdctl: no ModelDeployment " + ns + "/" + name);
        return 1;
      }
      RolloutStatus rollout = md.getStatus() == null ? null : md.getStatus().getRollout();
      if (action.isEmpty()) {
        out.println(describe(ns, name, rollout));
        return 0;
      }
      if (rollout == null || rollout.getCanary() == null) {
        err.println("mdctl: " + ns + "/" + name + " has no rollout running to " + verb
            + (rollout == null || rollout.getMessage() == null ? "" : " (" + rollout.getMessage() + ")"));
        return 1;
      }
      String patch = Serialization.asJson(Map.of("metadata", Map.of("annotations", Map.of(RolloutAction.ANNOTATION, action.get().value()))));
      client.resources(ModelDeployment.class).inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      out.println(RolloutAction.ANNOTATION + "=" + action.get().value() + " set on " + ns + "/" + name + " at step " + rollout.getStep()
          + " (" + rollout.canaryWeight() + "% to revision " + rollout.getCanary().getName() + "); the operator acts on it once and removes it");
      return 0;
    } catch (KubernetesClientException e) {
      err.println("mdctl: the cluster refused or did not answer: " + e.getMessage());
      return 1;
    }
  }

  static String describe(String ns, String name, RolloutStatus rollout) {
    if (rollout == null || rollout.getPhase() == null) return ns + "/" + name + ": no rollout yet"
        + (rollout == null || rollout.getStable() == null ? "" : "; revision " + rollout.getStable().getName() + " serves");
    StringBuilder text = new StringBuilder(ns + "/" + name + ": " + rollout.getPhase());
    if (rollout.getStep() != null) text.append(", step ").append(rollout.getStep()).append(", ").append(rollout.canaryWeight()).append("% to the new revision");
    text.append("\n  ").append(rollout.getMessage());
    if (rollout.getAnalysis() != null)
      rollout.getAnalysis().forEach(a -> text.append("\n  step ").append(a.getStep()).append(": ").append(a.getResult()).append(", ").append(a.getMessage()));
    if (rollout.getCost() != null) text.append("\n  the new revision's capacity so far: ").append(rollout.getCost());
    return text.toString();
  }
}
