package io.modeldeploy.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.modeldeploy.api.CostStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccrualTest {

  static final Duration TEN_MINUTES = Duration.ofMinutes(10);
  static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");

  static CostStatus cost(String hourly, String accrued, Instant at) {
    CostStatus c = new CostStatus();
    c.setHourly(hourly);
    c.setAccrued(accrued);
    c.setAccruedAt(at == null ? null : at.toString());
    return c;
  }

  @Test
  void startsAtZeroOnTheFirstPass() {
    CostStatus after = cost("21.00", null, null);
    after = Accrual.carry(null, after, false, true, T0, Optional.of(TEN_MINUTES));
    assertThat(after.getAccrued()).isEqualTo("0.00");
    assertThat(after.getAccruedAt()).isEqualTo("2026-11-20T02:00:00Z");
  }

  @Test
  void neitherArgumentIsModified() {
    CostStatus before = cost("21.00", "10.00", T0);
    CostStatus after = cost("21.00", null, null);
    CostStatus carried = Accrual.carry(before, after, true, true, T0.plus(Duration.ofHours(1)), Optional.empty());
    assertThat(carried.getAccrued()).isEqualTo("31.00");
    assertThat(before.getAccrued()).isEqualTo("10.00");
    assertThat(after.getAccrued()).isNull();
  }

  @Test
  void billsWholeMinutesAtTheOldPriceWhenDue() {
    CostStatus after = cost("21.00", null, null);
    // 4 h 10 min 30 s billable at 21/h: 250 whole minutes x 21 / 60 = 87.50; the started minute waits.
    after = Accrual.carry(cost("21.00", "10.00", T0), after, true, false, T0.plus(Duration.ofSeconds(4 * 3600 + 630)), Optional.of(TEN_MINUTES));
    assertThat(after.getAccrued()).isEqualTo("97.50");
    assertThat(after.getAccruedAt()).isEqualTo("2026-11-20T06:10:00Z");
  }

  @Test
  void betweenWritesNothingChanges() {
    CostStatus after = cost("21.00", null, null);
    after = Accrual.carry(cost("21.00", "10.00", T0), after, true, false, T0.plus(Duration.ofMinutes(9)), Optional.of(TEN_MINUTES));
    assertThat(after.getAccrued()).isEqualTo("10.00");
    assertThat(after.getAccruedAt()).isEqualTo(T0.toString());
  }

  @Test
  void withoutARefreshIntervalOnlyAChangeSettles() {
    CostStatus standing = cost("21.00", null, null);
    standing = Accrual.carry(cost("21.00", "10.00", T0), standing, true, false, T0.plus(Duration.ofHours(4)), Optional.empty());
    assertThat(standing.getAccrued()).isEqualTo("10.00");
    CostStatus changed = cost("0.00", null, null);
    changed = Accrual.carry(cost("21.00", "10.00", T0), changed, true, true, T0.plus(Duration.ofHours(4)), Optional.empty());
    assertThat(changed.getAccrued()).as("4 h at 21/h on top").isEqualTo("94.00");
  }

  @Test
  void aPhaseOrPriceChangeSettlesAtOnceAndIdleTimeIsFree() {
    CostStatus scaled = cost("42.00", null, null);
    scaled = Accrual.carry(cost("21.00", "0.00", T0), scaled, true, true, T0.plus(Duration.ofMinutes(3)), Optional.of(TEN_MINUTES));
    assertThat(scaled.getAccrued()).as("3 minutes at the old 21/h").isEqualTo("1.05");
    CostStatus idle = cost("42.00", null, null);
    idle = Accrual.carry(cost("42.00", "1.05", T0), idle, false, true, T0.plus(Duration.ofHours(5)), Optional.of(TEN_MINUTES));
    assertThat(idle.getAccrued()).isEqualTo("1.05");
    assertThat(idle.getAccruedAt()).isEqualTo("2026-11-20T07:00:00Z");
  }
}
