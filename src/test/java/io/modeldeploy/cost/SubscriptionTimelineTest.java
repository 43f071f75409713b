package io.modeldeploy.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubscriptionTimelineTest {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @ParameterizedTest(name = "{0} + {1} {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # ordered at                | periods | unit   | expires at                | why
      2026-11-27T10:00:00+08:00   | 3       | DAYS   | 2026-11-29T23:59:00+08:00 | day 1 is the order day: 27, 28, 29
      2026-11-27T22:30:00+08:00   | 3       | DAYS   | 2026-11-30T23:59:00+08:00 | ordered after 22:00: one more day
      2026-11-27T22:00:00+08:00   | 3       | DAYS   | 2026-11-29T23:59:00+08:00 | exactly 22:00 is not after 22:00
      2026-11-27T14:30:00Z        | 1       | DAYS   | 2026-11-28T23:59:00+08:00 | 14:30 UTC is 22:30 in Shanghai
      2026-12-31T09:00:00+08:00   | 1       | DAYS   | 2026-12-31T23:59:00+08:00 | a one-day term ends the same day
      2026-01-15T09:00:00+08:00   | 1       | MONTHS | 2026-02-14T23:59:00+08:00 | the day before the same day next month
      2026-01-31T09:00:00+08:00   | 1       | MONTHS | 2026-02-28T23:59:00+08:00 | no Feb 31: the month's last day
      2026-03-01T09:00:00+08:00   | 1       | MONTHS | 2026-03-31T23:59:00+08:00 | a whole calendar month
      2026-11-27T23:00:00+08:00   | 3       | MONTHS | 2027-02-27T23:59:00+08:00 | Feb 26 plus the after-22:00 day
      2027-12-31T09:00:00+08:00   | 2       | MONTHS | 2028-02-29T23:59:00+08:00 | leap year
      """)
  void expiresAt2359OnTheLastDay(String ordered, int periods, TermUnit unit, String expires, String why) {
    SubscriptionTimeline t = SubscriptionTimeline.of(ZonedDateTime.parse(ordered), periods, unit, SHANGHAI);
    assertThat(SubscriptionTimeline.rfc3339(t.expiresAt())).as(why).isEqualTo(expires);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      2026-11-27T22:30:00+08:00 | 2026-11-30T23:59:00+08:00 | 2026-12-01T01:59:00+08:00 | 2026-12-01T15:59:00+08:00
      """)
  void stopsTwoHoursAfterExpiryAndReleasesFourteenHoursLater(String ordered, String expires, String stop, String release) {
    var status = SubscriptionTimeline.of(ZonedDateTime.parse(ordered), 3, TermUnit.DAYS, SHANGHAI).toStatus();
    assertThat(status.getStartedAt()).isEqualTo(ordered);
    assertThat(status.getExpiresAt()).isEqualTo(expires);
    assertThat(status.getStopAt()).isEqualTo(stop);
    assertThat(status.getReleaseAt()).isEqualTo(release);
  }

  @org.junit.jupiter.api.Test
  void theBillingZoneIsConfigurable() {
    // 22:30 in Shanghai is 14:30 UTC: not a late order when billing runs on UTC.
    var t = SubscriptionTimeline.of(ZonedDateTime.parse("2026-11-27T22:30:00+08:00"), 3, TermUnit.DAYS, ZoneId.of("UTC"));
    assertThat(SubscriptionTimeline.rfc3339(t.expiresAt())).isEqualTo("2026-11-29T23:59:00Z");
  }
}
