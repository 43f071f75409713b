package io.modeldeploy.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.modeldeploy.api.SubscriptionStatus;
import io.modeldeploy.cost.TermUnit;
import io.modeldeploy.lifecycle.SubscriptionTerm.Stage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A prepaid term walked through by moving the clock; instants from the seed's rules. */
class SubscriptionTermTest {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  static Instant at(String rfc3339) { return OffsetDateTime.parse(rfc3339).toInstant(); }

  /** What status recorded after the first pass: a 3-day term ordered at 22:30 on Nov 27. */
  static SubscriptionStatus ordered() {
    return SubscriptionTerm.evaluate(null, 3, false, TermUnit.DAYS, SHANGHAI, at("2026-11-27T22:30:00+08:00"), null).toStatus();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # now (Shanghai)            | stage          | next transition | at                         | why
      2026-11-27T22:30:00+08:00   | Active         | GracePeriod     | 2026-11-30T23:59:00+08:00  | ordered after 22:00: days 27-29 plus one
      2026-11-30T23:58:59+08:00   | Active         | GracePeriod     | 2026-11-30T23:59:00+08:00  | a second before expiry
      2026-11-30T23:59:00+08:00   | GracePeriod    | ServiceStopped  | 2026-12-01T01:59:00+08:00  | expired: 2 h grace, still serving
      2026-12-01T01:59:00+08:00   | ServiceStopped | Released        | 2026-12-01T15:59:00+08:00  | stopped: 14 h retention
      2026-12-01T15:59:00+08:00   | Released       |                 |                            | released
      """)
  void walksThroughGraceStopAndReleaseAtTheSeedsInstants(String now, Stage stage, String next, String nextAt, String why) {
    SubscriptionTerm term = SubscriptionTerm.evaluate(ordered(), 3, false, TermUnit.DAYS, SHANGHAI, at(now), null);
    assertThat(term.stage()).as(why).isEqualTo(stage);
    SubscriptionStatus status = term.toStatus();
    assertThat(status.getNextTransition()).isEqualTo(next);
    assertThat(status.getNextTransitionAt()).isEqualTo(nextAt);
    assertThat(status.getStartedAt()).isEqualTo("2026-11-27T22:30:00+08:00");
  }

  @ParameterizedTest(name = "renewed during {0}")
  @CsvSource(delimiter = '|', textBlock = """
      # renewed at               | window          | stage after | expires after
      2026-11-30T23:59:30+08:00  | GracePeriod     | Active      | 2026-12-02T23:59:00+08:00
      2026-12-01T03:00:00+08:00  | ServiceStopped  | Active      | 2026-12-02T23:59:00+08:00
      2026-12-01T16:00:00+08:00  | Released        | Active      | 2026-12-02T23:59:00+08:00
      """)
  void raisingPeriodsExtendsTheTermFromItsEnd(String now, String window, Stage stage, String expires) {
    SubscriptionTerm before = SubscriptionTerm.evaluate(ordered(), 3, false, TermUnit.DAYS, SHANGHAI, at(now), null);
    assertThat(before.stage().name()).isEqualTo(window);
    SubscriptionTerm renewed = SubscriptionTerm.evaluate(before.toStatus(), 5, false, TermUnit.DAYS, SHANGHAI, at(now), null);
    assertThat(renewed.stage()).isEqualTo(stage);
    assertThat(renewed.paidPeriods()).isEqualTo(5);
    assertThat(renewed.toStatus().getExpiresAt()).isEqualTo(expires);
    // The renewal is recorded: the next pass does not count it again.
    assertThat(SubscriptionTerm.evaluate(renewed.toStatus(), 5, false, TermUnit.DAYS, SHANGHAI, at(now), null).paidPeriods()).isEqualTo(5);
  }

  @Test
  void aRenewalAfterReleaseThatDoesNotReachNowLeavesItReleased() {
    Instant muchLater = at("2026-12-10T12:00:00+08:00");
    SubscriptionTerm renewed = SubscriptionTerm.evaluate(ordered(), 4, false, TermUnit.DAYS, SHANGHAI, muchLater, null);
    assertThat(renewed.stage()).isEqualTo(Stage.Released);
    assertThat(renewed.toStatus().getExpiresAt()).isEqualTo("2026-12-01T23:59:00+08:00");
  }

  @Test
  void autoRenewRenewsAtExpiryAndNeverEntersGrace() {
    SubscriptionTerm term = SubscriptionTerm.evaluate(ordered(), 3, true, TermUnit.DAYS, SHANGHAI, at("2026-11-30T23:59:00+08:00"), null);
    assertThat(term.stage()).isEqualTo(Stage.Active);
    assertThat(term.paidPeriods()).isEqualTo(6);
    assertThat(term.toStatus().getExpiresAt()).isEqualTo("2026-12-03T23:59:00+08:00");
    assertThat(term.toStatus().getNextTransition()).isEqualTo("AutoRenewal");
  }

  @Test
  void loweringPeriodsRefundsNothing() {
    SubscriptionTerm term = SubscriptionTerm.evaluate(ordered(), 1, false, TermUnit.DAYS, SHANGHAI, at("2026-11-28T10:00:00+08:00"), null);
    assertThat(term.paidPeriods()).isEqualTo(3);
    assertThat(term.orderedPeriods()).isEqualTo(1);
    assertThat(term.stage()).isEqualTo(Stage.Active);
  }

  /** A term the vendor sells starts at the purchase it reports, whatever status recorded before. */
  @Test
  void aVendorSoldTermIsDatedFromThePurchase() {
    SubscriptionTerm term = SubscriptionTerm.evaluate(ordered(), 3, false, TermUnit.DAYS, SHANGHAI,
        at("2026-12-01T16:00:00+08:00"), at("2026-11-30T22:30:00+08:00"));
    assertThat(term.toStatus().getStartedAt()).isEqualTo("2026-11-30T22:30:00+08:00");
    assertThat(term.toStatus().getExpiresAt()).isEqualTo("2026-12-03T23:59:00+08:00");
    assertThat(term.stage()).isEqualTo(SubscriptionTerm.Stage.Active);
    assertThat(term.soldByVendor()).isTrue();
  }

  @Test
  void monthlyTermsUseTheCalendarRule() {
    SubscriptionTerm term = SubscriptionTerm.evaluate(null, 1, false, TermUnit.MONTHS, SHANGHAI, at("2026-01-31T09:00:00+08:00"), null);
    assertThat(term.toStatus().getExpiresAt()).isEqualTo("2026-02-28T23:59:00+08:00");
    assertThat(term.toStatus().getReleaseAt()).isEqualTo("2026-03-01T15:59:00+08:00");
  }
}
