package io.modeldeploy.cost;

import io.modeldeploy.api.BillingPlan;
import io.modeldeploy.api.CapacityPack;
import io.modeldeploy.api.InferenceMode;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.Overflow;
import io.modeldeploy.api.ProvisionedThroughput;
import io.modeldeploy.api.Usage;
import io.modeldeploy.api.UsageCounts;
import io.modeldeploy.catalog.CatalogFile.ModelUnitSpec;
import io.modeldeploy.catalog.CatalogFile.OverflowPrices;
import io.modeldeploy.catalog.CatalogFile.PtuModel;
import io.modeldeploy.catalog.CatalogFile.ReservationPrices;
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
      return provisionedThroughput(spec.getProvisionedThroughput(), ptu.model(), periods, catalog)
          .withCapacityPacks(spec.getProvisionedThroughput().packs().stream().map(pack -> capacityPack(pack, ptu.model(), catalog)).toList());
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
              + plain(spec.hourly()) + "/h); daily = 24 x hourly; monthly = 30 x daily", null);
    }
    BigDecimal monthly = n.multiply(spec.monthly());
    BigDecimal daily = monthly.divide(DAYS_PER_MONTH, EXACT);
    prices.put("specMonthly", spec.monthly());
    return new CostEstimate(catalog.currency(), daily.divide(HOURS_PER_DAY, EXACT), daily, monthly,
        monthly.multiply(BigDecimal.valueOf(months)), prices, catalog.version(),
        "ModelUnit subscription: monthly = replicas x spec monthly price (" + units + " at " + plain(spec.monthly())
            + "/month); term = " + TermUnit.MONTHS.label(months) + " x monthly; daily = monthly / 30; hourly = daily / 24", null);
  }

  /**
   * Pay-as-you-go is billed by the hour: hourly = inputTPM / 10,000 x hourly input price + outputTPM /
   * 1,000 x hourly output price (+ thinking output); daily = 24 x hourly. A subscription is billed by
   * the day at the per-day prices: hourly = daily / 24, term = days x daily. monthly = 30 x daily.
   */
  static CostEstimate provisionedThroughput(ProvisionedThroughput tpm, PtuModel model, Integer days, PriceCatalog catalog) {
    long input = tpm.getInputTPM();
    long output = tpm.getOutputTPM();
    long thinking = Optional.ofNullable(tpm.getThinkingOutputTPM()).orElse(0L);
    boolean payAsYouGo = days == null;
    ReservationPrices p = payAsYouGo ? model.payAsYouGo() : model.provisioned();
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    prices.put("inputPer10KTPMPer" + p.period(), p.inputPer10KTPM());
    prices.put("outputPer1KTPMPer" + p.period(), p.outputPer1KTPM());
    if (thinking > 0) prices.put("thinkingOutputPer1KTPMPer" + p.period(), p.thinkingOutputPer1KTPM());
    BigDecimal perPeriod = per(input, TEN_THOUSAND, p.inputPer10KTPM()).add(per(output, THOUSAND, p.outputPer1KTPM()));
    if (thinking > 0) perPeriod = perPeriod.add(per(thinking, THOUSAND, p.thinkingOutputPer1KTPM()));
    String formula = "inputTPM " + input + " / 10,000 x " + plain(p.inputPer10KTPM()) + " + outputTPM " + output
        + " / 1,000 x " + plain(p.outputPer1KTPM())
        + (thinking > 0 ? " + thinkingOutputTPM " + thinking + " / 1,000 x " + plain(p.thinkingOutputPer1KTPM()) : "");
    BigDecimal hourly = payAsYouGo ? perPeriod : perPeriod.divide(HOURS_PER_DAY, EXACT);
    BigDecimal daily = payAsYouGo ? perPeriod.multiply(HOURS_PER_DAY) : perPeriod;
    String basis = payAsYouGo
        ? "ProvisionedThroughput pay-as-you-go, billed by the hour: hourly = " + formula + "; daily = 24 x hourly; monthly = 30 x daily"
        : "ProvisionedThroughput subscription, billed by the day: daily = " + formula
            + "; hourly = daily / 24; monthly = 30 x daily; term = " + TermUnit.DAYS.label(days) + " x daily";
    OverflowPrices overflow = model.overflow();
    if (tpm.effectiveOverflow() == Overflow.Reject) {
      basis += "; traffic beyond the reservation is refused (overflow: Reject), so nothing is billed beyond it";
    } else if (overflow != null) {
      prices.put("overflowInputPer1KTokens", overflow.inputPer1KTokens());
      prices.put("overflowOutputPer1KTokens", overflow.outputPer1KTokens());
      basis += "; overflow beyond the reservation: input tokens / 1,000 x " + plain(overflow.inputPer1KTokens())
          + " + output tokens / 1,000 x " + plain(overflow.outputPer1KTokens());
    } else {
      basis += "; overflow beyond the reservation is billed at the model's standard per-token prices, which catalog "
          + catalog.version() + " does not list (not priced)";
    }
    return new CostEstimate(catalog.currency(), hourly, daily, daily.multiply(DAYS_PER_MONTH),
        days == null ? null : daily.multiply(BigDecimal.valueOf(days)), prices, catalog.version(), basis, overflow != null);
  }

  /** A pack is prepaid throughput of its own: the subscription formula for its TPM and days. */
  static CostEstimate.Part capacityPack(CapacityPack pack, PtuModel model, PriceCatalog catalog) {
    ProvisionedThroughput tpm = new ProvisionedThroughput();
    tpm.setInputTPM(pack.getInputTPM());
    tpm.setOutputTPM(pack.getOutputTPM());
    CostEstimate e = provisionedThroughput(tpm, model, pack.getDays(), catalog);
    return new CostEstimate.Part(pack.getName(), pack.getInputTPM() + "/" + pack.getOutputTPM() + " TPM x " + TermUnit.DAYS.label(pack.getDays()),
        e.hourly(), e.daily(), e.monthly(), e.termTotal());
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
          formula + "; no spec.usage, so no projection", null);
    long in = Optional.ofNullable(usage.getInputTokensPerDay()).orElse(0L);
    long out = Optional.ofNullable(usage.getOutputTokensPerDay()).orElse(0L);
    BigDecimal daily = per(in, THOUSAND, model.input()).add(per(out, THOUSAND, outputPrice));
    return new CostEstimate(catalog.currency(), daily.divide(HOURS_PER_DAY, EXACT), daily,
        daily.multiply(DAYS_PER_MONTH), null, prices, catalog.version(),
        formula + "; projected from spec.usage " + in + " input and " + out + " output tokens per day; hourly = daily / 24; monthly = 30 x daily", null);
  }

  /**
   * What overflow traffic beyond a PTU reservation costs at the model's standard per-token prices,
   * exact; empty when the catalog does not price it (the tokens are metered all the same).
   */
  public static Optional<BigDecimal> overflowCost(PtuModel model, long inputTokens, long outputTokens) {
    return Optional.ofNullable(model.overflow()).map(prices -> per(inputTokens, THOUSAND, prices.inputPer1KTokens())
        .add(per(outputTokens, THOUSAND, prices.outputPer1KTokens())));
  }

  /** What metered tokens cost (see Quote.usageCost). */
  static Optional<BigDecimal> usageCost(ModelDeploymentSpec spec, Offer offer, UsageCounts counts) {
    if (offer instanceof Offer.TokenUsageOffer tokens) {
      BigDecimal output = spec.getInferenceMode() == InferenceMode.Thinking ? tokens.model().thinkingOutput() : tokens.model().output();
      return Optional.of(per(counts.getInputTokens(), THOUSAND, tokens.model().input())
          .add(per(counts.getOutputTokens(), THOUSAND, output)));
    }
    if (offer instanceof Offer.ProvisionedThroughputOffer ptu)
      return overflowCost(ptu.model(), counts.getOverflowInputTokens(), counts.getOverflowOutputTokens());
    return Optional.empty();
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
