package io.modeldeploy.reconciler;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.modeldeploy.api.BillingAccount;
import io.modeldeploy.api.BillingAccountStatus;
import io.modeldeploy.api.CostStatus;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.lifecycle.Budget;
import io.modeldeploy.provider.LeanCache;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps each BillingAccount's ledger (spent, settled, draws, remaining, overdueSince) from what its
 * deployments record in their status. Deployments write accrual at a bounded rate, so the account is
 * written at that rate too. Deployments are read from the informer's cache by namespace (not through
 * the secondary-resource index, which would miss a deployment created before its account).
 */
@ControllerConfiguration(name = "billingaccount")
public class BillingAccountReconciler implements Reconciler<BillingAccount>, Cleaner<BillingAccount> {

  static final String DEPLOYMENTS = "model-deployments";

  @Inject Clock clock;
  @Inject DeploymentMetrics metrics;

  @Override
  public List<EventSource<?, BillingAccount>> prepareEventSources(EventSourceContext<BillingAccount> context) {
    return List.of(new InformerEventSource<>(InformerEventSourceConfiguration.from(ModelDeployment.class, BillingAccount.class)
        .withName(DEPLOYMENTS)
        .withItemStore(LeanCache.withoutManagedFields())
        .withSecondaryToPrimaryMapper(md -> context.getPrimaryCache()
            .list(a -> a.getMetadata().getNamespace().equals(md.getMetadata().getNamespace()))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build(), context));
  }

  @Override
  public UpdateControl<BillingAccount> reconcile(BillingAccount account, Context<BillingAccount> context) {
    String ns = account.getMetadata().getNamespace();
    List<Budget.Draw> draws = NamespaceCache.list(context, ModelDeployment.class, DEPLOYMENTS, ns).stream()
        .map(BillingAccountReconciler::draw).toList();
    BillingAccountStatus after = Budget.settle(account, draws, clock.instant());
    metrics.account(ns, account.getMetadata().getName(), after.getRemaining());
    if (after.equals(account.getStatus())) return UpdateControl.noUpdate();
    account.setStatus(after);
    return UpdateControl.patchStatus(account);
  }

  /** A deleted account's gauge goes with it (the finalizer is how the operator hears of the deletion). */
  @Override
  public DeleteControl cleanup(BillingAccount account, Context<BillingAccount> context) {
    metrics.forgetAccount(account.getMetadata().getNamespace(), account.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  private static Budget.Draw draw(ModelDeployment md) {
    CostStatus cost = md.getStatus() == null ? null : md.getStatus().getCost();
    return new Budget.Draw(md.getMetadata().getUid(), md.getMetadata().getName(), cost == null ? null : cost.getAccount(),
        cost == null || cost.getAccruedAtAccountStart() == null ? null : new BigDecimal(cost.getAccruedAtAccountStart()),
        cost == null || cost.getAccrued() == null ? BigDecimal.ZERO : new BigDecimal(cost.getAccrued()));
  }
}
