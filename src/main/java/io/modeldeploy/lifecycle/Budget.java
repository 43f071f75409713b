package io.modeldeploy.lifecycle;

import io.modeldeploy.api.AccountDraw;
import io.modeldeploy.api.BillingAccount;
import io.modeldeploy.api.BillingAccountStatus;
import io.modeldeploy.cost.CostEstimate;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /** A deployment of the account's namespace as its own status records its accrual (from the cache). */
  public record Draw(String uid, String name, String account, BigDecimal opening, BigDecimal accrued) {}

  /**
   * An account's status from what its deployments recorded: each draw is charged accrued - opening;
   * a draw whose deployment was deleted or moved to another account is settled into `settled` in
   * the same write that removes it, so across retries and restarts it is counted exactly once. spent
   * never goes down. remaining = balance - spent; overdue when remaining < -creditLimit, since the
   * first time it was seen so (kept until a top-up clears it).
   */
  public static BillingAccountStatus settle(BillingAccount account, List<Draw> namespaceDeployments, Instant now) {
    String me = account.getMetadata().getName();
    BillingAccountStatus previous = account.getStatus() == null ? new BillingAccountStatus() : account.getStatus();
    Map<String, Draw> present = new HashMap<>();
    namespaceDeployments.forEach(d -> present.put(d.uid(), d));
    BigDecimal settled = amount(previous.getSettled());
    List<AccountDraw> draws = new ArrayList<>();
    Set<String> known = new HashSet<>();
    for (AccountDraw was : previous.getDraws() == null ? List.<AccountDraw>of() : previous.getDraws()) {
      known.add(was.getUid());
      Draw current = present.get(was.getUid());
      BigDecimal seen = amount(was.getAccrued());
      if (current != null && me.equals(current.account())) {
        draws.add(new AccountDraw(was.getName(), was.getUid(), was.getOpening(), text(seen.max(current.accrued()))));
      } else {
        // Deleted (its final accrual was acknowledged before its finalizer was released) or moved away
        // (it left at the figure its next account opens at).
        BigDecimal closing = current == null || current.opening() == null ? seen : seen.max(current.opening());
        settled = settled.add(closing.subtract(amount(was.getOpening())));
      }
    }
    namespaceDeployments.stream().filter(d -> me.equals(d.account()) && !known.contains(d.uid()))
        .sorted(Comparator.comparing(Draw::name))
        .forEach(d -> draws.add(new AccountDraw(d.name(), d.uid(), text(d.opening()), text(d.accrued()))));
    BigDecimal spent = draws.stream().map(d -> amount(d.getAccrued()).subtract(amount(d.getOpening())))
        .reduce(settled, BigDecimal::add).max(amount(previous.getSpent()));
    BigDecimal balance = new BigDecimal(account.getSpec().getBalance());
    String limit = account.getSpec().getCreditLimit();
    BigDecimal remaining = balance.subtract(spent);
    boolean overdue = remaining.compareTo(limit == null ? BigDecimal.ZERO : new BigDecimal(limit).negate()) < 0;
    String since = previous.getOverdueSince();
    BillingAccountStatus status = new BillingAccountStatus();
    status.setObservedGeneration(account.getMetadata().getGeneration());
    status.setSpent(text(spent));
    status.setSettled(text(settled));
    status.setRemaining(text(remaining));
    status.setOverdueSince(overdue ? (since != null ? since : DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS))) : null);
    status.setDraws(draws);
    status.setDeployments(draws.size());
    return status;
  }

  /** Whether the account has seen a deployment's final accrual (so its finalizer may go). */
  public static boolean acknowledged(BillingAccount account, String uid, String accrued) {
    if (account.getStatus() == null || account.getStatus().getDraws() == null) return false;
    return account.getStatus().getDraws().stream()
        .anyMatch(d -> uid.equals(d.getUid()) && amount(d.getAccrued()).compareTo(amount(accrued)) >= 0);
  }

  private static BigDecimal amount(String text) { return text == null ? BigDecimal.ZERO : new BigDecimal(text); }

  private static String text(BigDecimal amount) { return CostEstimate.money(amount == null ? BigDecimal.ZERO : amount).toPlainString(); }

  public Optional<Instant> releaseAt() {
    return stage == Stage.RetentionPeriod ? Optional.of(overdueSince.plus(RETENTION)) : Optional.empty();
  }

  String reason() {
    return switch (stage) {
      case NoAccount -> "NoBillingAccount";
      case WithinBudget -> "WithinBudget";
      case RetentionPeriod -> "RetentionPeriod";
      case Released -> Conditions.ACCOUNT_OVERDUE;
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
