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

  /**
   * overflow: the model's standard per-token prices, at which traffic beyond the reservation is
   * billed; the vendor's deployment page does not list them, so it is optional.
   */
  public record PtuModel(String table, String name, String model, Integer maxInputTokens,
      PtuPayAsYouGo payAsYouGo, PtuProvisioned provisioned, OverflowPrices overflow) {}

  /**
   * Pay-as-you-go reservation, billed by the hour: the seed's "Pay-as-you-go input (per 10K tokens)"
   * and "output (per 1K tokens)" columns are its "1-hour duration" prices per 10K input TPM and per
   * 1K output TPM (the header's "tokens" is the page's slip; see docs/cost.md).
   */
  public record PtuPayAsYouGo(BigDecimal inputPer10KTPMPerHour, BigDecimal outputPer1KTPMPerHour,
      BigDecimal thinkingOutputPer1KTPMPerHour, BigDecimal codeInterpreterOutputPer1KTPMPerHour)
      implements ReservationPrices {
    public String period() { return "Hour"; }
    public BigDecimal inputPer10KTPM() { return inputPer10KTPMPerHour; }
    public BigDecimal outputPer1KTPM() { return outputPer1KTPMPerHour; }
    public BigDecimal thinkingOutputPer1KTPM() { return thinkingOutputPer1KTPMPerHour; }
  }

  /** Subscription reservation, billed by the day: the seed's "1-day duration" columns. */
  public record PtuProvisioned(BigDecimal inputPer10KTPMPerDay, BigDecimal outputPer1KTPMPerDay,
      BigDecimal thinkingOutputPer1KTPMPerDay, BigDecimal codeInterpreterOutputPer1KTPMPerDay)
      implements ReservationPrices {
    public String period() { return "Day"; }
    public BigDecimal inputPer10KTPM() { return inputPer10KTPMPerDay; }
    public BigDecimal outputPer1KTPM() { return outputPer1KTPMPerDay; }
    public BigDecimal thinkingOutputPer1KTPM() { return thinkingOutputPer1KTPMPerDay; }
  }

  /** A PTU reservation's prices over the period it is billed by (Hour or Day). */
  public interface ReservationPrices {
    @JsonIgnore String period();
    @JsonIgnore BigDecimal inputPer10KTPM();
    @JsonIgnore BigDecimal outputPer1KTPM();
    @JsonIgnore BigDecimal thinkingOutputPer1KTPM();
  }

  /** Standard pay-as-you-go inference prices per 1,000 tokens. */
  public record OverflowPrices(BigDecimal inputPer1KTokens, BigDecimal outputPer1KTokens) {}

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
