package io.modeldeploy.validation;

import static io.modeldeploy.testing.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.modeldeploy.catalog.Offer;
import io.modeldeploy.catalog.PriceCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input: each case names the field, a stable reason, and what is offered. */
class SpecValidatorTest {

  static final PriceCatalog CATALOG = PriceCatalog.builtIn();

  @ParameterizedTest(name = "{1}: {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      # spec (YAML flow) | field | reason | message fragment
      {model: qwen3-8x, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}} | spec.model | UnknownModel | unknown model qwen3-8x in catalog modelstudio-cn-beijing-2026-05; nearest codes: qwen3-8b
      {model: my-ft, baseModel: qwen9, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}} | spec.baseModel | UnknownModel | unknown model qwen9
      {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 8}} | spec.modelUnit | UnitSpecNotOffered | qwen3-8b does not offer MU1 x 8; it offers MU1 x 2, MU2 x 2, MU5 x 1
      {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU9, count: 1}} | spec.modelUnit | UnitSpecNotOffered | it offers MU1 x 2, MU2 x 2, MU5 x 1
      {model: qwen3.7-max-2026-05-20, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 8}} | spec.billing.method | MethodNotOffered | qwen3.7-max-2026-05-20 is not offered with ModelUnit; it is offered with ProvisionedThroughput
      {model: qwen3-8b, billing: {method: ProvisionedThroughput}, provisionedThroughput: {inputTPM: 10000, outputTPM: 1000}} | spec.billing.method | MethodNotOffered | qwen3-8b is not offered with ProvisionedThroughput; it is offered with ModelUnit or TokenUsage
      {model: my-ft, baseModel: deepseek-v3, billing: {method: TokenUsage}} | spec.billing.method | MethodNotOffered | TokenUsage is offered for models fine-tuned from qwen2.5-14b-instruct
      {model: my-ft, baseModel: qwen3-max-2025-09-23, billing: {method: ProvisionedThroughput}, provisionedThroughput: {inputTPM: 10000, outputTPM: 1000}} | spec.billing.method | MethodNotOffered | ProvisionedThroughput is only offered for preset models
      {model: glm-5, billing: {method: ModelUnit}, modelUnit: {type: MU3, count: 16}} | spec.modelUnit.mode | PDModeNotOffered | glm-5 offers MU3 x 16 only in PDSeparated mode, not Standard
      {model: qwen3.6-plus-2026-04-02, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 8, mode: PDSeparated}} | spec.modelUnit.mode | PDModeNotOffered | offers MU1 x 8 only in Standard mode, not PDSeparated; it offers MU1 x 8, MU1 x 16 (PDSeparated)
      {model: qwen3-8b, billing: {method: TokenUsage}} | spec.baseModel | MissingField | spec.baseModel is required when spec.billing.method is TokenUsage
      {model: qwen3-8b, baseModel: qwen3-8b, billing: {method: TokenUsage}} | spec.model | NotFineTuned | spec.model qwen3-8b is a preset model; set spec.model to your fine-tuned model's code, or deploy qwen3-8b with ModelUnit
      {model: qwen3-8b, billing: {method: ModelUnit}} | spec.modelUnit | MissingField | spec.modelUnit is required when spec.billing.method is ModelUnit, e.g. {type: MU1, count: 2}
      {model: qwen3-max-2025-09-23, billing: {method: ProvisionedThroughput}} | spec.provisionedThroughput | MissingField | spec.provisionedThroughput is required when spec.billing.method is ProvisionedThroughput
      {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}, provisionedThroughput: {inputTPM: 1, outputTPM: 1}} | spec.provisionedThroughput | ForbiddenField | only allowed when spec.billing.method is ProvisionedThroughput
      {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}, replicas: -1} | spec.replicas | OutOfRange | spec.replicas is -1; expected 0 to 1000
      {model: qwen3-8b, billing: {method: ModelUnit, plan: Subscription}, modelUnit: {type: MU1, count: 2}} | spec.billing.subscription | MissingField | spec.billing.subscription is required when spec.billing.plan is Subscription
      {model: qwen3-8b, billing: {method: ModelUnit, plan: Subscription, subscription: {autoRenew: true}}, modelUnit: {type: MU1, count: 2}} | spec.billing.subscription.periods | MissingField | the term length
      {model: qwen3-8b, billing: {method: ModelUnit, plan: Subscription, subscription: {periods: 0}}, modelUnit: {type: MU1, count: 2}} | spec.billing.subscription.periods | OutOfRange | expected 1 to 365
      {model: qwen3-8b, billing: {method: ModelUnit, subscription: {periods: 3}}, modelUnit: {type: MU1, count: 2}} | spec.billing.subscription | ForbiddenField | only allowed when spec.billing.plan is Subscription
      {model: my-ft, baseModel: qwen3-8b, billing: {method: TokenUsage, plan: Subscription, subscription: {periods: 3}}} | spec.billing.plan | InvalidCombination | must be PayAsYouGo for TokenUsage
      {model: deepseek-v3.2, billing: {method: ProvisionedThroughput}, provisionedThroughput: {inputTPM: 10000, outputTPM: 1000}, maxContextTokens: 128000} | spec.maxContextTokens | ContextTooLong | spec.maxContextTokens 128000 is above the maximum input tokens of deepseek-v3.2 (64000)
      {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}, maxContextTokens: 300000} | spec.maxContextTokens | ContextTooLong | (262144)
      {model: qwen3-embedding-0.6b, billing: {method: ModelUnit}, modelUnit: {type: MU5, count: 1}, inferenceMode: Thinking} | spec.inferenceMode | InferenceModeNotOffered | it has no inference mode to choose
      {model: qwen3-vl-235b-a22b-thinking, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 4}, inferenceMode: Instruct} | spec.inferenceMode | InferenceModeNotOffered | it offers [Thinking]
      {model: my-ft, baseModel: qwen2.5-7b-instruct, billing: {method: TokenUsage}, inferenceMode: Thinking} | spec.inferenceMode | InferenceModeNotOffered | qwen2.5-7b-instruct has no thinking-mode token price
      {model: glm-5.1, billing: {method: ProvisionedThroughput}, provisionedThroughput: {inputTPM: 10000, outputTPM: 1000, thinkingOutputTPM: 500}} | spec.provisionedThroughput.thinkingOutputTPM | ThinkingOutputNotPriced | has no hourly thinking-output TPM price for glm-5.1
      {model: 'bad model!', billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}} | spec.model | InvalidValue | 'bad model!' is not a model code
      {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: GPU1, count: 2}} | spec.modelUnit.type | InvalidValue | expected MU followed by a number
      {model: qwen3-8b, billing: {}} | spec.billing.method | MissingField | method: ProvisionedThroughput, ModelUnit or TokenUsage
      {billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}} | spec.model | MissingField | spec.model is required
      """)
  void rejectsWithASpecificError(String yaml, String field, String reason, String fragment) {
    ValidationResult result = SpecValidator.validate(spec(yaml), CATALOG);
    assertThat(result.isValid()).isFalse();
    assertThat(result.errors()).anySatisfy(e -> {
      assertThat(e.field()).isEqualTo(field);
      assertThat(e.reason()).isEqualTo(reason);
      assertThat(e.message()).contains(fragment);
    });
  }

  @Test
  void reportsEveryStructuralErrorAtOnce() {
    ValidationResult result = SpecValidator.validate(
        spec("{model: qwen3-8b, billing: {method: ModelUnit, plan: Subscription}, replicas: 2000}"), CATALOG);
    assertThat(result.errors()).extracting(SpecError::field)
        .containsExactlyInAnyOrder("spec.replicas", "spec.modelUnit", "spec.billing.subscription");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}} | ModelUnitOffer
      {model: my-ft, baseModel: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU5, count: 1}} | ModelUnitOffer
      {model: qwen3-max-2025-09-23, billing: {method: ProvisionedThroughput, plan: Subscription, subscription: {periods: 3}}, provisionedThroughput: {inputTPM: 10000, outputTPM: 1000}} | ProvisionedThroughputOffer
      {model: my-ft, baseModel: qwen3-8b, billing: {method: TokenUsage}, inferenceMode: Thinking} | TokenUsageOffer
      {model: MiniMax-M2.5, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 16, mode: PDSeparated}} | ModelUnitOffer
      """)
  void acceptsWhatTheCatalogOffers(String yaml, String offerType) {
    ValidationResult result = SpecValidator.validate(spec(yaml), CATALOG);
    assertThat(result.errors()).isEmpty();
    assertThat(result.offer()).isInstanceOf(Offer.class);
    assertThat(result.offer().getClass().getSimpleName()).isEqualTo(offerType);
  }

  @Test
  void aMissingSpecIsAnError() {
    assertThat(SpecValidator.validate(null, CATALOG).errors()).extracting(SpecError::field).containsExactly("spec");
  }

  /**
   * Regression: a value this operator version does not know (a newer CRD) failed the whole object in
   * the informer. It is read as absent and named, read as the informer reads it.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      # manifest spec                                                                              | field                 | value
      {model: qwen3-8b, billing: {method: Hourly}, modelUnit: {type: MU1, count: 2}}                | spec.billing.method   | Hourly
      {model: qwen3-8b, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2, mode: Split}} | spec.modelUnit.mode   | Split
      {model: qwen3-8b, provider: Moon, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}} | spec.provider       | Moon
      """)
  void anUnknownEnumValueIsReadLenientlyAndNamed(String spec, String field, String value) {
    var serialization = new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
    var md = serialization.unmarshal("apiVersion: modeldeploy.io/v1alpha1\nkind: ModelDeployment\nmetadata: {name: x}\nspec: " + spec,
        io.modeldeploy.api.ModelDeployment.class);
    ValidationResult result = SpecValidator.validate(md.getSpec(), CATALOG);
    assertThat(result.errors()).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo(field);
      assertThat(e.reason()).isEqualTo("UnknownValue");
      assertThat(e.message()).startsWith("'" + value + "' is not one of [").contains("needs a newer operator");
    });
  }
}
