package io.modeldeploy.autoscaling;

import io.modeldeploy.api.ScalingSchedule;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * When schedule windows are in force. A window opens at start on each listed day in its zone and
 * closes at end the same day, or the next day when end is at or before start. Wall-clock times that
 * a DST change skips move forward, as java.time resolves them. Where windows overlap, the first
 * active one in the list wins.
 */
public final class Schedules {

  private Schedules() {}

  /** One opening of a window. */
  record Occurrence(ScalingSchedule schedule, Instant start, Instant end) {
    boolean contains(Instant at) { return !at.isBefore(start) && at.isBefore(end); }
  }

  public static Optional<ScalingSchedule> active(List<ScalingSchedule> schedules, ZoneId defaultZone, Instant now) {
    return schedules.stream().filter(s -> occurrences(s, defaultZone, now).anyMatch(o -> o.contains(now))).findFirst();
  }

  /** The next instant after now at which any window opens or closes (within the coming eight days). */
  public static Optional<Instant> nextBoundary(List<ScalingSchedule> schedules, ZoneId defaultZone, Instant now) {
    return schedules.stream().flatMap(s -> occurrences(s, defaultZone, now))
        .flatMap(o -> Stream.of(o.start(), o.end())).filter(t -> t.isAfter(now)).min(Instant::compareTo);
  }

  public static ZoneId zone(ScalingSchedule schedule, ZoneId defaultZone) {
    return schedule.getTimeZone() == null ? defaultZone : ZoneId.of(schedule.getTimeZone());
  }

  /** Openings that start from yesterday (a window crossing midnight) to a week ahead. */
  static Stream<Occurrence> occurrences(ScalingSchedule schedule, ZoneId defaultZone, Instant now) {
    ZoneId zone = zone(schedule, defaultZone);
    LocalTime start = LocalTime.parse(schedule.getStart());
    LocalTime end = LocalTime.parse(schedule.getEnd());
    LocalDate today = now.atZone(zone).toLocalDate();
    return Stream.iterate(today.minusDays(1), d -> d.plusDays(1)).limit(9)
        .filter(day -> runsOn(schedule, day.getDayOfWeek()))
        .map(day -> new Occurrence(schedule, ZonedDateTime.of(day, start, zone).toInstant(),
            ZonedDateTime.of(end.isAfter(start) ? day : day.plusDays(1), end, zone).toInstant()));
  }

  private static boolean runsOn(ScalingSchedule schedule, DayOfWeek day) {
    return schedule.getDays() == null || schedule.getDays().isEmpty()
        || schedule.getDays().contains(io.modeldeploy.api.Weekday.values()[day.getValue() - 1]);
  }
}
