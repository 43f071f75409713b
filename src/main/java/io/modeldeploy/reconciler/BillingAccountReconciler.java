package io.modeldeploy.reconciler;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.modeldeploy.api.BillingAccount;
import io.modeldeploy.api.BillingAccountStatus;
import io.modeldeploy.api.BillingPlan;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.lifecycle.Budget;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Keeps each BillingAccount's spent, remaining and overdueSince from what its deployments accrued.
 * Deployments write accrual at a bounded rate, so the account is written at that rate too.
 */
@ControllerConfiguration(name = "billingaccount")
public class BillingAccountReconciler implements Reconciler<BillingAccount> {

  @Inject Clock clock;
  @Inject DeploymentMetrics metrics;

  @Override
  public List<EventSource<?, BillingAccount>> prepareEventSources(EventSourceContext<BillingAccount> context) {
    return List.of(new InformerEventSource<>(InformerEventSourceConfiguration.from(ModelDeployment.class, BillingAccount.class)
        .withName("model-deployments")
        .withSecondaryToPrimaryMapper(md -> context.getPrimaryCache()
            .list(a -> a.getMetadata().getNamespace().equals(md.getMetadata().getNamespace()))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build(), context));
  }

  @Override
  public UpdateControl<BillingAccount> reconcile(BillingAccount account, Context<BillingAccount> context) {
    String ns = account.getMetadata().getNamespace();
    boolean only = context.getClient().resources(BillingAccount.class).inNamespace(ns).list().getItems().size() == 1;
    List<BigDecimal> accrued = context.getSecondaryResourcesAsStream(ModelDeployment.class)
        .filter(md -> drawsOn(md, account.getMetadata().getName(), only))
        .map(md -> md.getStatus() == null || md.getStatus().getCost() == null || md.getStatus().getCost().getAccrued() == null
            ? BigDecimal.ZERO : new BigDecimal(md.getStatus().getCost().getAccrued()))
        .toList();
    BillingAccountStatus after = Budget.settle(account, accrued, clock.instant());
    metrics.account(ns, account.getMetadata().getName(), after.getRemaining());
    if (after.equals(account.getStatus())) return UpdateControl.noUpdate();
    account.setStatus(after);
    return UpdateControl.patchStatus(account);
  }

  private static boolean drawsOn(ModelDeployment md, String account, boolean onlyAccount) {
    if (md.getSpec() == null || md.getSpec().getBilling() == null
        || md.getSpec().getBilling().effectivePlan() != BillingPlan.PayAsYouGo) return false;
    String named = md.getSpec().getBilling().getAccount();
    return named == null ? onlyAccount : Objects.equals(named, account);
  }
}
