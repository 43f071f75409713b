package io.modeldeploy.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.modeldeploy.api.AccountDraw;
import io.modeldeploy.api.BillingAccount;
import io.modeldeploy.api.BillingAccountSpec;
import io.modeldeploy.api.BillingAccountStatus;
import io.modeldeploy.api.CostStatus;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.Phase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An account's spent never goes down: deletions and moves are settled exactly once, never refunded. */
class AccountLedgerTest {

  static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");

  static BillingAccount account(String balance, BillingAccountStatus status) {
    BillingAccount a = new BillingAccount();
    a.setMetadata(new ObjectMetaBuilder().withName("team").withNamespace("ns").withGeneration(1L).build());
    BillingAccountSpec spec = new BillingAccountSpec();
    spec.setBalance(balance);
    a.setSpec(spec);
    a.setStatus(status);
    return a;
  }

  static Budget.Draw draw(String uid, String account, String opening, String accrued) {
    return new Budget.Draw(uid, "md-" + uid, account, opening == null ? null : new BigDecimal(opening), new BigDecimal(accrued));
  }

  @Test
  void chargesEachDrawItsAccruedSinceItOpened() {
    BillingAccountStatus s = Budget.settle(account("100.00", null),
        List.of(draw("a", "team", "0.00", "30.00"), draw("b", "team", "5.00", "25.00"), draw("c", "other", "0.00", "99.00")), T0);
    assertThat(s.getSpent()).isEqualTo("50.00");
    assertThat(s.getRemaining()).isEqualTo("50.00");
    assertThat(s.getSettled()).isEqualTo("0.00");
    assertThat(s.getDraws()).extracting(AccountDraw::getUid).containsExactly("a", "b");
    assertThat(s.getDeployments()).isEqualTo(2);
  }

  /** Regression: deleting a deployment lowered spent and cleared overdueSince. */
  @Test
  void aDeletedDeploymentIsSettledOnceAndAnOverdueAccountStaysOverdue() {
    BillingAccountStatus overdue = Budget.settle(account("100.00", null),
        List.of(draw("a", "team", "0.00", "80.00"), draw("b", "team", "0.00", "30.00")), T0);
    assertThat(overdue.getOverdueSince()).isEqualTo("2026-11-20T02:00:00Z");

    BillingAccountStatus afterDelete = Budget.settle(account("100.00", overdue), List.of(draw("b", "team", "0.00", "30.00")),
        T0.plus(Duration.ofMinutes(5)));
    assertThat(afterDelete.getSpent()).isEqualTo("110.00");
    assertThat(afterDelete.getSettled()).isEqualTo("80.00");
    assertThat(afterDelete.getDraws()).extracting(AccountDraw::getUid).containsExactly("b");
    assertThat(afterDelete.getOverdueSince()).as("still overdue").isEqualTo("2026-11-20T02:00:00Z");

    // The same view again (a retry, a restart): nothing is settled twice.
    assertThat(Budget.settle(account("100.00", afterDelete), List.of(draw("b", "team", "0.00", "30.00")), T0))
        .isEqualTo(afterDelete);
    // A re-created deployment of the same name is a new draw from zero.
    BillingAccountStatus recreated = Budget.settle(account("100.00", afterDelete),
        List.of(draw("b", "team", "0.00", "30.00"), draw("a2", "team", "0.00", "0.00")), T0);
    assertThat(recreated.getSpent()).isEqualTo("110.00");
    // Only a top-up brings it back.
    assertThat(Budget.settle(account("500.00", recreated), List.of(), T0).getOverdueSince()).isNull();
  }

  @Test
  void aDeploymentMovedToAnotherAccountLeavesAtTheFigureItsNextAccountOpensAt() {
    BillingAccountStatus seen = Budget.settle(account("100.00", null), List.of(draw("a", "team", "0.00", "10.00")), T0);
    // Moved after accruing 14.00 in all (the switch settled it); it goes on accruing on "other".
    BillingAccountStatus moved = Budget.settle(account("100.00", seen), List.of(draw("a", "other", "14.00", "20.00")), T0);
    assertThat(moved.getSpent()).isEqualTo("14.00");
    assertThat(moved.getDraws()).isEmpty();
  }

  @Test
  void spentNeverGoesDownEvenIfAStatusIsRewrittenLower() {
    BillingAccountStatus seen = Budget.settle(account("100.00", null), List.of(draw("a", "team", "0.00", "40.00")), T0);
    BillingAccountStatus lower = Budget.settle(account("100.00", seen), List.of(draw("a", "team", "0.00", "12.00")), T0);
    assertThat(lower.getSpent()).isEqualTo("40.00");
  }

  @Test
  void theFinalAccrualIsAcknowledgedOnlyOnceTheAccountHasSeenIt() {
    BillingAccount seen = account("100.00", Budget.settle(account("100.00", null), List.of(draw("a", "team", "0.00", "10.00")), T0));
    assertThat(Budget.acknowledged(seen, "a", "10.00")).isTrue();
    assertThat(Budget.acknowledged(seen, "a", "10.35")).isFalse();
    assertThat(Budget.acknowledged(seen, "b", "0.00")).isFalse();
  }

  /** Switching account settles the accrual at once and opens the new account at that figure. */
  @Test
  void meteringOpensANewAccountAtTheSettledFigure() {
    ModelDeploymentStatus before = running("21.00", "10.00", T0, "team", "0.00");
    ModelDeploymentStatus after = running("21.00", null, null, null, null);
    Budget other = new Budget(Budget.Stage.WithinBudget, "ns", "other", null);
    CostStatus cost = Metering.accrue(before, after, other, Duration.ofMinutes(10), T0.plus(Duration.ofMinutes(2)));
    assertThat(cost.getAccrued()).as("2 minutes at 21/h settled at the switch").isEqualTo("10.70");
    assertThat(cost.getAccount()).isEqualTo("other");
    assertThat(cost.getAccruedAtAccountStart()).isEqualTo("10.70");
    assertThat(before.getCost().getAccrued()).as("the status read is not modified").isEqualTo("10.00");

    Budget same = new Budget(Budget.Stage.WithinBudget, "ns", "team", null);
    CostStatus stays = Metering.accrue(before, after, same, Duration.ofMinutes(10), T0.plus(Duration.ofMinutes(2)));
    assertThat(stays.getAccrued()).as("nothing due yet").isEqualTo("10.00");
    assertThat(stays.getAccruedAtAccountStart()).isEqualTo("0.00");
  }

  static ModelDeploymentStatus running(String hourly, String accrued, Instant at, String account, String opening) {
    CostStatus cost = new CostStatus();
    cost.setHourly(hourly);
    cost.setAccrued(accrued);
    cost.setAccruedAt(at == null ? null : at.toString());
    cost.setAccount(account);
    cost.setAccruedAtAccountStart(opening);
    ModelDeploymentStatus status = new ModelDeploymentStatus();
    status.setPhase(Phase.Running);
    status.setCost(cost);
    return status;
  }
}
