package io.modeldeploy.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.modeldeploy.api.InferenceMode;
import io.modeldeploy.api.ModelUnit;
import io.modeldeploy.api.ModelUnitMode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The YAML shape of a price catalog, as shipped in the jar or supplied by a platform team. */
public record CatalogFile(
    String version,
    String currency,
    Defaults defaults,
    Map<String, UnitTypePrice> modelUnitTypes,
    List<PtuModel> provisionedThroughput,
    List<ModelUnitModel> modelUnits,
    List<TokenModel> tokens) {

  public record Defaults(Integer maxContextTokens) {}

  /** Price of one unit of a model-unit type; the MU tables are these times the unit count. */
  public record UnitTypePrice(BigDecimal hourly, BigDecimal monthly) {}

  public record PtuModel(String table, String name, String model, Integer maxInputTokens,
      PtuPayAsYouGo payAsYouGo, PtuProvisioned provisioned) {}

  /** What traffic beyond the reservation (overflow) costs. */
  public record PtuPayAsYouGo(BigDecimal inputPer10KTokens, BigDecimal outputPer1KTokens,
      BigDecimal codeInterpreterOutputPer1KTokens) {}

  /**
   * Reservation prices. The seed lists per-day prices only; a catalog may add per-hour prices for
   * pay-as-you-go billing, which then win over day / 24.
   */
  public record PtuProvisioned(BigDecimal inputPer10KTPMPerDay, BigDecimal outputPer1KTPMPerDay,
      BigDecimal thinkingOutputPer1KTPMPerDay, BigDecimal codeInterpreterOutputPer1KTPMPerDay,
      BigDecimal inputPer10KTPMPerHour, BigDecimal outputPer1KTPMPerHour,
      BigDecimal thinkingOutputPer1KTPMPerHour) {

    @JsonIgnore
    public boolean hasHourlyPrices() { return inputPer10KTPMPerHour != null && outputPer1KTPMPerHour != null; }
  }

  /** inferenceModes null means both modes may be chosen; an empty list means neither. */
  public record ModelUnitModel(String table, String name, String model, List<InferenceMode> inferenceModes,
      Integer maxInputTokens, List<ModelUnitSpec> specs) {}

  public record ModelUnitSpec(String type, int count, ModelUnitMode mode, BigDecimal hourly, BigDecimal monthly) {

    public ModelUnitMode effectiveMode() { return mode == null ? ModelUnitMode.Standard : mode; }

    /** As the vendor prints it: "MU1 x 16 (PDSeparated)". */
    public String display() { return ModelUnit.display(type, count, effectiveMode()); }
  }

  /** Token prices per 1,000 tokens; thinkingOutput only where a thinking mode is priced. */
  public record TokenModel(String table, String name, String model, BigDecimal input, BigDecimal output,
      BigDecimal thinkingOutput) {}
}
