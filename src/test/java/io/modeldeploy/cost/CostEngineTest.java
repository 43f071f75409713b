package io.modeldeploy.cost;

import static io.modeldeploy.testing.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.catalog.CatalogFile;
import io.modeldeploy.catalog.PriceCatalog;
import io.modeldeploy.validation.SpecValidator;
import io.modeldeploy.validation.ValidationResult;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every formula, with figures worked out by hand from the seed's tables. */
class CostEngineTest {

  static final PriceCatalog CATALOG = PriceCatalog.builtIn();
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  static CostEstimate estimate(String yaml) {
    ModelDeploymentSpec spec = spec(yaml);
    ValidationResult result = SpecValidator.validate(spec, CATALOG);
    assertThat(result.errors()).as(yaml).isEmpty();
    return CostEngine.estimate(spec, result.offer(), CATALOG);
  }

  static void assertFigures(CostEstimate e, String hourly, String daily, String monthly, String term) {
    assertThat(text(e.hourly())).as("hourly").isEqualTo(hourly);
    assertThat(text(e.daily())).as("daily").isEqualTo(daily);
    assertThat(text(e.monthly())).as("monthly").isEqualTo(monthly);
    assertThat(text(e.termTotal())).as("term").isEqualTo(term);
  }

  static String text(BigDecimal exact) { return exact == null ? null : CostEstimate.money(exact).toPlainString(); }

  @ParameterizedTest(name = "{0} {1} x{2}")
  @CsvSource(delimiter = '|', textBlock = """
      # model                   | spec                               | replicas | hourly  | daily    | monthly    | arithmetic
      qwen3-8b                  | {type: MU1, count: 2}              | 2        | 216.00  | 5184.00  | 155520.00  | 2 x 108 = 216; x 24 = 5,184; x 30 = 155,520
      qwen3-8b                  | {type: MU5, count: 1}              | 1        | 21.00   | 504.00   | 15120.00   | 21; 21 x 24 = 504; 504 x 30 = 15,120
      qwen3.6-plus-2026-04-02   | {type: MU1, count: 16, mode: PDSeparated} | 1 | 864.00  | 20736.00 | 622080.00  | 864; x 24 = 20,736; x 30 = 622,080
      qwen3.5-397b-a17b         | {type: MU6, count: 16}             | 3        | 1200.00 | 28800.00 | 864000.00  | 3 x 400 = 1,200; x 24 = 28,800; x 30 = 864,000
      cosyvoice-v3-flash        | {type: MU5, count: 1}              | 0        | 0.00    | 0.00     | 0.00       | no replicas, no cost
      """)
  void modelUnitPayAsYouGo(String model, String unit, int replicas, String hourly, String daily, String monthly, String arithmetic) {
    CostEstimate e = estimate("{model: " + model + ", billing: {method: ModelUnit}, modelUnit: " + unit + ", replicas: " + replicas + "}");
    assertFigures(e, hourly, daily, monthly, null);
    assertThat(e.currency()).isEqualTo("CNY");
    assertThat(e.catalogVersion()).isEqualTo(CATALOG.version());
    assertThat(e.basis()).startsWith("ModelUnit pay-as-you-go: hourly = replicas x spec hourly price");
  }

  @ParameterizedTest(name = "{0} {1} x{2} for {3} months")
  @CsvSource(delimiter = '|', textBlock = """
      # model                   | spec                   | replicas | months | hourly | daily    | monthly   | term       | arithmetic
      qwen3.6-plus-2026-04-02   | {type: MU1, count: 8}  | 1        | 3      | 290.20 | 6964.80  | 208944.00 | 626832.00  | 208,944 / 30 = 6,964.8; / 24 = 290.2; 3 x 208,944 = 626,832
      qwen3-8b                  | {type: MU5, count: 1}  | 2        | 1      | 28.16  | 675.93   | 20278.00  | 20278.00   | 2 x 10,139 = 20,278; / 30 = 675.9333; / 24 = 28.1639
      Kimi-K2.5                 | {type: MU2, count: 8}  | 1        | 12     | 333.73 | 8009.60  | 240288.00 | 2883456.00 | 240,288 / 30 = 8,009.6; / 24 = 333.7333; 12 x 240,288 = 2,883,456
      """)
  void modelUnitSubscription(String model, String unit, int replicas, int months, String hourly, String daily,
      String monthly, String term, String arithmetic) {
    CostEstimate e = estimate("{model: " + model + ", billing: {method: ModelUnit, plan: Subscription, subscription: {periods: "
        + months + "}}, modelUnit: " + unit + ", replicas: " + replicas + "}");
    assertFigures(e, hourly, daily, monthly, term);
    assertThat(e.unitPrices()).containsOnlyKeys("specMonthly");
  }

  @ParameterizedTest(name = "{0} in={1} out={2} {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # model                  | inputTPM | outputTPM | plan / days  | hourly | daily    | monthly   | term    | arithmetic
      qwen3-max-2025-09-23     | 50000    | 5000      | PayAsYouGo   | 53.80  | 1291.20  | 38736.00  |         | by the hour: 5 x 7.68 = 38.4; 5 x 3.08 = 15.4; x 24 = 1,291.2
      qwen3-max-2025-09-23     | 50000    | 5000      | 1            | 26.90  | 645.60   | 19368.00  | 645.60  | by the day: 5 x 92.16 = 460.8; 5 x 36.96 = 184.8; / 24 = 26.9
      deepseek-v3.2            | 100000   | 10000     | 3            | 41.40  | 993.60   | 29808.00  | 2980.80 | 10 x 86.4 = 864; 10 x 12.96 = 129.6; x 3 days = 2,980.8
      qwen-flash-2025-07-28    | 10000    | 1000      | PayAsYouGo   | 0.72   | 17.28    | 518.40    |         | 0.36 + 0.36 = 0.72/h; x 24 = 17.28
      qwen3.6-flash-2026-04-16 | 25000    | 1500      | 7            | 4.90   | 117.51   | 3525.30   | 822.57  | 2.5 x 34.56 = 86.4; 1.5 x 20.74 = 31.11; 117.51 x 7 = 822.57; / 24 = 4.89625
      qwen3.6-flash-2026-04-16 | 25000    | 1500      | PayAsYouGo   | 9.80   | 235.08   | 7052.40   |         | 2.5 x 2.88 = 7.2; 1.5 x 1.73 = 2.595; 9.795/h; x 24 = 235.08
      qwen-plus-2025-12-01     | 10000    | 1000      | PayAsYouGo   | 2.40   | 57.60    | 1728.00   |         | 1.92 + 0.48 (standard output) = 2.4/h
      """)
  void provisionedThroughput(String model, long input, long output, String planOrDays, String hourly, String daily,
      String monthly, String term, String arithmetic) {
    boolean payAsYouGo = planOrDays.equals("PayAsYouGo");
    String billing = payAsYouGo ? "{method: ProvisionedThroughput}"
        : "{method: ProvisionedThroughput, plan: Subscription, subscription: {periods: " + planOrDays + "}}";
    CostEstimate e = estimate("{model: " + model + ", billing: " + billing + ", provisionedThroughput: {inputTPM: " + input
        + ", outputTPM: " + output + "}}");
    assertFigures(e, hourly, daily, monthly, term);
    assertThat(e.unitPrices()).containsOnlyKeys(payAsYouGo
        ? new String[] {"inputPer10KTPMPerHour", "outputPer1KTPMPerHour"}
        : new String[] {"inputPer10KTPMPerDay", "outputPer1KTPMPerDay"});
  }

  @Test
  void payAsYouGoPtuBasisNamesTheHourlyPricesAndThatOverflowIsNotPriced() {
    CostEstimate e = estimate("{model: qwen3-max-2025-09-23, billing: {method: ProvisionedThroughput}, provisionedThroughput: {inputTPM: 50000, outputTPM: 5000}}");
    assertThat(e.basis()).startsWith("ProvisionedThroughput pay-as-you-go, billed by the hour: hourly = inputTPM 50000 / 10,000 x 7.68 + outputTPM 5000 / 1,000 x 3.08; daily = 24 x hourly")
        .endsWith("which catalog " + CATALOG.version() + " does not list (not priced)");
    assertThat(e.overflowPriced()).isFalse();
    assertThat(e.toStatus().getOverflowPriced()).isFalse();
  }

  /** The shipped catalog has no per-token prices for overflow; a catalog that has them prices it. */
  @ParameterizedTest(name = "{0}: {1} in, {2} out")
  @CsvSource(delimiter = '|', textBlock = """
      # model                 | input tokens | output tokens | cost (at 0.0024 in, 0.0096 out per 1K) | arithmetic
      qwen3-max-2025-09-23    | 100000       | 20000         | 0.43   | 100 x 0.0024 = 0.24; 20 x 0.0096 = 0.192
      qwen-flash-2025-07-28   | 2500000      | 500000        | 10.80  | 2,500 x 0.0024 = 6; 500 x 0.0096 = 4.8
      """)
  void ptuOverflowIsPricedOnlyFromACatalogThatHasPerTokenPrices(String model, long in, long out, String cost, String arithmetic) {
    var shipped = CATALOG.provisionedThroughput(model).orElseThrow();
    assertThat(CostEngine.overflowCost(shipped, in, out)).isEmpty();
    var priced = new CatalogFile.PtuModel(shipped.table(), shipped.name(), shipped.model(), shipped.maxInputTokens(),
        shipped.payAsYouGo(), shipped.provisioned(), new CatalogFile.OverflowPrices(new BigDecimal("0.0024"), new BigDecimal("0.0096")));
    assertThat(text(CostEngine.overflowCost(priced, in, out).orElseThrow())).isEqualTo(cost);
    var tpm = spec("{model: " + model + ", billing: {method: ProvisionedThroughput}, provisionedThroughput: {inputTPM: 10000, outputTPM: 1000}}")
        .getProvisionedThroughput();
    CostEstimate e = CostEngine.provisionedThroughput(tpm, priced, null, CATALOG);
    assertThat(e.overflowPriced()).isTrue();
    assertThat(e.unitPrices()).containsKeys("overflowInputPer1KTokens", "overflowOutputPer1KTokens");
    assertThat(e.basis()).endsWith("overflow beyond the reservation: input tokens / 1,000 x 0.0024 + output tokens / 1,000 x 0.0096");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # base                | mode     | in/day    | out/day  | hourly | daily  | monthly  | arithmetic
      qwen3-8b              | Thinking | 1000000   | 200000   | 0.06   | 1.50   | 45.00    | 1,000 x 0.0005 = 0.5; 200 x 0.005 = 1.0
      qwen3-8b              | Instruct | 1000000   | 200000   | 0.04   | 0.90   | 27.00    | 0.5 + 200 x 0.002 = 0.9
      qwen3-32b             | Thinking | 10000000  | 2000000  | 2.50   | 60.00  | 1800.00  | 10,000 x 0.002 = 20; 2,000 x 0.02 = 40
      qwen2.5-vl-72b-instruct | Instruct | 500000  | 100000   | 0.53   | 12.80  | 384.00   | 500 x 0.016 = 8; 100 x 0.048 = 4.8
      """)
  void tokenUsageWithAUsageAssumption(String base, String mode, long in, long out, String hourly, String daily,
      String monthly, String arithmetic) {
    CostEstimate e = estimate("{model: my-ft-model, baseModel: " + base + ", billing: {method: TokenUsage}, inferenceMode: "
        + mode + ", usage: {inputTokensPerDay: " + in + ", outputTokensPerDay: " + out + "}}");
    assertFigures(e, hourly, daily, monthly, null);
  }

  @Test
  void tokenUsageWithoutUsageReportsUnitPricesAndNoProjection() {
    CostEstimate e = estimate("{model: my-ft-model, baseModel: qwen3-14b, billing: {method: TokenUsage}, inferenceMode: Thinking}");
    assertFigures(e, null, null, null, null);
    assertThat(e.unitPrices()).containsOnlyKeys("inputPer1KTokens", "thinkingOutputPer1KTokens");
    assertThat(e.unitPrices().get("thinkingOutputPer1KTokens")).isEqualByComparingTo("0.01");
    assertThat(e.toStatus().getHourly()).isNull();
    assertThat(e.toStatus().getUnitPrices()).containsEntry("inputPer1KTokens", "0.001");
  }

  @Test
  void roundsHalfUpOnlyAtTheEnd() {
    // 3 x 10,139 = 30,417 / 30 = 1,013.9 / 24 = 42.2458.. -> 42.25; rounding one replica's hourly
    // first (14.08) and multiplying would give 42.24.
    CostEstimate e = estimate("{model: qwen3-8b, billing: {method: ModelUnit, plan: Subscription, subscription: {periods: 1}}, modelUnit: {type: MU5, count: 1}, replicas: 3}");
    assertThat(text(e.hourly())).isEqualTo("42.25");
    assertThat(CostEstimate.money(new BigDecimal("0.005"))).isEqualByComparingTo("0.01");
  }

  @Test
  void statusCarriesFiguresAsDecimalStrings() {
    var status = estimate("{model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}, replicas: 2}").toStatus();
    assertThat(status.getHourly()).isEqualTo("216.00");
    assertThat(status.getMonthly()).isEqualTo("155520.00");
    assertThat(status.getTermTotal()).isNull();
    assertThat(status.getUnitPrices()).containsEntry("specHourly", "108");
    assertThat(status.getBasis()).isEqualTo("ModelUnit pay-as-you-go: hourly = replicas x spec hourly price (2 x MU1 x 2 at 108/h); daily = 24 x hourly; monthly = 30 x daily");
  }

  @ParameterizedTest(name = "started {0}, cancelled {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # started (Shanghai)      | cancelled                 | used days | charge    | arithmetic (monthly 208,944)
      2026-11-01T10:00:00+08:00 | 2026-11-01T10:30:00+08:00 | 1         | 8357.76   | 1 x 1.2 x 208,944 / 30 = 8,357.76
      2026-11-01T10:00:00+08:00 | 2026-11-04T10:00:00+08:00 | 3         | 25073.28  | exactly 3 days: 3 x 8,357.76
      2026-11-01T10:00:00+08:00 | 2026-11-04T10:00:01+08:00 | 4         | 33431.04  | a started day counts in full: 4 x 8,357.76
      2026-11-01T10:00:00+08:00 | 2026-11-30T23:59:00+08:00 | 30        | 250732.80 | last minute of the first month: 30 x 8,357.76
      """)
  void earlyCancellationWithinTheFirstMonth(String started, String cancelled, long days, String charge, String arithmetic) {
    var result = CostEngine.earlyCancellation(new BigDecimal("208944"), at(started), at(cancelled)).orElseThrow();
    assertThat(result.usedDays()).isEqualTo(days);
    assertThat(text(result.amount())).isEqualTo(charge);
  }

  @Test
  void earlyCancellationRuleEndsWithTheFirstMonth() {
    assertThat(CostEngine.earlyCancellation(new BigDecimal("208944"), at("2026-11-01T10:00:00+08:00"),
        at("2026-12-01T00:00:00+08:00"))).isEmpty();
  }

  static ZonedDateTime at(String rfc3339) { return ZonedDateTime.parse(rfc3339).withZoneSameInstant(SHANGHAI); }

  /** Each capacity pack is prepaid throughput of its own days; the deployment's own figures stay, the total adds them. */
  @Test
  void capacityPacksArePricedEachAndInTotal() {
    CostEstimate e = estimate("""
        {model: qwen3-max-2025-09-23, billing: {method: ProvisionedThroughput},
         provisionedThroughput: {inputTPM: 50000, outputTPM: 5000, capacityPacks: [
           {name: launch-week, inputTPM: 20000, outputTPM: 2000, days: 7},
           {name: month-end, inputTPM: 10000, outputTPM: 0, days: 3}]}}""");
    // own: 5 x 7.68 + 5 x 3.08 = 53.80 per hour
    assertFigures(e, "53.80", "1291.20", "38736.00", null);
    // launch-week: 2 x 92.16 + 2 x 36.96 = 258.24 per day; 7 days = 1,807.68. month-end: 92.16 per day; 3 days = 276.48
    assertThat(e.capacityPacks()).extracting(CostEstimate.Part::name).containsExactly("launch-week", "month-end");
    CostEstimate.Part week = e.capacityPacks().get(0);
    assertThat(List.of(text(week.hourly()), text(week.daily()), text(week.monthly()), text(week.termTotal())))
        .containsExactly("10.76", "258.24", "7747.20", "1807.68");
    assertThat(text(e.capacityPacks().get(1).termTotal())).isEqualTo("276.48");
    var status = e.toStatus();
    assertThat(status.getCapacityPacks()).extracting(io.modeldeploy.api.CostFigures::getDaily).containsExactly("258.24", "92.16");
    // total: 1,291.20 + 258.24 + 92.16 per day; terms 1,807.68 + 276.48 (the pay-as-you-go deployment has none)
    assertThat(status.getTotal().getDaily()).isEqualTo("1641.60");
    assertThat(status.getTotal().getHourly()).isEqualTo("68.40");
    assertThat(status.getTotal().getMonthly()).isEqualTo("49248.00");
    assertThat(status.getTotal().getTermTotal()).isEqualTo("2084.16");
    assertThat(status.getHourly()).as("the deployment's own, which is what accrues").isEqualTo("53.80");
    assertThat(e.basis()).contains("capacity packs: each prepaid pack is priced as a subscription of its TPM for its days");
  }

  @Test
  void withoutPacksThereIsNoTotal() {
    var status = estimate("{model: qwen3-max-2025-09-23, billing: {method: ProvisionedThroughput}, provisionedThroughput: {inputTPM: 50000, outputTPM: 5000}}")
        .toStatus();
    assertThat(status.getCapacityPacks()).isNull();
    assertThat(status.getTotal()).isNull();
  }

  @Test
  void rejectedOverflowIsNotPricedInTheBasis() {
    CostEstimate e = estimate("{model: qwen3-max-2025-09-23, billing: {method: ProvisionedThroughput},"
        + " provisionedThroughput: {inputTPM: 50000, outputTPM: 5000, overflow: Reject}}");
    assertFigures(e, "53.80", "1291.20", "38736.00", null);
    assertThat(e.basis()).contains("traffic beyond the reservation is refused (overflow: Reject)").doesNotContain("standard per-token prices");
  }
}
