package io.modeldeploy.validation;

import io.modeldeploy.api.Billing;
import io.modeldeploy.api.LenientEnum;
import io.modeldeploy.api.BillingMethod;
import io.modeldeploy.api.BillingPlan;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelUnit;
import io.modeldeploy.api.CapacityPack;
import io.modeldeploy.api.ProvisionedThroughput;
import io.modeldeploy.catalog.OfferException;
import io.modeldeploy.catalog.PriceCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one validation the operator and mdctl share. It repeats the CRD's schema bounds and CEL
 * rules (the API server enforces them, but mdctl and the mock API server in tests have none) and
 * then asks the catalog whether the model offers what the spec asks for.
 */
public final class SpecValidator {

  private static final Pattern MODEL_CODE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*$");
  private static final Pattern UNIT_TYPE = Pattern.compile("^MU[0-9]+$");

  private static final Pattern OBJECT_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  private SpecValidator() {}

  /** metadata.name as the API server accepts it (a DNS-1123 subdomain), for clients with no API server. */
  public static java.util.Optional<SpecError> validateName(String name) {
    if (name == null || name.isBlank()) return java.util.Optional.of(new SpecError("metadata.name", "MissingField", "is required"));
    if (name.length() > 253 || !OBJECT_NAME.matcher(name).matches())
      return java.util.Optional.of(new SpecError("metadata.name", "InvalidValue", "'" + abbreviate(name)
          + "' is not a valid name; expected lower-case letters, digits, '-' and '.', at most 253, starting and ending with a letter or digit"));
    return java.util.Optional.empty();
  }

  /** What the API server checks across metadata and spec (the root CEL rule), for clients with no API server. */
  public static List<SpecError> validateObject(String name, ModelDeploymentSpec spec) {
    List<SpecError> errors = new ArrayList<>();
    validateName(name).ifPresent(errors::add);
    if (name != null && spec != null && spec.getOverflow() != null && name.equals(spec.getOverflow().getTo()))
      errors.add(new SpecError("spec.overflow.to", "InvalidValue", "names this ModelDeployment itself: name another one in"
          + " this namespace that serves what this one refuses"));
    return errors;
  }

  public static ValidationResult validate(ModelDeploymentSpec spec, PriceCatalog catalog) {
    return validate(spec, catalog, java.time.ZoneOffset.UTC);
  }

  /** @param billingZone the zone of schedules that name none */
  public static ValidationResult validate(ModelDeploymentSpec spec, PriceCatalog catalog, java.time.ZoneId billingZone) {
    List<SpecError> errors = new ArrayList<>();
    if (spec == null) return ValidationResult.invalid(List.of(missing("spec", "the spec with model and billing")));
    unreadable(errors, "spec", spec, ModelDeploymentSpec.class);
    unreadable(errors, "spec.billing", spec.getBilling(), Billing.class);
    unreadable(errors, "spec.modelUnit", spec.getModelUnit(), ModelUnit.class);
    if (!errors.isEmpty()) return ValidationResult.invalid(errors);
    checkModelCode(errors, "spec.model", spec.getModel(), true);
    checkModelCode(errors, "spec.baseModel", spec.getBaseModel(), false);
    range(errors, "spec.replicas", spec.getReplicas(), 0, 1000);
    range(errors, "spec.maxContextTokens", spec.getMaxContextTokens(), 1, 1_048_576);
    Billing billing = spec.getBilling();
    if (billing == null || billing.getMethod() == null) {
      errors.add(missing(billing == null ? "spec.billing" : "spec.billing.method",
          "method: ProvisionedThroughput, ModelUnit or TokenUsage"));
    } else {
      checkBilling(errors, spec, billing);
      AutoscalingValidator.check(errors, spec, billingZone);
    }
    RolloutValidator.check(errors, spec);
    if (!errors.isEmpty()) return ValidationResult.invalid(errors);
    try {
      io.modeldeploy.catalog.Offer offer = catalog.offerFor(spec);
      if (offer instanceof io.modeldeploy.catalog.Offer.ModelUnitOffer units)
        AutoscalingValidator.checkCeiling(errors, spec.getAutoscaling(), units.spec().hourly());
      return errors.isEmpty() ? ValidationResult.valid(offer) : ValidationResult.invalid(errors);
    } catch (OfferException e) {
      return ValidationResult.invalid(List.of(new SpecError(e.field(), e.reason(), e.getMessage())));
    }
  }

  /**
   * Enum values this version cannot read: a typo offline, or a newer CRD read by an older operator;
   * named either way, never a failed informer.
   */
  static void unreadable(List<SpecError> errors, String path, LenientEnum.Holder holder, Class<?> owner) {
    if (holder == null) return;
    holder.unreadable().forEach((property, value) -> errors.add(new SpecError(path + "." + property, "UnknownValue",
        "'" + value + "' is not one of " + LenientEnum.known(owner, property)
            + " (a value only a newer CRD knows needs a newer operator)")));
  }

  private static void checkBilling(List<SpecError> errors, ModelDeploymentSpec spec, Billing billing) {
    BillingMethod method = billing.getMethod();
    BillingPlan plan = billing.effectivePlan();
    requiredIff(errors, "spec.modelUnit", spec.getModelUnit() != null, method == BillingMethod.ModelUnit,
        "spec.billing.method is ModelUnit", "e.g. {type: MU1, count: 2}");
    requiredIff(errors, "spec.provisionedThroughput", spec.getProvisionedThroughput() != null,
        method == BillingMethod.ProvisionedThroughput, "spec.billing.method is ProvisionedThroughput",
        "e.g. {inputTPM: 50000, outputTPM: 5000}");
    if (spec.getThrottling() != null && method != BillingMethod.ModelUnit)
      errors.add(new SpecError("spec.throttling", "ForbiddenField", "spec.throttling is only allowed when spec.billing.method"
          + " is ModelUnit: the vendor limits requests and tokens per minute of model units only (provisioned throughput"
          + " is not limited within its TPM)"));
    requiredIff(errors, "spec.billing.subscription", billing.getSubscription() != null, plan == BillingPlan.Subscription,
        "spec.billing.plan is Subscription", "e.g. {periods: 3} (days for ProvisionedThroughput, months for ModelUnit)");
    if (method == BillingMethod.TokenUsage && plan != BillingPlan.PayAsYouGo)
      errors.add(new SpecError("spec.billing.plan", "InvalidCombination",
          "spec.billing.plan must be PayAsYouGo for TokenUsage: token billing has no subscription"));
    if (method == BillingMethod.TokenUsage && spec.getBaseModel() == null)
      errors.add(new SpecError("spec.baseModel", "MissingField",
          "spec.baseModel is required when spec.billing.method is TokenUsage: token billing is only for fine-tuned models; name the foundation model it was tuned from"));
    if (billing.getSubscription() != null) {
      if (billing.getSubscription().getPeriods() == null) errors.add(missing("spec.billing.subscription.periods",
          "the term length: days for ProvisionedThroughput, months for ModelUnit, 1 to 365"));
      range(errors, "spec.billing.subscription.periods", billing.getSubscription().getPeriods(), 1, 365);
    }
    ModelUnit unit = spec.getModelUnit();
    if (unit != null) {
      if (unit.getType() == null) errors.add(missing("spec.modelUnit.type", "a model-unit type such as MU1"));
      else if (!UNIT_TYPE.matcher(unit.getType()).matches() || unit.getType().length() > 16)
        errors.add(new SpecError("spec.modelUnit.type", "InvalidValue",
            "'" + unit.getType() + "' is not a model-unit type; expected MU followed by a number, e.g. MU1"));
      if (unit.getCount() == null) errors.add(missing("spec.modelUnit.count", "units per replica, e.g. 8 for MU1 x 8"));
      range(errors, "spec.modelUnit.count", unit.getCount(), 1, 256);
    }
    ProvisionedThroughput tpm = spec.getProvisionedThroughput();
    if (tpm != null) {
      if (tpm.getInputTPM() == null) errors.add(missing("spec.provisionedThroughput.inputTPM", "reserved input tokens per minute"));
      if (tpm.getOutputTPM() == null) errors.add(missing("spec.provisionedThroughput.outputTPM", "reserved output tokens per minute"));
      range(errors, "spec.provisionedThroughput.inputTPM", tpm.getInputTPM(), 1, 1_000_000_000L);
      range(errors, "spec.provisionedThroughput.outputTPM", tpm.getOutputTPM(), 0, 1_000_000_000L);
      range(errors, "spec.provisionedThroughput.thinkingOutputTPM", tpm.getThinkingOutputTPM(), 0, 1_000_000_000L);
      checkCapacityPacks(errors, tpm.packs());
    }
    if (spec.getThrottling() != null) {
      range(errors, "spec.throttling.rpm", spec.getThrottling().getRpm(), 1, 100_000_000L);
      range(errors, "spec.throttling.tpm", spec.getThrottling().getTpm(), 1, 1_000_000_000L);
    }
    if (spec.getUsage() != null) {
      range(errors, "spec.usage.inputTokensPerDay", spec.getUsage().getInputTokensPerDay(), 0, 1_000_000_000_000L);
      range(errors, "spec.usage.outputTokensPerDay", spec.getUsage().getOutputTokensPerDay(), 0, 1_000_000_000_000L);
    }
  }

  /** What the schema says of packs, for manifests priced without an API server (mdctl). */
  private static void checkCapacityPacks(List<SpecError> errors, List<CapacityPack> packs) {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < packs.size(); i++) {
      CapacityPack pack = packs.get(i);
      String field = "spec.provisionedThroughput.capacityPacks[" + i + "]";
      if (pack.getName() == null) errors.add(missing(field + ".name", "a name for the pack, e.g. launch-week"));
      else if (!names.add(pack.getName()))
        errors.add(new SpecError(field + ".name", "Duplicate", "another pack is named " + pack.getName() + "; each pack needs a name of its own"));
      if (pack.getInputTPM() == null) errors.add(missing(field + ".inputTPM", "input tokens per minute the pack adds"));
      if (pack.getOutputTPM() == null) errors.add(missing(field + ".outputTPM", "output tokens per minute the pack adds"));
      if (pack.getDays() == null) errors.add(missing(field + ".days", "days the pack is bought for, 1 to 365"));
      range(errors, field + ".inputTPM", pack.getInputTPM(), 1, 1_000_000_000L);
      range(errors, field + ".outputTPM", pack.getOutputTPM(), 0, 1_000_000_000L);
      range(errors, field + ".days", pack.getDays(), 1, 365);
    }
  }

  private static void requiredIff(List<SpecError> errors, String field, boolean present, boolean required,
      String condition, String example) {
    if (required && !present)
      errors.add(new SpecError(field, "MissingField", field + " is required when " + condition + ", " + example));
    if (!required && present)
      errors.add(new SpecError(field, "ForbiddenField", field + " is only allowed when " + condition));
  }

  private static void checkModelCode(List<SpecError> errors, String field, String code, boolean required) {
    if (code == null) {
      if (required) errors.add(missing(field, "a model code from the price catalog, e.g. qwen3-8b"));
      return;
    }
    if (code.isEmpty() || code.length() > 128 || !MODEL_CODE.matcher(code).matches())
      errors.add(new SpecError(field, "InvalidValue", "'" + abbreviate(code)
          + "' is not a model code; expected 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit"));
  }

  static void range(List<SpecError> errors, String field, Number value, long min, long max) {
    if (value != null && (value.longValue() < min || value.longValue() > max))
      errors.add(new SpecError(field, "OutOfRange", field + " is " + value + "; expected " + min + " to " + max));
  }

  static SpecError missing(String field, String expected) {
    return new SpecError(field, "MissingField", field + " is required: " + expected);
  }

  private static String abbreviate(String s) { return s.length() > 40 ? s.substring(0, 40) + "..." : s; }
}
