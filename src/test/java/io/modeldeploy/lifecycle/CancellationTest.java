package io.modeldeploy.lifecycle;

import static io.modeldeploy.testing.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.modeldeploy.api.CostStatus;
import io.modeldeploy.api.ModelDeploymentStatus;
import io.modeldeploy.api.SubscriptionStatus;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CancellationTest {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  static ModelDeploymentStatus status(String monthly, String termTotal) {
    ModelDeploymentStatus s = new ModelDeploymentStatus();
    CostStatus cost = new CostStatus();
    cost.setCurrency("CNY");
    cost.setMonthly(monthly);
    cost.setTermTotal(termTotal);
    s.setCost(cost);
    SubscriptionStatus sub = new SubscriptionStatus();
    sub.setStartedAt("2026-11-15T10:00:00+08:00");
    sub.setExpiresAt("2026-12-14T23:59:00+08:00");
    s.setSubscription(sub);
    return s;
  }

  @Test
  void aMonthlyModelUnitSubscriptionCancelledInItsFirstMonthIsCharged() {
    var spec = spec("{model: qwen3-8b, billing: {method: ModelUnit, plan: Subscription, subscription: {periods: 1}}, modelUnit: {type: MU5, count: 1}}");
    // Nov 15 10:00 -> Nov 18 09:00 is 2 days 23 hours: 3 started days. 3 x 1.2 x 10,139 / 30 = 1,216.68
    var notice = Cancellation.onDelete(spec, status("10139.00", "10139.00"), OffsetDateTime.parse("2026-11-18T09:00:00+08:00").toInstant(), SHANGHAI).orElseThrow();
    assertThat(notice.reason()).isEqualTo("EarlyCancellationCharge");
    assertThat(notice.charge()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("1216.68"));
    assertThat(notice.message()).isEqualTo("cancelled within the first month: 3 used days x 1.2 x 10139.00 / 30 = 1216.68 CNY");
  }

  @Test
  void afterTheFirstMonthThereIsNoEarlyCancellationCharge() {
    var spec = spec("{model: qwen3-8b, billing: {method: ModelUnit, plan: Subscription, subscription: {periods: 3}}, modelUnit: {type: MU5, count: 1}}");
    var notice = Cancellation.onDelete(spec, status("10139.00", "30417.00"), OffsetDateTime.parse("2026-12-20T09:00:00+08:00").toInstant(), SHANGHAI).orElseThrow();
    assertThat(notice.reason()).isEqualTo("NoCancellationCharge");
    assertThat(notice.charge()).isEmpty();
  }

  @Test
  void aProvisionedThroughputTermIsNotRefundable() {
    var spec = spec("{model: deepseek-v3.2, billing: {method: ProvisionedThroughput, plan: Subscription, subscription: {periods: 3}}, provisionedThroughput: {inputTPM: 100000, outputTPM: 10000}}");
    var notice = Cancellation.onDelete(spec, status("29808.00", "2980.80"), OffsetDateTime.parse("2026-11-16T09:00:00+08:00").toInstant(), SHANGHAI).orElseThrow();
    assertThat(notice.reason()).isEqualTo("TermNotRefundable");
    assertThat(notice.message()).contains("cannot be ended early").contains("2980.80 CNY").contains("not renewed");
  }

  @Test
  void payAsYouGoHasNothingToSay() {
    var spec = spec("{model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU5, count: 1}}");
    assertThat(Cancellation.onDelete(spec, status("15120.00", null), OffsetDateTime.parse("2026-11-16T09:00:00+08:00").toInstant(), SHANGHAI)).isEmpty();
  }
}
