package io.modeldeploy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modeldeploy.catalog.CatalogFile.ModelUnitModel;
import io.modeldeploy.catalog.CatalogFile.ModelUnitSpec;
import io.modeldeploy.catalog.CatalogFile.UnitTypePrice;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Holds the shipped catalog against the seed page, table by table. */
class PriceCatalogTest {

  static final PriceCatalog CATALOG = PriceCatalog.builtIn();

  @Test
  void carriesVersionAndCurrency() {
    assertThat(CATALOG.version()).isEqualTo("modelstudio-cn-beijing-2026-05");
    assertThat(CATALOG.currency()).isEqualTo("CNY");
  }

  /** Rows counted by hand on the seed page: models per table, and price rows (specs) per table. */
  @ParameterizedTest(name = "{0}: {1} models, {2} specs")
  @CsvSource({
      "Text generation/Qwen, 33, 59",
      "Text generation/GLM, 2, 2",
      "Text generation/DeepSeek, 2, 2",
      "Text generation/More models, 2, 2",
      "Multimodal/Qwen-VL, 11, 11",
      "Multimodal/Qwen Omni, 2, 3",
      "Text-to-speech/CosyVoice, 1, 1",
  })
  void modelUnitTablesHaveEverySeedRow(String table, int models, int specs) {
    List<ModelUnitModel> rows = CATALOG.file().modelUnits().stream().filter(m -> m.table().equals(table)).toList();
    assertThat(rows).hasSize(models);
    assertThat(rows.stream().mapToInt(m -> m.specs().size()).sum()).isEqualTo(specs);
  }

  @ParameterizedTest(name = "{0}: {1} rows")
  @CsvSource({"Qwen, 7", "DeepSeek, 3", "Qwen-VL, 1", "Other models, 1"})
  void ptuTablesHaveEverySeedRow(String table, int rows) {
    assertThat(CATALOG.file().provisionedThroughput().stream().filter(m -> m.table().equals(table))).hasSize(rows);
  }

  @ParameterizedTest(name = "{0}: {1} rows")
  @CsvSource({"Qwen, 7", "Qwen-VL, 4"})
  void tokenTablesHaveEverySeedRow(String table, int rows) {
    assertThat(CATALOG.file().tokens().stream().filter(m -> m.table().equals(table))).hasSize(rows);
  }

  /** The seed is linear per unit type: a spec's price that is not count x unit price is a typo. */
  @Test
  void everySpecPriceIsCountTimesItsUnitTypePrice() {
    Map<String, UnitTypePrice> unit = CATALOG.file().modelUnitTypes();
    for (ModelUnitModel model : CATALOG.file().modelUnits()) {
      for (ModelUnitSpec spec : model.specs()) {
        UnitTypePrice price = unit.get(spec.type());
        assertThat(price).as("unit type %s of %s", spec.type(), model.model()).isNotNull();
        BigDecimal count = BigDecimal.valueOf(spec.count());
        assertThat(spec.hourly()).as("%s %s hourly", model.model(), spec.display())
            .isEqualByComparingTo(price.hourly().multiply(count));
        assertThat(spec.monthly()).as("%s %s monthly", model.model(), spec.display())
            .isEqualByComparingTo(price.monthly().multiply(count));
      }
    }
  }

  /** Per-unit prices as the reference derives them from the seed. */
  @ParameterizedTest
  @CsvSource({"MU1, 54, 26118", "MU2, 63, 30036", "MU3, 137, 65969", "MU5, 21, 10139", "MU6, 25, 12089",
      "MU8, 47, 22400", "MU9, 51, 24600"})
  void unitTypePrices(String type, BigDecimal hourly, BigDecimal monthly) {
    UnitTypePrice price = CATALOG.file().modelUnitTypes().get(type);
    assertThat(price.hourly()).isEqualByComparingTo(hourly);
    assertThat(price.monthly()).isEqualByComparingTo(monthly);
  }

  @Test
  void keepsTheSeedsCodesExactlyCaseIncluded() {
    assertThat(CATALOG.modelUnits("Kimi-K2.5")).isPresent();
    assertThat(CATALOG.modelUnits("MiniMax-M2.5")).isPresent();
    assertThat(CATALOG.modelUnits("kimi-k2.5")).isEmpty();
  }

  /**
   * The PTU tables' pay-as-you-go columns are hourly prices: in every row the per-day subscription
   * price is 12 x the hourly one (pay-as-you-go costs twice the subscription), up to the seed's cent
   * rounding of the hourly price (qwen3.6-flash 1.73 ~ 20.74 / 12, qwen3.5-plus 1.15 ~ 13.82 / 12).
   * A catalog whose columns were swapped or mistyped fails here.
   */
  @Test
  void everyPtuDailyPriceIsTwelveTimesTheHourlyOneUpToCentRounding() {
    BigDecimal twelve = BigDecimal.valueOf(12);
    BigDecimal halfCentTimesTwelve = new BigDecimal("0.06");
    List<String> rounded = new java.util.ArrayList<>();
    for (var row : CATALOG.file().provisionedThroughput()) {
      var pairs = java.util.Map.of(
          "input", new BigDecimal[] {row.payAsYouGo().inputPer10KTPMPerHour(), row.provisioned().inputPer10KTPMPerDay()},
          "output", new BigDecimal[] {row.payAsYouGo().outputPer1KTPMPerHour(), row.provisioned().outputPer1KTPMPerDay()});
      pairs.forEach((column, prices) -> {
        BigDecimal gap = prices[1].subtract(prices[0].multiply(twelve)).abs();
        assertThat(gap).as("%s %s: per day %s vs 12 x per hour %s", row.model(), column, prices[1], prices[0])
            .isLessThanOrEqualTo(halfCentTimesTwelve);
        if (gap.signum() != 0) rounded.add(row.model() + " " + column);
      });
    }
    assertThat(rounded).containsExactlyInAnyOrder("qwen3.6-flash-2026-04-16 output", "qwen3.5-plus-2026-04-20 output");
  }

  /** Spot checks of single cells, copied from the seed. */
  @Test
  void spotChecksAgainstTheSeed() {
    var plus = CATALOG.provisionedThroughput("qwen-plus-2025-12-01").orElseThrow();
    assertThat(plus.payAsYouGo().outputPer1KTPMPerHour()).isEqualByComparingTo("0.48");
    assertThat(plus.payAsYouGo().codeInterpreterOutputPer1KTPMPerHour()).isEqualByComparingTo("1.92");
    assertThat(plus.provisioned().codeInterpreterOutputPer1KTPMPerDay()).isEqualByComparingTo("23.04");
    assertThat(CATALOG.provisionedThroughput("qwen3.6-flash-2026-04-16").orElseThrow().provisioned().outputPer1KTPMPerDay())
        .isEqualByComparingTo("20.74");
    assertThat(CATALOG.tokens("qwen3-14b").orElseThrow().thinkingOutput()).isEqualByComparingTo("0.01");
    assertThat(CATALOG.tokens("qwen2.5-vl-72b-instruct").orElseThrow().output()).isEqualByComparingTo("0.048");
    assertThat(CATALOG.tokens("qwen2.5-7b-instruct").orElseThrow().thinkingOutput()).isNull();
    assertThat(CATALOG.modelUnits("glm-4.7").orElseThrow().specs()).extracting(ModelUnitSpec::display)
        .containsExactly("MU6 x 32 (PDSeparated)");
    assertThat(CATALOG.maxContextTokens("deepseek-v3.2")).isEqualTo(64000);
    assertThat(CATALOG.maxContextTokens("qwen3-8b")).isEqualTo(262144);
  }

  @Test
  void methodsFollowTheTables() {
    assertThat(CATALOG.methodsFor("qwen3-max-2025-09-23")).extracting(Enum::name)
        .containsExactly("ProvisionedThroughput", "ModelUnit");
    assertThat(CATALOG.methodsFor("qwen3-14b")).extracting(Enum::name).containsExactly("TokenUsage");
    assertThat(CATALOG.methodsFor("nope")).isEmpty();
  }

  @Test
  void suggestsTheNearestCodes() {
    assertThat(CATALOG.suggest("qwen3-8", 3)).first().isEqualTo("qwen3-8b");
    assertThat(CATALOG.suggest("Kimi-K2", 1)).containsExactly("Kimi-K2.5");
  }

  @Test
  void aUserCatalogReplacesTheBuiltInOne(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("internal.yaml");
    Files.writeString(file, """
        version: acme-gpu-rates-2026-11
        currency: CNY
        modelUnitTypes: {MU1: {hourly: 30, monthly: 15000}}
        modelUnits:
          - {table: internal, name: Qwen3-8B, model: qwen3-8b, specs: [{type: MU1, count: 1, hourly: 30, monthly: 15000}]}
        """);
    PriceCatalog internal = PriceCatalog.load(file);
    assertThat(internal.version()).isEqualTo("acme-gpu-rates-2026-11");
    assertThat(internal.modelUnits("qwen3-8b").orElseThrow().specs().get(0).hourly()).isEqualByComparingTo("30");
    assertThat(internal.provisionedThroughput("qwen3-max-2025-09-23")).isEmpty();
  }

  @Test
  void rejectsABrokenCatalogWithTheReason(@TempDir Path dir) throws IOException {
    Path noVersion = Files.writeString(dir.resolve("a.yaml"), "currency: CNY\n");
    assertThatThrownBy(() -> PriceCatalog.load(noVersion)).isInstanceOf(CatalogException.class).hasMessageContaining("'version' is required");
    Path twice = Files.writeString(dir.resolve("b.yaml"), """
        version: v
        currency: CNY
        tokens: [{model: m, input: 1, output: 1}, {model: m, input: 2, output: 2}]
        """);
    assertThatThrownBy(() -> PriceCatalog.load(twice)).hasMessageContaining("tokens: model m is listed twice");
    Path typo = Files.writeString(dir.resolve("c.yaml"), "version: v\ncurrency: CNY\nmodelUnit: []\n");
    assertThatThrownBy(() -> PriceCatalog.load(typo)).hasMessageContaining("modelUnit");
    assertThatThrownBy(() -> PriceCatalog.load(dir.resolve("missing.yaml"))).hasMessageContaining("cannot read catalog file");
  }
}
