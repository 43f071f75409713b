package io.modeldeploy.cost;

import io.modeldeploy.api.SubscriptionStatus;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The seed's prepaid-term rules, in the billing time zone: a term of N days ordered on day 1 expires
 * at 23:59 on day N, one day later when ordered after 22:00; service stops 2 h after expiry and
 * resources are released 14 h after that. A term of N months ends on the day before the same day of
 * the month N months later (on the month's last day when that month is shorter), with the same
 * 23:59 and after-22:00 rules.
 */
public record SubscriptionTimeline(ZonedDateTime startedAt, ZonedDateTime expiresAt, ZonedDateTime stopAt,
    ZonedDateTime releaseAt) {

  public static final LocalTime EXPIRY_TIME = LocalTime.of(23, 59);
  public static final LocalTime LATE_ORDER_AFTER = LocalTime.of(22, 0);
  public static final Duration GRACE = Duration.ofHours(2);
  public static final Duration RETENTION = Duration.ofHours(14);

  public static SubscriptionTimeline of(ZonedDateTime orderedAt, int periods, TermUnit unit, ZoneId billingZone) {
    if (periods < 1) throw new IllegalArgumentException("a term has at least one period, got " + periods);
    ZonedDateTime ordered = orderedAt.withZoneSameInstant(billingZone);
    LocalDate orderDay = ordered.toLocalDate();
    LocalDate lastDay = unit == TermUnit.DAYS ? orderDay.plusDays(periods - 1L) : lastDayOfMonths(orderDay, periods);
    if (ordered.toLocalTime().isAfter(LATE_ORDER_AFTER)) lastDay = lastDay.plusDays(1);
    ZonedDateTime expires = ZonedDateTime.of(lastDay, EXPIRY_TIME, billingZone);
    ZonedDateTime stop = expires.plus(GRACE);
    return new SubscriptionTimeline(ordered, expires, stop, stop.plus(RETENTION));
  }

  /** A term whose end someone else decided (the vendor's expiry): grace and retention follow from it. */
  public static SubscriptionTimeline endingAt(ZonedDateTime startedAt, ZonedDateTime expiresAt) {
    ZonedDateTime stop = expiresAt.plus(GRACE);
    return new SubscriptionTimeline(startedAt, expiresAt, stop, stop.plus(RETENTION));
  }

  private static LocalDate lastDayOfMonths(LocalDate orderDay, int months) {
    LocalDate sameDayLater = orderDay.plusMonths(months);
    // plusMonths clamps Jan 31 + 1 month to Feb 28: the term then ends on that last day.
    return sameDayLater.getDayOfMonth() == orderDay.getDayOfMonth() ? sameDayLater.minusDays(1) : sameDayLater;
  }

  public SubscriptionStatus toStatus() {
    SubscriptionStatus status = new SubscriptionStatus();
    status.setStartedAt(rfc3339(startedAt));
    status.setExpiresAt(rfc3339(expiresAt));
    status.setStopAt(rfc3339(stopAt));
    status.setReleaseAt(rfc3339(releaseAt));
    return status;
  }

  /** RFC 3339 with the zone's offset, to the second: "2026-11-29T23:59:00+08:00". */
  public static String rfc3339(ZonedDateTime time) {
    return time.withNano(0).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
