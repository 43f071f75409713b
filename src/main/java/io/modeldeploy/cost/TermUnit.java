package io.modeldeploy.cost;

import io.modeldeploy.api.BillingMethod;

/** Subscriptions are daily for provisioned throughput and monthly for model units (the seed). */
public enum TermUnit {
  DAYS, MONTHS;

  public static TermUnit of(BillingMethod method) {
    return switch (method) {
      case ProvisionedThroughput -> DAYS;
      case ModelUnit -> MONTHS;
      case TokenUsage -> throw new IllegalArgumentException("TokenUsage has no subscription");
    };
  }

  public String label(int periods) {
    String unit = this == DAYS ? "day" : "month";
    return periods + " " + unit + (periods == 1 ? "" : "s");
  }
}
