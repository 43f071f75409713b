package io.modeldeploy.api;

import java.util.Map;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.plan) || self.plan != 'Subscription' || has(self.subscription)",
    message = "spec.billing.subscription is required when spec.billing.plan is Subscription, e.g. {periods: 3} (days for ProvisionedThroughput, months for ModelUnit)")
@ValidationRule(value = "(has(self.plan) && self.plan == 'Subscription') || !has(self.subscription)",
    message = "spec.billing.subscription is only allowed when spec.billing.plan is Subscription")
@ValidationRule(value = "self.method != 'TokenUsage' || !has(self.plan) || self.plan == 'PayAsYouGo'",
    message = "spec.billing.plan must be PayAsYouGo for TokenUsage: token billing has no subscription")
public class Billing implements LenientEnum.Holder {

  @JsonIgnore
  private final Map<String, String> unreadable = LenientEnum.none();


  static final String SWITCH_ADVICE = "To switch, deploy a new ModelDeployment with the other one, switch your API calls to it and test it, then delete this one.";

  @Required
  @Size(max = 32)
  @ValidationRule(value = "self == oldSelf",
      message = "spec.billing.method cannot be changed after creation. " + SWITCH_ADVICE)
  @JsonPropertyDescription("ProvisionedThroughput (reserved TPM, per day), ModelUnit (GPU bundles, per hour or month) or TokenUsage (per token, fine-tuned models only). Immutable.")
  @JsonDeserialize(using = LenientEnum.class)
  private BillingMethod method;

  @Size(max = 32)
  @Default("PayAsYouGo")
  @ValidationRule(value = "self == oldSelf",
      message = "spec.billing.plan cannot be changed after creation. " + SWITCH_ADVICE)
  @JsonPropertyDescription("PayAsYouGo or Subscription (prepaid: days for ProvisionedThroughput, months for ModelUnit). TokenUsage is PayAsYouGo only. Immutable.")
  @JsonDeserialize(using = LenientEnum.class)
  private BillingPlan plan;

  @JsonPropertyDescription("The prepaid term. Required if and only if plan is Subscription.")
  private Subscription subscription;

  @Size(max = 253)
  @JsonPropertyDescription("BillingAccount (same namespace) a pay-as-you-go deployment draws on; unset: the namespace's only account, if it has one.")
  private String account;

  public BillingMethod getMethod() { return method; }
  public void setMethod(BillingMethod method) { this.method = method; }
  public BillingPlan getPlan() { return plan; }
  public void setPlan(BillingPlan plan) { this.plan = plan; }
  public String getAccount() { return account; }
  public void setAccount(String account) { this.account = account; }
  public Subscription getSubscription() { return subscription; }
  public void setSubscription(Subscription subscription) { this.subscription = subscription; }

  /** Plan with the schema default applied. */
  public BillingPlan effectivePlan() { return plan == null ? BillingPlan.PayAsYouGo : plan; }

  /** Enum values this operator version could not read, by property (see LenientEnum). */
  @Override
  public Map<String, String> unreadable() { return unreadable; }
}
