package io.modeldeploy.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.modeldeploy.api.ScalingSchedule;
import io.modeldeploy.api.Weekday;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When windows are in force and when they next change: time zones, midnight, DST. */
class SchedulesTest {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  static ScalingSchedule window(String name, String zone, List<Weekday> days, String start, String end, Integer min, Integer max) {
    ScalingSchedule s = new ScalingSchedule();
    s.setName(name);
    s.setTimeZone(zone);
    s.setDays(days);
    s.setStart(start);
    s.setEnd(end);
    s.setMinReplicas(min);
    s.setMaxReplicas(max);
    return s;
  }

  @ParameterizedTest(name = "{0} {1}-{2} {3} at {4}: active={5}, next={6}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // zone | start | end | days | now (UTC) | active | next boundary (UTC)
      // Shanghai is UTC+8 all year: 09:00-18:00 there is 01:00-10:00 UTC.
      "Asia/Shanghai | 09:00 | 18:00 | Mon,Tue,Wed,Thu,Fri | 2026-11-30T02:00:00Z | true  | 2026-11-30T10:00:00Z",
      "Asia/Shanghai | 09:00 | 18:00 | Mon,Tue,Wed,Thu,Fri | 2026-11-30T00:59:59Z | false | 2026-11-30T01:00:00Z",
      "Asia/Shanghai | 09:00 | 18:00 | Mon,Tue,Wed,Thu,Fri | 2026-11-30T10:00:00Z | false | 2026-12-01T01:00:00Z",
      // Saturday 2026-11-28: the weekday window does not open; the next opening is Monday.
      "Asia/Shanghai | 09:00 | 18:00 | Mon,Tue,Wed,Thu,Fri | 2026-11-28T02:00:00Z | false | 2026-11-30T01:00:00Z",
      // Across midnight: Friday 22:00 to Saturday 06:00 Shanghai is open on Saturday 03:00 (Fri 19:00 UTC).
      "Asia/Shanghai | 22:00 | 06:00 | Fri                 | 2026-11-27T19:00:00Z | true  | 2026-11-27T22:00:00Z",
      // ... and Saturday 22:00 it is not (the window starts on Fridays only).
      "Asia/Shanghai | 22:00 | 06:00 | Fri                 | 2026-11-28T14:00:00Z | false | 2026-12-04T14:00:00Z",
      // Equal start and end: a whole day.
      "UTC           | 00:00 | 00:00 | Sat,Sun             | 2026-11-29T23:59:00Z | true  | 2026-11-30T00:00:00Z",
      // Berlin in summer is UTC+2, in winter UTC+1: 08:00 there is 06:00 or 07:00 UTC.
      "Europe/Berlin | 08:00 | 20:00 | -                   | 2026-07-01T06:30:00Z | true  | 2026-07-01T18:00:00Z",
      "Europe/Berlin | 08:00 | 20:00 | -                   | 2026-12-01T06:30:00Z | false | 2026-12-01T07:00:00Z",
      // The night DST ends (2026-10-25, 03:00 CEST -> 02:00 CET): a 01:00-04:00 window lasts four hours.
      "Europe/Berlin | 01:00 | 04:00 | Sun                 | 2026-10-25T02:30:00Z | true  | 2026-10-25T03:00:00Z",
      // The night DST starts (2026-03-29, 02:00 -> 03:00): 02:30 does not exist and opens at 03:30 CEST (01:30 UTC).
      "Europe/Berlin | 02:30 | 05:00 | Sun                 | 2026-03-29T01:00:00Z | false | 2026-03-29T01:30:00Z",
  })
  void windows(String zone, String start, String end, String days, String now, boolean active, String next) {
    ScalingSchedule s = window("w", zone, days == null ? null : java.util.Arrays.stream(days.split(",")).map(Weekday::valueOf).toList(), start, end, 2, null);
    Instant at = Instant.parse(now);
    assertThat(Schedules.active(List.of(s), SHANGHAI, at)).isEqualTo(active ? Optional.of(s) : Optional.empty());
    assertThat(Schedules.nextBoundary(List.of(s), SHANGHAI, at)).contains(Instant.parse(next));
  }

  @ParameterizedTest(name = "at {0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "2026-11-30T02:00:00Z | business",   // both open: the first listed wins
      "2026-11-30T13:00:00Z | evening",    // only the second (21:00 in Shanghai)
  })
  void theFirstActiveWindowWins(String now, String expected) {
    List<ScalingSchedule> schedules = List.of(window("business", null, null, "09:00", "20:00", 4, null),
        window("evening", null, null, "17:00", "23:00", null, 1));
    assertThat(Schedules.active(schedules, SHANGHAI, Instant.parse(now))).map(ScalingSchedule::getName).contains(expected);
  }
}
