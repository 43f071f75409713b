package io.modeldeploy.lifecycle;

import io.modeldeploy.api.SubscriptionStatus;
import io.modeldeploy.cost.SubscriptionTimeline;
import io.modeldeploy.cost.TermUnit;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Where a prepaid term is at an instant, as a pure function of what status recorded, the spec and
 * the clock. Raising spec periods renews: the added periods extend the term from its end (also after
 * release: the renewal counts from the original start, like the vendor's renewal of the same service).
 * autoRenew adds the ordered periods again at each expiry. Lowering periods refunds nothing: what
 * was paid stays paid.
 */
public record SubscriptionTerm(ZonedDateTime startedAt, int orderedPeriods, int paidPeriods, SubscriptionTimeline timeline,
    Stage stage, boolean autoRenew, boolean soldByVendor) {

  public enum Stage { Active, GracePeriod, ServiceStopped, Released }

  /** Renewals at most this many terms ahead in one evaluation: a clock far in the future cannot loop long. */
  static final int MAX_AUTO_RENEWALS = 1000;

  /**
   * @param boughtAt when the vendor says the term was bought, for terms the vendor sells; null: the
   *     term starts when first evaluated (and then at what status recorded)
   */
  public static SubscriptionTerm evaluate(SubscriptionStatus recorded, int specPeriods, boolean autoRenew, TermUnit unit,
      ZoneId zone, Instant now, Instant boughtAt) {
    return evaluate(recorded, specPeriods, autoRenew, unit, zone, now, boughtAt, null);
  }

  /**
   * @param vendorExpiresAt when the vendor says the term it sold ends (renewals and auto-renewals
   *     included): the term ends then, and the grace and retention periods follow from it
   */
  public static SubscriptionTerm evaluate(SubscriptionStatus recorded, int specPeriods, boolean autoRenew, TermUnit unit,
      ZoneId zone, Instant now, Instant boughtAt, Instant vendorExpiresAt) {
    boolean known = recorded != null && recorded.getStartedAt() != null && recorded.getPaidPeriods() != null;
    ZonedDateTime started = boughtAt != null ? boughtAt.atZone(zone)
        : known ? ZonedDateTime.parse(recorded.getStartedAt()) : now.atZone(zone);
    int ordered = known && recorded.getOrderedPeriods() != null ? recorded.getOrderedPeriods() : specPeriods;
    int paid = known ? recorded.getPaidPeriods() : specPeriods;
    if (specPeriods > ordered) paid += specPeriods - ordered;
    if (vendorExpiresAt != null) {
      SubscriptionTimeline sold = SubscriptionTimeline.endingAt(started, vendorExpiresAt.atZone(zone));
      return new SubscriptionTerm(started, specPeriods, paid, sold, stageAt(sold, now), autoRenew, true);
    }
    SubscriptionTimeline timeline = SubscriptionTimeline.of(started, paid, unit, zone);
    for (int i = 0; autoRenew && !now.isBefore(timeline.expiresAt().toInstant()) && i < MAX_AUTO_RENEWALS; i++) {
      paid += specPeriods;
      timeline = SubscriptionTimeline.of(started, paid, unit, zone);
    }
    return new SubscriptionTerm(started, specPeriods, paid, timeline, stageAt(timeline, now), autoRenew, boughtAt != null);
  }

  static Stage stageAt(SubscriptionTimeline t, Instant now) {
    if (now.isBefore(t.expiresAt().toInstant())) return Stage.Active;
    if (now.isBefore(t.stopAt().toInstant())) return Stage.GracePeriod;
    if (now.isBefore(t.releaseAt().toInstant())) return Stage.ServiceStopped;
    return Stage.Released;
  }

  /** The next timed transition and when, if any. */
  public Optional<ZonedDateTime> nextTransitionAt() {
    return switch (stage) {
      case Active -> Optional.of(timeline.expiresAt());
      case GracePeriod -> Optional.of(timeline.stopAt());
      case ServiceStopped -> Optional.of(timeline.releaseAt());
      case Released -> Optional.empty();
    };
  }

  String nextTransitionName() {
    return switch (stage) {
      case Active -> autoRenew ? "AutoRenewal" : "GracePeriod";
      case GracePeriod -> "ServiceStopped";
      case ServiceStopped -> "Released";
      case Released -> null;
    };
  }

  /** Reason of the SubscriptionExpired condition. */
  String reason() {
    return switch (stage) {
      case Active -> "Active";
      case GracePeriod -> "InGracePeriod";
      case ServiceStopped -> "ServiceStopped";
      case Released -> "SubscriptionEnded";
    };
  }

  String message() {
    String expires = SubscriptionTimeline.rfc3339(timeline.expiresAt());
    String stop = SubscriptionTimeline.rfc3339(timeline.stopAt());
    String release = SubscriptionTimeline.rfc3339(timeline.releaseAt());
    String renew = "; raise spec.billing.subscription.periods to renew";
    return switch (stage) {
      case Active -> "the term runs until " + expires + (autoRenew ? " and renews itself" : "");
      case GracePeriod -> "the term expired at " + expires + "; still serving until " + stop + " (2 h grace)" + renew;
      case ServiceStopped -> "the term expired at " + expires + "; service stopped at " + stop
          + ", workloads and configuration kept until " + release + renew;
      case Released -> "the term expired at " + expires + "; service stopped at " + stop + " and "
          + (soldByVendor ? "the vendor releases what was bought from " : "its workloads were released at ") + release + renew;
    };
  }

  public SubscriptionStatus toStatus() {
    SubscriptionStatus status = timeline.toStatus();
    status.setStartedAt(SubscriptionTimeline.rfc3339(startedAt));
    status.setStage(stage.name());
    status.setNextTransition(nextTransitionName());
    status.setNextTransitionAt(nextTransitionAt().map(SubscriptionTimeline::rfc3339).orElse(null));
    status.setOrderedPeriods(orderedPeriods);
    status.setPaidPeriods(paidPeriods);
    return status;
  }
}
