package io.modeldeploy.lifecycle;

import io.modeldeploy.api.BillingAccount;
import io.modeldeploy.api.BillingAccountStatus;
import io.modeldeploy.cost.CostEstimate;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a pay-as-you-go deployment stands with its BillingAccount: the seed's rule for overdue
 * accounts is that resources are retained and billing continues for 24 hours, then released.
 */
public record Budget(Stage stage, String namespace, String account, Instant overdueSince) {

  public enum Stage { NoAccount, WithinBudget, RetentionPeriod, Released }

  public static final Duration RETENTION = Duration.ofHours(24);

  public static Budget evaluate(Optional<BillingAccount> account, String namespace, Instant now) {
    if (account.isEmpty()) return new Budget(Stage.NoAccount, namespace, null, null);
    String name = account.get().getMetadata().getName();
    String since = account.get().getStatus() == null ? null : account.get().getStatus().getOverdueSince();
    if (since == null) return new Budget(Stage.WithinBudget, namespace, name, null);
    Instant overdue = Instant.parse(since);
    return new Budget(now.isBefore(overdue.plus(RETENTION)) ? Stage.RetentionPeriod : Stage.Released, namespace, name, overdue);
  }

  /**
   * An account's status from what its deployments accrued: remaining = balance - spent; overdue when
   * remaining < -creditLimit, since the first time it was seen so (kept until a top-up clears it).
   */
  public static BillingAccountStatus settle(BillingAccount account, List<BigDecimal> accrued, Instant now) {
    BigDecimal spent = accrued.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal balance = new BigDecimal(account.getSpec().getBalance());
    String limit = account.getSpec().getCreditLimit();
    BigDecimal remaining = balance.subtract(spent);
    boolean overdue = remaining.compareTo(limit == null ? BigDecimal.ZERO : new BigDecimal(limit).negate()) < 0;
    String since = account.getStatus() == null ? null : account.getStatus().getOverdueSince();
    BillingAccountStatus status = new BillingAccountStatus();
    status.setObservedGeneration(account.getMetadata().getGeneration());
    status.setSpent(CostEstimate.money(spent).toPlainString());
    status.setRemaining(CostEstimate.money(remaining).toPlainString());
    status.setOverdueSince(overdue ? (since != null ? since : DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS))) : null);
    status.setDeployments(accrued.size());
    return status;
  }

  public Optional<Instant> releaseAt() {
    return stage == Stage.RetentionPeriod ? Optional.of(overdueSince.plus(RETENTION)) : Optional.empty();
  }

  String reason() {
    return switch (stage) {
      case NoAccount -> "NoBillingAccount";
      case WithinBudget -> "WithinBudget";
      case RetentionPeriod -> "RetentionPeriod";
      case Released -> "AccountOverdue";
    };
  }

  String message() {
    return switch (stage) {
      case NoAccount -> "no BillingAccount for this deployment in namespace " + namespace + ": budgets are not enforced";
      case WithinBudget -> "BillingAccount " + account + " covers the cost";
      case RetentionPeriod -> "BillingAccount " + account + " is overdue since " + overdueSince
          + ": still running and billing until " + overdueSince.plus(RETENTION) + ", then released unless topped up";
      case Released -> "BillingAccount " + account + " has been overdue since " + overdueSince
          + "; the deployment was released at " + overdueSince.plus(RETENTION) + "; top up spec.balance to restore it";
    };
  }
}
