package io.modeldeploy.cost;

import io.modeldeploy.api.CostFigures;
import io.modeldeploy.api.CostStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact figures from the cost engine. Null means "not applicable" (no term, no usage assumption),
 * never zero. Rounding to cents happens only when the figures are presented. overflowPriced: for
 * provisioned throughput, whether the catalog prices traffic beyond the reservation; null otherwise.
 */
public record CostEstimate(
    String currency,
    BigDecimal hourly,
    BigDecimal daily,
    BigDecimal monthly,
    BigDecimal termTotal,
    Map<String, BigDecimal> unitPrices,
    String catalogVersion,
    String basis,
    Boolean overflowPriced,
    List<Part> capacityPacks) {

  public CostEstimate(String currency, BigDecimal hourly, BigDecimal daily, BigDecimal monthly, BigDecimal termTotal,
      Map<String, BigDecimal> unitPrices, String catalogVersion, String basis, Boolean overflowPriced) {
    this(currency, hourly, daily, monthly, termTotal, unitPrices, catalogVersion, basis, overflowPriced, List.of());
  }

  /** A capacity pack's figures (units: what it reserves, for a reader): prepaid, so its term total is always set. */
  public record Part(String name, String units, BigDecimal hourly, BigDecimal daily, BigDecimal monthly, BigDecimal termTotal) {

    CostFigures toStatus() {
      return new CostFigures(name, text(money(hourly)), text(money(daily)), text(money(monthly)), text(money(termTotal)));
    }
  }

  /** With capacity packs: this estimate's figures stay the deployment's own, the packs and their sum are added. */
  public CostEstimate withCapacityPacks(List<Part> packs) {
    return new CostEstimate(currency, hourly, daily, monthly, termTotal, unitPrices, catalogVersion,
        packs.isEmpty() ? basis : basis + "; capacity packs: each prepaid pack is priced as a subscription of its TPM for its days"
            + " (status.cost.capacityPacks), total = the deployment's own figures + every pack's (status.cost.total)",
        overflowPriced, List.copyOf(packs));
  }

  /** The deployment's own figures and every pack's, summed; a term total only where one is set. */
  Part total() {
    Part own = new Part(null, null, hourly, daily, monthly, termTotal);
    return capacityPacks.stream().reduce(own, (a, b) -> new Part(null, null, sum(a.hourly(), b.hourly()), sum(a.daily(), b.daily()),
        sum(a.monthly(), b.monthly()), sum(a.termTotal(), b.termTotal())));
  }

  private static BigDecimal sum(BigDecimal a, BigDecimal b) { return a == null ? b : b == null ? a : a.add(b); }

  /** Half-up to two decimals, the only rounding the engine does. */
  public static BigDecimal money(BigDecimal exact) {
    return exact == null ? null : exact.setScale(2, RoundingMode.HALF_UP);
  }

  /** Pay-as-you-go bills nothing while taken offline: figures that apply become zero. */
  public CostEstimate whileSuspended() {
    return new CostEstimate(currency, zeroIfSet(hourly), zeroIfSet(daily), zeroIfSet(monthly), termTotal, unitPrices,
        catalogVersion, "suspended: pay-as-you-go bills nothing while nothing is serving; when resumed, " + basis,
        overflowPriced, capacityPacks);
  }

  private static BigDecimal zeroIfSet(BigDecimal value) { return value == null ? null : BigDecimal.ZERO; }

  public CostStatus toStatus() {
    CostStatus status = new CostStatus();
    status.setCurrency(currency);
    status.setHourly(text(money(hourly)));
    status.setDaily(text(money(daily)));
    status.setMonthly(text(money(monthly)));
    status.setTermTotal(text(money(termTotal)));
    Map<String, String> prices = new TreeMap<>();
    unitPrices.forEach((k, v) -> prices.put(k, v.stripTrailingZeros().toPlainString()));
    status.setUnitPrices(prices);
    status.setCatalogVersion(catalogVersion);
    status.setBasis(basis);
    status.setOverflowPriced(overflowPriced);
    if (!capacityPacks.isEmpty()) {
      status.setCapacityPacks(capacityPacks.stream().map(Part::toStatus).toList());
      status.setTotal(total().toStatus());
    }
    return status;
  }

  private static String text(BigDecimal value) { return value == null ? null : value.toPlainString(); }
}
