package io.modeldeploy.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.modeldeploy.api.BillingMethod;
import io.modeldeploy.api.BillingPlan;
import io.modeldeploy.api.InferenceMode;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.api.ModelUnit;
import io.modeldeploy.catalog.CatalogFile.ModelUnitModel;
import io.modeldeploy.catalog.CatalogFile.ModelUnitSpec;
import io.modeldeploy.catalog.CatalogFile.PtuModel;
import io.modeldeploy.catalog.CatalogFile.TokenModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What each model offers and at what price; immutable, loaded once. */
public final class PriceCatalog {

  public static final String BUILT_IN = "/catalog/modelstudio-cn-beijing.yaml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final CatalogFile file;
  private final Map<String, PtuModel> ptu;
  private final Map<String, ModelUnitModel> modelUnits;
  private final Map<String, TokenModel> tokens;

  private PriceCatalog(CatalogFile file) {
    this.file = file;
    this.ptu = index(file.provisionedThroughput(), PtuModel::model, "provisionedThroughput");
    this.modelUnits = index(file.modelUnits(), ModelUnitModel::model, "modelUnits");
    this.tokens = index(file.tokens(), TokenModel::model, "tokens");
  }

  /** The vendor's prices shipped in the jar. */
  public static PriceCatalog builtIn() {
    try (InputStream in = PriceCatalog.class.getResourceAsStream(BUILT_IN)) {
      return parse(in, "built-in catalog " + BUILT_IN);
    } catch (IOException e) {
      throw new CatalogException("cannot read built-in catalog " + BUILT_IN, e);
    }
  }

  /** A catalog file that replaces the built-in one (e.g. a platform team's internal GPU rates). */
  public static PriceCatalog load(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      return parse(in, "catalog file " + path);
    } catch (IOException e) {
      throw new CatalogException("cannot read catalog file " + path + ": " + e.getMessage(), e);
    }
  }

  private static PriceCatalog parse(InputStream in, String source) throws IOException {
    if (in == null) throw new CatalogException(source + " not found");
    CatalogFile file;
    try {
      file = YAML.readValue(in, CatalogFile.class);
    } catch (IOException e) {
      throw new CatalogException(source + " is not a valid catalog: " + e.getMessage(), e);
    }
    if (file == null || file.version() == null || file.version().isBlank())
      throw new CatalogException(source + ": 'version' is required");
    if (file.currency() == null || file.currency().isBlank())
      throw new CatalogException(source + ": 'currency' is required");
    return new PriceCatalog(file);
  }

  private static <T> Map<String, T> index(List<T> rows, Function<T, String> key, String table) {
    Map<String, T> byCode = new LinkedHashMap<>();
    for (T row : rows == null ? List.<T>of() : rows) {
      String code = key.apply(row);
      if (code == null || code.isBlank()) throw new CatalogException(table + ": a row has no model code");
      if (byCode.put(code, row) != null) throw new CatalogException(table + ": model " + code + " is listed twice");
    }
    return Map.copyOf(byCode);
  }

  public String version() { return file.version(); }
  public String currency() { return file.currency(); }
  public CatalogFile file() { return file; }
  public Optional<PtuModel> provisionedThroughput(String code) { return Optional.ofNullable(ptu.get(code)); }
  public Optional<ModelUnitModel> modelUnits(String code) { return Optional.ofNullable(modelUnits.get(code)); }
  public Optional<TokenModel> tokens(String code) { return Optional.ofNullable(tokens.get(code)); }

  public boolean knows(String code) {
    return ptu.containsKey(code) || modelUnits.containsKey(code) || tokens.containsKey(code);
  }

  /** Methods the catalog offers for a model, in the API's order. */
  public List<BillingMethod> methodsFor(String code) {
    List<BillingMethod> methods = new ArrayList<>();
    if (ptu.containsKey(code)) methods.add(BillingMethod.ProvisionedThroughput);
    if (modelUnits.containsKey(code)) methods.add(BillingMethod.ModelUnit);
    if (tokens.containsKey(code)) methods.add(BillingMethod.TokenUsage);
    return methods;
  }

  /** Largest context a model accepts: its row's maximum input tokens, else the catalog default. */
  public int maxContextTokens(String code) {
    Integer fromPtu = Optional.ofNullable(ptu.get(code)).map(PtuModel::maxInputTokens).orElse(null);
    if (fromPtu != null) return fromPtu;
    Integer fromMu = Optional.ofNullable(modelUnits.get(code)).map(ModelUnitModel::maxInputTokens).orElse(null);
    if (fromMu != null) return fromMu;
    return file.defaults() != null && file.defaults().maxContextTokens() != null ? file.defaults().maxContextTokens() : 262144;
  }

  /** The nearest known model codes, for "did you mean" messages. */
  public List<String> suggest(String code, int howMany) {
    TreeSet<String> all = new TreeSet<>(ptu.keySet());
    all.addAll(modelUnits.keySet());
    all.addAll(tokens.keySet());
    String wanted = code == null ? "" : code.toLowerCase();
    return all.stream()
        .sorted(Comparator.comparingInt((String c) -> editDistance(wanted, c.toLowerCase())).thenComparing(c -> c))
        .limit(howMany)
        .toList();
  }

  /**
   * The catalog rows a spec is priced from, or the first reason it is not offered. Assumes the
   * spec is structurally valid (see SpecValidator).
   */
  public Offer offerFor(ModelDeploymentSpec spec) {
    BillingMethod method = spec.getBilling().getMethod();
    String priced = spec.pricedModel();
    String pricedField = spec.getBaseModel() != null ? "spec.baseModel" : "spec.model";
    Offer offer = switch (method) {
      case ModelUnit -> modelUnitOffer(spec, priced, pricedField);
      case ProvisionedThroughput -> ptuOffer(spec, priced, pricedField);
      case TokenUsage -> tokenOffer(spec, priced);
    };
    checkContext(spec, priced);
    return offer;
  }

  private Offer modelUnitOffer(ModelDeploymentSpec spec, String priced, String field) {
    ModelUnitModel model = modelUnits.get(priced);
    if (model == null) throw notOffered(priced, field, BillingMethod.ModelUnit);
    ModelUnit wanted = spec.getModelUnit();
    List<ModelUnitSpec> sameSize = model.specs().stream()
        .filter(s -> s.type().equals(wanted.getType()) && Objects.equals(s.count(), wanted.getCount()))
        .toList();
    Optional<ModelUnitSpec> exact = sameSize.stream().filter(s -> s.effectiveMode() == wanted.effectiveMode()).findFirst();
    if (exact.isEmpty()) {
      String offered = model.specs().stream().map(ModelUnitSpec::display).collect(Collectors.joining(", "));
      if (!sameSize.isEmpty())
        throw new OfferException("spec.modelUnit.mode", "PDModeNotOffered",
            priced + " offers " + wanted.getType() + " x " + wanted.getCount() + " only in " + sameSize.get(0).effectiveMode()
                + " mode, not " + wanted.effectiveMode() + "; it offers " + offered);
      throw new OfferException("spec.modelUnit", "UnitSpecNotOffered",
          priced + " does not offer " + wanted.display() + "; it offers " + offered);
    }
    checkInferenceMode(spec.getInferenceMode(), priced, model.inferenceModes());
    return new Offer.ModelUnitOffer(model, exact.get());
  }

  private Offer ptuOffer(ModelDeploymentSpec spec, String priced, String field) {
    if (spec.getBaseModel() != null && !spec.getBaseModel().equals(spec.getModel()))
      throw new OfferException("spec.billing.method", "MethodNotOffered",
          "ProvisionedThroughput is only offered for preset models, not for fine-tuned model " + spec.getModel()
              + "; deploy it with ModelUnit or TokenUsage");
    PtuModel model = ptu.get(priced);
    if (model == null) throw notOffered(priced, field, BillingMethod.ProvisionedThroughput);
    Long thinking = spec.getProvisionedThroughput().getThinkingOutputTPM();
    boolean payAsYouGo = spec.getBilling().effectivePlan() == BillingPlan.PayAsYouGo;
    CatalogFile.ReservationPrices prices = payAsYouGo ? model.payAsYouGo() : model.provisioned();
    if (thinking != null && thinking > 0 && prices.thinkingOutputPer1KTPM() == null)
      throw new OfferException("spec.provisionedThroughput.thinkingOutputTPM", "ThinkingOutputNotPriced",
          "catalog " + version() + " has no " + (payAsYouGo ? "hourly" : "daily") + " thinking-output TPM price for " + priced
              + "; set thinkingOutputTPM to 0 or use a catalog that prices it");
    return new Offer.ProvisionedThroughputOffer(model);
  }

  private Offer tokenOffer(ModelDeploymentSpec spec, String base) {
    String model = spec.getModel();
    if (model.equals(base) || knows(model))
      throw new OfferException("spec.model", "NotFineTuned",
          "TokenUsage is only for models fine-tuned from a foundation model, but spec.model " + model
              + " is a preset model; set spec.model to your fine-tuned model's code, or deploy "
              + model + " with " + describe(methodsFor(model).stream().filter(m -> m != BillingMethod.TokenUsage).toList()));
    TokenModel prices = tokens.get(base);
    if (prices == null) throw notOffered(base, "spec.baseModel", BillingMethod.TokenUsage);
    if (spec.getInferenceMode() == InferenceMode.Thinking && prices.thinkingOutput() == null)
      throw new OfferException("spec.inferenceMode", "InferenceModeNotOffered",
          base + " has no thinking-mode token price; it offers Instruct");
    return new Offer.TokenUsageOffer(prices);
  }

  private void checkInferenceMode(InferenceMode wanted, String code, List<InferenceMode> offered) {
    if (wanted == null || offered == null || offered.contains(wanted)) return;
    throw new OfferException("spec.inferenceMode", "InferenceModeNotOffered",
        code + " does not offer inference mode " + wanted + "; "
            + (offered.isEmpty() ? "it has no inference mode to choose, leave the field unset" : "it offers " + offered));
  }

  private void checkContext(ModelDeploymentSpec spec, String code) {
    Integer wanted = spec.getMaxContextTokens();
    int max = maxContextTokens(code);
    if (wanted != null && wanted > max)
      throw new OfferException("spec.maxContextTokens", "ContextTooLong",
          "spec.maxContextTokens " + wanted + " is above the maximum input tokens of " + code + " (" + max + ")");
  }

  private OfferException notOffered(String code, String field, BillingMethod method) {
    List<BillingMethod> methods = methodsFor(code);
    if (methods.isEmpty())
      return new OfferException(field, "UnknownModel", "unknown model " + code + " in catalog " + version()
          + "; nearest codes: " + String.join(", ", suggest(code, 3))
          + (field.equals("spec.model") ? " (for a fine-tuned model, set spec.baseModel to the model it was tuned from)" : ""));
    String hint = method == BillingMethod.TokenUsage
        ? "; TokenUsage is offered for models fine-tuned from " + String.join(", ", tokens.keySet().stream().sorted().toList())
        : "";
    return new OfferException("spec.billing.method", "MethodNotOffered",
        code + " is not offered with " + method + "; it is offered with " + describe(methods) + hint);
  }

  private static String describe(List<BillingMethod> methods) {
    return methods.isEmpty() ? "no method" : methods.stream().map(Enum::name).collect(Collectors.joining(" or "));
  }

  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) previous[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous; previous = current; current = swap;
    }
    return previous[b.length()];
  }
}
