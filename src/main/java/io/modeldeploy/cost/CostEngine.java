package io.modeldeploy.cost;

import io.modeldeploy.api.BillingPlan;
import io.modeldeploy.api.InferenceMode;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ProvisionedThroughput;
import io.modeldeploy.api.Usage;
import io.modeldeploy.catalog.CatalogFile.ModelUnitSpec;
import io.modeldeploy.catalog.CatalogFile.PtuModel;
import io.modeldeploy.catalog.CatalogFile.PtuProvisioned;
import io.modeldeploy.catalog.CatalogFile.TokenModel;
import io.modeldeploy.catalog.Offer;
import io.modeldeploy.catalog.PriceCatalog;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The seed's billing formulas, pure and exact (BigDecimal, 34 significant digits); figures are
 * rounded half-up to cents only when presented. A month is 30 days, a day 24 hours.
 */
public final class CostEngine {

  static final MathContext EXACT = MathContext.DECIMAL128;
  static final BigDecimal HOURS_PER_DAY = BigDecimal.valueOf(24);
  static final BigDecimal DAYS_PER_MONTH = BigDecimal.valueOf(30);
  static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);
  static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);
  static final BigDecimal EARLY_CANCEL_FACTOR = new BigDecimal("1.2");

  private CostEngine() {}

  public static CostEstimate estimate(ModelDeploymentSpec spec, Offer offer, PriceCatalog catalog) {
    boolean subscription = spec.getBilling().effectivePlan() == BillingPlan.Subscription;
    Integer periods = subscription ? spec.getBilling().getSubscription().getPeriods() : null;
    if (offer instanceof Offer.ModelUnitOffer mu) return modelUnits(spec.effectiveReplicas(), mu.spec(), periods, catalog);
    if (offer instanceof Offer.ProvisionedThroughputOffer ptu)
      return provisionedThroughput(spec.getProvisionedThroughput(), ptu.model(), periods, catalog);
    Offer.TokenUsageOffer tokens = (Offer.TokenUsageOffer) offer;
    return tokenUsage(spec.getUsage(), spec.getInferenceMode(), tokens.model(), catalog);
  }

  /** Pay-as-you-go: hourly = replicas x spec hourly. Subscription: monthly = replicas x spec monthly. */
  static CostEstimate modelUnits(int replicas, ModelUnitSpec spec, Integer months, PriceCatalog catalog) {
    BigDecimal n = BigDecimal.valueOf(replicas);
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    String units = replicas + " x " + spec.display();
    if (months == null) {
      BigDecimal hourly = n.multiply(spec.hourly());
      BigDecimal daily = hourly.multiply(HOURS_PER_DAY);
      prices.put("specHourly", spec.hourly());
      return new CostEstimate(catalog.currency(), hourly, daily, daily.multiply(DAYS_PER_MONTH), null, prices,
          catalog.version(), "ModelUnit pay-as-you-go: hourly = replicas x spec hourly price (" + units + " at "
              + plain(spec.hourly()) + "/h); daily = 24 x hourly; monthly = 30 x daily");
    }
    BigDecimal monthly = n.multiply(spec.monthly());
    BigDecimal daily = monthly.divide(DAYS_PER_MONTH, EXACT);
    prices.put("specMonthly", spec.monthly());
    return new CostEstimate(catalog.currency(), daily.divide(HOURS_PER_DAY, EXACT), daily, monthly,
        monthly.multiply(BigDecimal.valueOf(months)), prices, catalog.version(),
        "ModelUnit subscription: monthly = replicas x spec monthly price (" + units + " at " + plain(spec.monthly())
            + "/month); term = " + TermUnit.MONTHS.label(months) + " x monthly; daily = monthly / 30; hourly = daily / 24");
  }

  /**
   * daily = inputTPM / 10,000 x input price + outputTPM / 1,000 x output price (+ thinking output);
   * hourly = daily / 24 unless the catalog has hourly prices; monthly = 30 x daily; term = days x daily.
   */
  static CostEstimate provisionedThroughput(ProvisionedThroughput tpm, PtuModel model, Integer days, PriceCatalog catalog) {
    PtuProvisioned p = model.provisioned();
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    prices.put("inputPer10KTPMPerDay", p.inputPer10KTPMPerDay());
    prices.put("outputPer1KTPMPerDay", p.outputPer1KTPMPerDay());
    long thinking = Optional.ofNullable(tpm.getThinkingOutputTPM()).orElse(0L);
    if (thinking > 0) prices.put("thinkingOutputPer1KTPMPerDay", p.thinkingOutputPer1KTPMPerDay());
    BigDecimal daily = reservation(tpm.getInputTPM(), tpm.getOutputTPM(), thinking,
        p.inputPer10KTPMPerDay(), p.outputPer1KTPMPerDay(), p.thinkingOutputPer1KTPMPerDay());
    BigDecimal hourly;
    String hourlyBasis;
    if (days == null && p.hasHourlyPrices()) {
      hourly = reservation(tpm.getInputTPM(), tpm.getOutputTPM(), thinking,
          p.inputPer10KTPMPerHour(), p.outputPer1KTPMPerHour(), p.thinkingOutputPer1KTPMPerHour());
      prices.put("inputPer10KTPMPerHour", p.inputPer10KTPMPerHour());
      prices.put("outputPer1KTPMPerHour", p.outputPer1KTPMPerHour());
      hourlyBasis = "hourly from the catalog's hourly prices";
    } else {
      hourly = daily.divide(HOURS_PER_DAY, EXACT);
      hourlyBasis = "hourly = daily / 24";
    }
    String plan = days == null ? "pay-as-you-go" : "subscription";
    String basis = "ProvisionedThroughput " + plan + ": daily = inputTPM " + tpm.getInputTPM() + " / 10,000 x "
        + plain(p.inputPer10KTPMPerDay()) + " + outputTPM " + tpm.getOutputTPM() + " / 1,000 x " + plain(p.outputPer1KTPMPerDay())
        + (thinking > 0 ? " + thinkingOutputTPM " + thinking + " / 1,000 x " + plain(p.thinkingOutputPer1KTPMPerDay()) : "")
        + "; " + hourlyBasis + "; monthly = 30 x daily" + (days == null ? "" : "; term = " + TermUnit.DAYS.label(days) + " x daily");
    return new CostEstimate(catalog.currency(), hourly, daily, daily.multiply(DAYS_PER_MONTH),
        days == null ? null : daily.multiply(BigDecimal.valueOf(days)), prices, catalog.version(), basis);
  }

  private static BigDecimal reservation(long input, long output, long thinking, BigDecimal inputPer10K,
      BigDecimal outputPer1K, BigDecimal thinkingPer1K) {
    BigDecimal cost = per(input, TEN_THOUSAND, inputPer10K).add(per(output, THOUSAND, outputPer1K));
    return thinking > 0 ? cost.add(per(thinking, THOUSAND, thinkingPer1K)) : cost;
  }

  /** cost = input tokens / 1,000 x input price + output tokens / 1,000 x output price (by inference mode). */
  static CostEstimate tokenUsage(Usage usage, InferenceMode mode, TokenModel model, PriceCatalog catalog) {
    boolean thinking = mode == InferenceMode.Thinking;
    BigDecimal outputPrice = thinking ? model.thinkingOutput() : model.output();
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    prices.put("inputPer1KTokens", model.input());
    prices.put(thinking ? "thinkingOutputPer1KTokens" : "outputPer1KTokens", outputPrice);
    String formula = "TokenUsage: cost = input tokens / 1,000 x " + plain(model.input()) + " + "
        + (thinking ? "thinking " : "") + "output tokens / 1,000 x " + plain(outputPrice);
    if (usage == null || (usage.getInputTokensPerDay() == null && usage.getOutputTokensPerDay() == null))
      return new CostEstimate(catalog.currency(), null, null, null, null, prices, catalog.version(),
          formula + "; no spec.usage, so no projection");
    long in = Optional.ofNullable(usage.getInputTokensPerDay()).orElse(0L);
    long out = Optional.ofNullable(usage.getOutputTokensPerDay()).orElse(0L);
    BigDecimal daily = per(in, THOUSAND, model.input()).add(per(out, THOUSAND, outputPrice));
    return new CostEstimate(catalog.currency(), daily.divide(HOURS_PER_DAY, EXACT), daily,
        daily.multiply(DAYS_PER_MONTH), null, prices, catalog.version(),
        formula + "; projected from spec.usage " + in + " input and " + out + " output tokens per day; hourly = daily / 24; monthly = 30 x daily");
  }

  /** What overflow traffic beyond a PTU reservation costs, at the model's pay-as-you-go prices. Exact. */
  public static BigDecimal overflowCost(PtuModel model, long inputTokens, long outputTokens) {
    return per(inputTokens, TEN_THOUSAND, model.payAsYouGo().inputPer10KTokens())
        .add(per(outputTokens, THOUSAND, model.payAsYouGo().outputPer1KTokens()));
  }

  /** The seed's charge for cancelling a monthly subscription within its first month. */
  public record CancellationCharge(long usedDays, BigDecimal amount) {}

  /**
   * used days (a started 24 h day counts in full) x 1.2 x monthly / 30; empty once the first month
   * (as the term rules count it) has ended, where the rule no longer applies.
   */
  public static Optional<CancellationCharge> earlyCancellation(BigDecimal monthly, ZonedDateTime startedAt,
      ZonedDateTime cancelledAt) {
    ZonedDateTime firstMonthEnds = SubscriptionTimeline.of(startedAt, 1, TermUnit.MONTHS, startedAt.getZone()).expiresAt();
    if (cancelledAt.isAfter(firstMonthEnds)) return Optional.empty();
    Duration used = Duration.between(startedAt, cancelledAt);
    long days = Math.max(1, (used.toSeconds() + 86_399) / 86_400);
    BigDecimal amount = BigDecimal.valueOf(days).multiply(EARLY_CANCEL_FACTOR).multiply(monthly)
        .divide(DAYS_PER_MONTH, EXACT);
    return Optional.of(new CancellationCharge(days, amount));
  }

  private static BigDecimal per(long quantity, BigDecimal block, BigDecimal price) {
    return BigDecimal.valueOf(quantity).multiply(price).divide(block, EXACT);
  }

  private static String plain(BigDecimal value) { return value.stripTrailingZeros().toPlainString(); }
}
