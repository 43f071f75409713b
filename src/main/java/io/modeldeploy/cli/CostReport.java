package io.modeldeploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.api.ModelDeploymentSpec;
import io.modeldeploy.catalog.PriceCatalog;
import io.modeldeploy.cost.CostEstimate;
import io.modeldeploy.cost.Quote;
import io.modeldeploy.cost.SubscriptionTimeline;
import io.modeldeploy.validation.SpecValidator;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import io.modeldeploy.autoscaling.CostRange;
import io.modeldeploy.rollout.Rollouts;

/** Prices manifests and prints them as a table with a total line, or as JSON. */
final class CostReport {

  static final String DEFAULT_NAMESPACE = "default";

  /** One priced (or rejected) manifest. */
  record Line(String source, String name, String namespace, String model, String billingMethod, String plan,
      String units, Integer replicas, String currency, CostEstimate estimate, SubscriptionTimeline timeline,
      List<String> errors, Optional<CostRange> range, Optional<Rollouts.WorstCase> rollout) {}

  private CostReport() {}

  /** @param grants the namespaces' ModelGrants, when given: a manifest they do not allow is refused */
  static Line price(Manifest manifest, PriceCatalog catalog, ZonedDateTime orderedAt, ZoneId zone,
      Optional<java.util.Map<String, io.modeldeploy.api.ModelGrant>> grants) {
    ModelDeployment resource = manifest.resource();
    if (resource == null)
      return new Line(manifest.source(), null, null, null, null, null, null, null, null, null, null, manifest.readErrors(),
          Optional.empty(), Optional.empty());
    String name = resource.getMetadata() == null ? null : resource.getMetadata().getName();
    String namespace = Optional.ofNullable(resource.getMetadata()).map(m -> m.getNamespace()).orElse(DEFAULT_NAMESPACE);
    ModelDeploymentSpec spec = resource.getSpec();
    List<String> errors = new ArrayList<>();
    SpecValidator.validateObject(name, spec).forEach(e -> errors.add(e.field() + ": " + e.message()));
    Quote quote = Quote.of(spec, catalog, orderedAt, zone);
    quote.errors().forEach(e -> errors.add(e.toString()));
    if (errors.isEmpty() && grants.isPresent())
      io.modeldeploy.validation.Privileges.check(namespace, spec, Optional.ofNullable(grants.get().get(namespace)))
          .ifPresent(e -> errors.add(e.toString()));
    boolean valid = errors.isEmpty();
    return new Line(manifest.source(), name, namespace, spec == null ? null : spec.getModel(),
        spec == null || spec.getBilling() == null || spec.getBilling().getMethod() == null ? null : spec.getBilling().getMethod().name(),
        spec == null || spec.getBilling() == null ? null : spec.getBilling().effectivePlan().name(),
        spec == null ? null : spec.capacityDisplay(), spec == null || spec.getModelUnit() == null ? null : spec.effectiveReplicas(),
        valid ? catalog.currency() : null, valid ? quote.estimate() : null, valid ? quote.timeline() : null, errors,
        valid ? CostRange.of(spec.getAutoscaling(), quote.offer()) : Optional.empty(),
        valid && spec.getRollout() != null ? Optional.of(Rollouts.worstCase(spec.getRollout(), spec.effectiveReplicas(), quote::hourlyAt))
            : Optional.empty());
  }

  static void printJson(List<Line> lines, PrintStream out) throws Exception {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode array = json.createArrayNode();
    for (Line line : lines) {
      ObjectNode o = array.addObject();
      o.put("name", line.name());
      o.put("namespace", line.namespace());
      o.put("model", line.model());
      o.put("billingMethod", line.billingMethod());
      o.put("plan", line.plan());
      o.put("currency", line.currency());
      o.put("hourly", figure(line, CostEstimate::hourly));
      o.put("daily", figure(line, CostEstimate::daily));
      o.put("monthly", figure(line, CostEstimate::monthly));
      o.put("termTotal", figure(line, CostEstimate::termTotal));
      o.put("hourlyMin", line.range().map(r -> CostEstimate.money(r.hourlyMin())).orElse(null));
      o.put("hourlyMax", line.range().map(r -> CostEstimate.money(r.hourlyMax())).orElse(null));
      line.rollout().ifPresent(r -> o.putObject("rollout")
          .put("timedStepsAtMost", CostEstimate.money(r.timedSteps()))
          .put("perOpenPauseHour", CostEstimate.money(r.perOpenPauseHour()))
          .put("highestHourly", CostEstimate.money(r.highestHourly())));
      if (line.estimate() != null && !line.estimate().capacityPacks().isEmpty()) {
        ArrayNode packs = o.putArray("capacityPacks");
        for (CostEstimate.Part pack : line.estimate().capacityPacks()) {
          ObjectNode p = packs.addObject().put("name", pack.name());
          p.put("hourly", CostEstimate.money(pack.hourly())).put("daily", CostEstimate.money(pack.daily()))
              .put("monthly", CostEstimate.money(pack.monthly())).put("termTotal", CostEstimate.money(pack.termTotal()));
        }
      }
      if (line.timeline() == null) {
        o.putNull("subscription");
      } else {
        ObjectNode s = o.putObject("subscription");
        s.put("expiresAt", SubscriptionTimeline.rfc3339(line.timeline().expiresAt()));
        s.put("stopAt", SubscriptionTimeline.rfc3339(line.timeline().stopAt()));
        s.put("releaseAt", SubscriptionTimeline.rfc3339(line.timeline().releaseAt()));
      }
      ArrayNode errors = o.putArray("errors");
      line.errors().forEach(errors::add);
    }
    out.println(json.writeValueAsString(array));
  }

  static void printTable(List<Line> lines, PrintStream out) {
    String currency = lines.stream().map(Line::currency).filter(c -> c != null).findFirst().orElse("CNY");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "NAMESPACE", "MODEL", "BILLING", "UNITS", "REPLICAS",
        "HOURLY " + currency, "DAILY " + currency, "MONTHLY " + currency, "TERM " + currency});
    BigDecimal[] totals = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
    List<Function<CostEstimate, BigDecimal>> columns =
        List.of(CostEstimate::hourly, CostEstimate::daily, CostEstimate::monthly, CostEstimate::termTotal);
    for (Line line : lines) {
      String[] row = {dash(line.name()), dash(line.namespace()), dash(line.model()),
          line.billingMethod() == null ? "-" : line.billingMethod() + "/" + line.plan(), dash(line.units()),
          line.replicas() == null ? "-" : line.replicas().toString(), "", "", "", ""};
      for (int i = 0; i < columns.size(); i++) {
        BigDecimal value = figure(line, columns.get(i));
        row[6 + i] = line.errors().isEmpty() ? dash(value == null ? null : value.toPlainString()) : "INVALID";
        if (value != null) totals[i] = totals[i].add(value);
      }
      rows.add(row);
      if (line.estimate() == null || !line.errors().isEmpty()) continue;
      // The range the autoscaler may move in; the totals count the replicas the manifest starts with.
      line.range().ifPresent(r -> rows.add(new String[] {"  autoscaling", "", "", "", "", r.minReplicas() + ".." + r.maxReplicas(),
          CostEstimate.money(r.hourlyMin()) + ".." + CostEstimate.money(r.hourlyMax()), "", "", ""}));
      // What a rollout of a new revision with these steps adds beside what runs (not in the totals: it is a one-off).
      line.rollout().ifPresent(r -> rows.add(new String[] {"  rollout, at most", "", "", "", "", "",
          "+" + CostEstimate.money(r.highestHourly()), "", "", CostEstimate.money(r.timedSteps())
              + (r.perOpenPauseHour().signum() > 0 ? " + " + CostEstimate.money(r.perOpenPauseHour()) + "/h paused" : "")}));
      // A capacity pack is a line of its own under its deployment, and counts in the totals.
      for (CostEstimate.Part pack : line.estimate().capacityPacks()) {
        BigDecimal[] figures = {pack.hourly(), pack.daily(), pack.monthly(), pack.termTotal()};
        String[] packRow = {"  + pack " + pack.name(), "", "", "ProvisionedThroughput/Subscription", pack.units(), "", "", "", "", ""};
        for (int i = 0; i < figures.length; i++) {
          BigDecimal value = CostEstimate.money(figures[i]);
          packRow[6 + i] = value.toPlainString();
          totals[i] = totals[i].add(value);
        }
        rows.add(packRow);
      }
    }
    long valid = lines.stream().filter(l -> l.errors().isEmpty()).count();
    rows.add(new String[] {"TOTAL", valid + " of " + lines.size() + " valid", "", "", "", "",
        totals[0].toPlainString(), totals[1].toPlainString(), totals[2].toPlainString(), totals[3].toPlainString()});
    int[] widths = new int[rows.get(0).length];
    rows.forEach(r -> { for (int i = 0; i < r.length; i++) widths[i] = Math.max(widths[i], r[i].length()); });
    for (String[] row : rows) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        boolean number = i >= 5;
        String cell = number ? " ".repeat(widths[i] - row[i].length()) + row[i] : row[i] + " ".repeat(widths[i] - row[i].length());
        text.append(i == 0 ? "" : "  ").append(cell);
      }
      out.println(text.toString().stripTrailing());
    }
    for (Line line : lines)
      for (String error : line.errors())
        out.println("error: " + line.source() + (line.name() == null ? "" : " " + line.name()) + ": " + error);
  }

  private static BigDecimal figure(Line line, Function<CostEstimate, BigDecimal> column) {
    return line.estimate() == null ? null : CostEstimate.money(column.apply(line.estimate()));
  }

  private static String dash(String value) { return value == null ? "-" : value; }
}
