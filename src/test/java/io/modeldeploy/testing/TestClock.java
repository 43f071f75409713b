package io.modeldeploy.testing;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The operator's clock in tests: real time plus an offset a test moves (back to zero after it). */
@Alternative
@Priority(1)
@Singleton
public class TestClock extends Clock {

  private volatile Duration offset = Duration.ZERO;

  /** From now on, the operator's "now" is this instant (and time keeps running from there). */
  public void set(Instant now) { offset = Duration.between(Instant.now(), now); }

  /** The same, from an RFC 3339 string such as 2026-11-27T22:30:00+08:00. */
  public void moveTo(String rfc3339) { set(java.time.OffsetDateTime.parse(rfc3339).toInstant()); }

  public void reset() { offset = Duration.ZERO; }

  @Override
  public ZoneId getZone() { return ZoneOffset.UTC; }

  @Override
  public Clock withZone(ZoneId zone) { return Clock.offset(Clock.system(zone), offset); }

  @Override
  public Instant instant() { return Instant.now().plus(offset); }
}
