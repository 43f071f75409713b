package io.modeldeploy.cost;

import io.modeldeploy.api.CostStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
    Boolean overflowPriced) {

  /** Half-up to two decimals, the only rounding the engine does. */
  public static BigDecimal money(BigDecimal exact) {
    return exact == null ? null : exact.setScale(2, RoundingMode.HALF_UP);
  }

  /** Pay-as-you-go bills nothing while taken offline: figures that apply become zero. */
  public CostEstimate whileSuspended() {
    return new CostEstimate(currency, zeroIfSet(hourly), zeroIfSet(daily), zeroIfSet(monthly), termTotal, unitPrices,
        catalogVersion, "suspended: pay-as-you-go bills nothing while nothing is serving; when resumed, " + basis,
        overflowPriced);
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
    return status;
  }

  private static String text(BigDecimal value) { return value == null ? null : value.toPlainString(); }
}
