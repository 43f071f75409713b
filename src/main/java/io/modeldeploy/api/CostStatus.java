package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Money is written as decimal strings ("432.00"): exact, and the Kubernetes API conventions avoid
 * floating point. Absent figures are omitted, never zero.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CostStatus {

  @JsonPropertyDescription("ISO 4217 currency of every figure, e.g. CNY.")
  private String currency;
  @JsonPropertyDescription("Estimated cost per hour.")
  private String hourly;
  @JsonPropertyDescription("Estimated cost per day.")
  private String daily;
  @JsonPropertyDescription("Estimated cost per 30-day month.")
  private String monthly;
  @JsonPropertyDescription("Total of the prepaid term (Subscription plans).")
  private String termTotal;
  @JsonPropertyDescription("Pay-as-you-go cost accrued while billable (Running, Resizing, ResizeFailed), up to accruedAt; settled on every phase or price change, and refreshed every accrual interval for a deployment that draws on a BillingAccount.")
  private String accrued;
  @JsonPropertyDescription("The instant accrued counts up to.")
  private String accruedAt;
  @JsonPropertyDescription("The BillingAccount the accrual is drawn on (absent when none); recorded by the operator so an account is charged exactly what was spent while drawing on it.")
  private String account;
  @JsonPropertyDescription("What accrued showed when the deployment began drawing on that account: the account is charged accrued minus this.")
  private String accruedAtAccountStart;
  @JsonPropertyDescription("Charged for cancelling a monthly subscription within its first month (written when it is deleted).")
  private String cancellationCharge;
  @JsonPropertyDescription("The catalog prices the figures were computed from.")
  private Map<String, String> unitPrices = new TreeMap<>();
  @JsonPropertyDescription("Version of the price catalog used.")
  private String catalogVersion;
  @JsonPropertyDescription("The formula used, in one line.")
  private String basis;
  @JsonPropertyDescription("ProvisionedThroughput only: whether the catalog prices traffic beyond the reservation (overflow, billed at the model's standard per-token prices). false: overflow tokens are metered but their cost is not priced.")
  private Boolean overflowPriced;

  @JsonPropertyDescription("What the metered usage (status.usage.today) cost: every token for TokenUsage, the overflow tokens at the model's per-token prices for ProvisionedThroughput.")
  private String usageToday;
  @JsonPropertyDescription("The same for status.usage.thisMonth.")
  private String usageThisMonth;

  @JsonPropertyDescription("With spec.autoscaling: the hourly cost at the minimum replicas in force now.")
  private String hourlyAtMinReplicas;
  @JsonPropertyDescription("With spec.autoscaling: the hourly cost at the maximum replicas in force now (at most maxCostPerHour).")
  private String hourlyAtMaxReplicas;

  @JsonPropertyDescription("During a rollout: the hourly cost of both revisions together (the stable one at spec.replicas, the new one at its step's replicas).")
  private String rolloutHourly;
  @JsonPropertyDescription("During and after a rollout: what the new revision's capacity has cost so far beside the stable one, as of the rollout's last step change.")
  private String rolloutCost;

  @JsonPropertyDescription("ProvisionedThroughput with capacity packs: each pack's figures (the figures above are the deployment's own throughput).")
  private List<CostFigures> capacityPacks;
  @JsonPropertyDescription("With capacity packs: the deployment's own throughput and every pack together.")
  private CostFigures total;

  public String getHourlyAtMinReplicas() { return hourlyAtMinReplicas; }
  public void setHourlyAtMinReplicas(String hourlyAtMinReplicas) { this.hourlyAtMinReplicas = hourlyAtMinReplicas; }
  public String getHourlyAtMaxReplicas() { return hourlyAtMaxReplicas; }
  public void setHourlyAtMaxReplicas(String hourlyAtMaxReplicas) { this.hourlyAtMaxReplicas = hourlyAtMaxReplicas; }
  public String getUsageToday() { return usageToday; }
  public void setUsageToday(String usageToday) { this.usageToday = usageToday; }
  public String getUsageThisMonth() { return usageThisMonth; }
  public void setUsageThisMonth(String usageThisMonth) { this.usageThisMonth = usageThisMonth; }
  public List<CostFigures> getCapacityPacks() { return capacityPacks; }
  public void setCapacityPacks(List<CostFigures> capacityPacks) { this.capacityPacks = capacityPacks; }
  public CostFigures getTotal() { return total; }
  public void setTotal(CostFigures total) { this.total = total; }
  public String getCurrency() { return currency; }
  public void setCurrency(String currency) { this.currency = currency; }
  public String getHourly() { return hourly; }
  public void setHourly(String hourly) { this.hourly = hourly; }
  public String getDaily() { return daily; }
  public void setDaily(String daily) { this.daily = daily; }
  public String getMonthly() { return monthly; }
  public void setMonthly(String monthly) { this.monthly = monthly; }
  public String getTermTotal() { return termTotal; }
  public void setTermTotal(String termTotal) { this.termTotal = termTotal; }
  public String getAccrued() { return accrued; }
  public void setAccrued(String accrued) { this.accrued = accrued; }
  public String getAccruedAt() { return accruedAt; }
  public void setAccruedAt(String accruedAt) { this.accruedAt = accruedAt; }
  public String getAccount() { return account; }
  public void setAccount(String account) { this.account = account; }
  public String getAccruedAtAccountStart() { return accruedAtAccountStart; }
  public void setAccruedAtAccountStart(String accruedAtAccountStart) { this.accruedAtAccountStart = accruedAtAccountStart; }
  public String getCancellationCharge() { return cancellationCharge; }
  public void setCancellationCharge(String cancellationCharge) { this.cancellationCharge = cancellationCharge; }
  public Map<String, String> getUnitPrices() { return unitPrices; }
  public void setUnitPrices(Map<String, String> unitPrices) { this.unitPrices = unitPrices; }
  public String getRolloutHourly() { return rolloutHourly; }
  public void setRolloutHourly(String rolloutHourly) { this.rolloutHourly = rolloutHourly; }
  public String getRolloutCost() { return rolloutCost; }
  public void setRolloutCost(String rolloutCost) { this.rolloutCost = rolloutCost; }
  public String getCatalogVersion() { return catalogVersion; }
  public void setCatalogVersion(String catalogVersion) { this.catalogVersion = catalogVersion; }
  public String getBasis() { return basis; }
  public void setBasis(String basis) { this.basis = basis; }
  public Boolean getOverflowPriced() { return overflowPriced; }
  public void setOverflowPriced(Boolean overflowPriced) { this.overflowPriced = overflowPriced; }

  /** A copy to change, so that a status read from the cache is never modified. */
  public CostStatus copy() {
    CostStatus c = new CostStatus();
    c.currency = currency;
    c.hourly = hourly;
    c.daily = daily;
    c.monthly = monthly;
    c.termTotal = termTotal;
    c.accrued = accrued;
    c.accruedAt = accruedAt;
    c.account = account;
    c.accruedAtAccountStart = accruedAtAccountStart;
    c.cancellationCharge = cancellationCharge;
    c.unitPrices = unitPrices == null ? null : new TreeMap<>(unitPrices);
    c.catalogVersion = catalogVersion;
    c.basis = basis;
    c.overflowPriced = overflowPriced;
    c.capacityPacks = capacityPacks == null ? null : capacityPacks.stream().map(CostFigures::copy).toList();
    c.total = total == null ? null : total.copy();
    c.usageToday = usageToday;
    c.usageThisMonth = usageThisMonth;
    c.hourlyAtMinReplicas = hourlyAtMinReplicas;
    c.hourlyAtMaxReplicas = hourlyAtMaxReplicas;
    c.rolloutHourly = rolloutHourly;
    c.rolloutCost = rolloutCost;
    return c;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CostStatus other)) return false;
    return Objects.equals(currency, other.currency) && Objects.equals(hourly, other.hourly)
        && Objects.equals(daily, other.daily) && Objects.equals(monthly, other.monthly)
        && Objects.equals(termTotal, other.termTotal) && Objects.equals(cancellationCharge, other.cancellationCharge)
        && Objects.equals(accrued, other.accrued) && Objects.equals(accruedAt, other.accruedAt)
        && Objects.equals(account, other.account) && Objects.equals(accruedAtAccountStart, other.accruedAtAccountStart)
        && Objects.equals(unitPrices, other.unitPrices)
        && Objects.equals(catalogVersion, other.catalogVersion) && Objects.equals(basis, other.basis)
        && Objects.equals(overflowPriced, other.overflowPriced)
        && Objects.equals(capacityPacks, other.capacityPacks) && Objects.equals(total, other.total)
        && Objects.equals(usageToday, other.usageToday) && Objects.equals(usageThisMonth, other.usageThisMonth)
        && Objects.equals(hourlyAtMinReplicas, other.hourlyAtMinReplicas)
        && Objects.equals(hourlyAtMaxReplicas, other.hourlyAtMaxReplicas)
        && Objects.equals(rolloutHourly, other.rolloutHourly) && Objects.equals(rolloutCost, other.rolloutCost);
  }

  @Override
  public int hashCode() { return Objects.hash(currency, hourly, daily, monthly, termTotal, catalogVersion, basis); }
}
