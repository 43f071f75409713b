package io.modeldeploy.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modeldeploy.api.ModelUnitMode;
import io.modeldeploy.catalog.CatalogFile.ModelUnitSpec;
import io.modeldeploy.catalog.PriceCatalog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stateful stand-in for Model Studio's deployments API, for tests and the demo only (never the
 * operator in production): same endpoints and JSON envelopes, a status per deployment that moves
 * with time (PENDING -> RUNNING, UPDATING -> RUNNING, DELETING -> gone), the capacity rule
 * (multiples of the template's units per replica, taken from the price catalog), Conflict on a
 * reused suffix, and faults to inject. Listens on loopback only.
 */
public final class ModelStudioSimulator implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long the vendor takes; short in tests. */
  public record Timing(Duration deploy, Duration update, Duration delete) {
    public static Timing quick() { return new Timing(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(200)); }
  }

  private final String apiKey;
  private final Timing timing;
  private final PriceCatalog catalog = PriceCatalog.builtIn();
  private final HttpServer server;
  private final Map<String, Remote> deployments = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  // Faults
  private final AtomicInteger throttleNext = new AtomicInteger();
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicInteger loseNextCreateAnswer = new AtomicInteger();
  private final AtomicReference<String> nextCreateEndsIn = new AtomicReference<>();
  private final AtomicReference<String> nextUpdateEndsIn = new AtomicReference<>();
  private final AtomicReference<Duration> slowness = new AtomicReference<>(Duration.ZERO);
  private final Map<String, String> deniedModels = new ConcurrentHashMap<>();
  private final java.util.Random flakyDraws = new java.util.Random(11);
  private volatile double flakyRate;
  private volatile Duration flakyHang = Duration.ZERO;

  /** One deployment and where it is heading. */
  static final class Remote {
    final ObjectNode body;
    String status;
    String next;
    Instant nextAt;

    Remote(ObjectNode body, String status) {
      this.body = body;
      this.status = status;
    }

    void moveTo(String status, String next, Duration after) {
      this.status = status;
      this.next = next;
      this.nextAt = next == null ? null : Instant.now().plus(after);
    }
  }

  /** When a deployment is bought, as gmt_create says; a test's movable clock may stand in for the real one. */
  private volatile java.util.function.Supplier<Instant> purchaseClock = Instant::now;

  public void purchaseClock(java.util.function.Supplier<Instant> clock) { this.purchaseClock = clock; }

  /** The vendor's timestamps carry no zone: Beijing local time. */
  static String vendorTime(Instant t) {
    return java.time.LocalDateTime.ofInstant(t, java.time.ZoneId.of("Asia/Shanghai"))
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  public ModelStudioSimulator(String apiKey, Timing timing) throws IOException { this(apiKey, timing, 0); }

  /** On 127.0.0.1 only; port 0 picks a free one. */
  public ModelStudioSimulator(String apiKey, Timing timing, int port) throws IOException {
    this.apiKey = apiKey;
    this.timing = timing;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/api/v1/deployments", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  public String baseUrl() { return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1"; }

  // --- faults and inspection, for tests and the demo ---

  /** The next n requests answer 429 Throttling.RateQuota. */
  public void throttleNext(int n) { throttleNext.set(n); }

  /** The next n requests answer 500. */
  public void failNext(int n) { failNext.set(n); }

  /** The next create is carried out but its answer is a 500 (as if the connection dropped). */
  public void loseNextCreateAnswer() { loseNextCreateAnswer.set(1); }

  /** The next deployment created ends FAILED instead of RUNNING. */
  public void failNextDeployment(String reason) { nextCreateEndsIn.set(reason); }

  /** The next scale ends UPDATING_FAILED. */
  public void failNextUpdate(String reason) { nextUpdateEndsIn.set(reason); }

  /** Every answer waits this long. */
  public void slow(Duration delay) { slowness.set(delay); }

  /**
   * From now on this share of requests (0 stops it) goes wrong at random, in equal parts: 429, 500,
   * or an answer that comes only after {@code hang}, past the client's timeout, so that the client
   * sees a timeout for a request that was carried out. Seeded, so a failing run can be replayed.
   */
  public void flaky(double rate, Duration hang) {
    flakyHang = hang;
    flakyRate = rate;
  }

  /** The workspace may not deploy this model. */
  public void deny(String model) { deniedModels.put(model, model); }

  /** The account is overdue: the vendor takes the deployment down. */
  public void arrearsDown(String deployedModel) { remote(deployedModel).moveTo("ARREARS_DOWN", null, Duration.ZERO); }

  /** The debt is paid: the vendor restores the deployment. */
  public void arrearsRecover(String deployedModel, Duration takes) { remote(deployedModel).moveTo("ARREARS_RECOVERING", "RUNNING", takes); }

  /** Someone deletes the deployment in the console. */
  public void deleteBehindTheOperatorsBack(String deployedModel) { deployments.remove(deployedModel); }

  public List<JsonNode> deployments() {
    advance();
    return deployments.values().stream().map(r -> (JsonNode) view(r)).toList();
  }

  public Optional<JsonNode> deployment(String deployedModel) {
    advance();
    return Optional.ofNullable(deployments.get(deployedModel)).map(this::view);
  }

  /** Requests by "METHOD kind" (kind: create, get, list, scale, update, delete). */
  public Map<String, Integer> requestCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    requests.forEach((k, v) -> counts.put(k, v.get()));
    return counts;
  }

  public int requests(String kind) { return requests.getOrDefault(kind, new AtomicInteger()).get(); }

  @Override
  public void close() { server.stop(0); }

  // --- the API ---

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Duration delay = slowness.get();
      if (!delay.isZero()) sleep(delay);
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath().substring("/api/v1/deployments".length());
      String[] parts = path.isEmpty() ? new String[0] : path.substring(1).split("/");
      String kind = method.equals("POST") ? "create" : method.equals("DELETE") ? "delete"
          : parts.length == 0 ? "list" : parts.length == 1 ? "get" : parts[1].equals("scale") ? "scale" : "update";
      requests.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
      if (!("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        error(exchange, 401, "InvalidApiKey", "Invalid API-key provided.");
        return;
      }
      if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(exchange, 429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
        return;
      }
      int flaky = flakyDraw();
      if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || flaky == 1) {
        error(exchange, 500, "InternalError", "An internal error has occured, please try again later.");
        return;
      }
      if (flaky == 0) {
        error(exchange, 429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
        return;
      }
      if (flaky == 2) sleep(flakyHang);
      advance();
      byte[] raw = exchange.getRequestBody().readAllBytes();
      JsonNode body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
      switch (kind) {
        case "create" -> create(exchange, body);
        case "list" -> list(exchange);
        case "get" -> get(exchange, parts[0]);
        case "scale" -> scale(exchange, parts[0], body);
        case "update" -> update(exchange, parts[0], body, parts[1]);
        case "delete" -> delete(exchange, parts[0]);
        default -> error(exchange, 404, "NotFound", "no such operation");
      }
    } catch (RuntimeException e) {
      // Test double: a bug here shows as a 500 the operator must survive.
      error(exchange, 500, "SimulatorError", String.valueOf(e));
    }
  }

  /** -1: no fault; 0: throttled, 1: failing, 2: hanging. */
  private int flakyDraw() {
    synchronized (flakyDraws) {
      return flakyDraws.nextDouble() < flakyRate ? flakyDraws.nextInt(3) : -1;
    }
  }

  private void create(HttpExchange exchange, JsonNode request) throws IOException {
    String model = request.path("model_name").asText();
    if (model.isEmpty()) { error(exchange, 400, "InvalidParameter", "model_name is required"); return; }
    if (deniedModels.containsKey(model)) {
      error(exchange, 403, "AccessDenied", "Workspace ws-sim does not have deployment privilege for model " + model + ".");
      return;
    }
    String plan = request.path("plan").asText("mu");
    String suffix = request.path("suffix").asText("");
    String id = suffix.isEmpty() ? model : model + "-" + suffix;
    if (deployments.containsKey(id)) {
      error(exchange, 409, "Conflict", "Deployed model " + id + " already exists, please specify a suffix.");
      return;
    }
    ObjectNode d = JSON.createObjectNode();
    d.put("deployed_model", id).put("name", request.path("name").asText(id)).put("model_name", model)
        .put("base_model", model).put("plan", plan).put("workspace_id", "ws-sim").put("charge_type", "POST_PAY")
        .put("gmt_create", vendorTime(purchaseClock.get()));
    if (plan.equals("mu")) {
      String template = request.path("deploy_spec").asText();
      boolean pd = template.endsWith("-PD");
      String type = pd ? template.substring(0, template.length() - 3) : template;
      Optional<ModelUnitSpec> spec = catalog.modelUnits(baseModel(model)).flatMap(m -> m.specs().stream()
          .filter(s -> s.type().equals(type) && (s.effectiveMode() == ModelUnitMode.PDSeparated) == pd).findFirst());
      if (spec.isEmpty()) { error(exchange, 400, "InvalidParameter", "Model " + model + " is not deployable with template " + template + "."); return; }
      int base = spec.get().count();
      int capacity = request.path("capacity").asInt();
      if (capacity <= 0 || capacity % base != 0) {
        error(exchange, 400, "InvalidParameter", "capacity " + capacity + " must be a positive multiple of " + base + " for " + template + ".");
        return;
      }
      d.put("model_unit_spec", template).put("base_capacity", base).put("capacity", capacity).put("ready_capacity", 0);
      if (request.has("rpm_limit")) d.put("rpm_limit", request.get("rpm_limit").asLong());
      if (request.has("tpm_limit")) d.put("tpm_limit", request.get("tpm_limit").asLong());
      if (request.has("enable_thinking")) d.put("enable_thinking", request.get("enable_thinking").asBoolean());
      if (request.has("max_context_length")) d.put("max_context_length", request.get("max_context_length").asInt());
    } else if (plan.equals("ptu")) {
      d.set("ptu_capacity", request.has("ptu_capacity") ? request.get("ptu_capacity")
          : JSON.createObjectNode().put("input_tpm", 10000).put("output_tpm", 1000).put("thinking_output_tpm", 0));
      d.put("overflow_strategy", "enable").put("base_capacity", 1).put("capacity", 1).put("ready_capacity", 0);
    } else {
      d.put("base_capacity", 1).put("capacity", 1).put("ready_capacity", 0);
    }
    Remote remote = new Remote(d, "PENDING");
    String failure = nextCreateEndsIn.getAndSet(null);
    if (failure != null) d.put("fail_reason", failure);
    remote.moveTo("PENDING", failure != null ? "FAILED" : "RUNNING", timing.deploy());
    deployments.put(id, remote);
    if (loseNextCreateAnswer.getAndSet(0) > 0) { error(exchange, 500, "InternalError", "connection reset"); return; }
    ok(exchange, view(remote));
  }

  /** A fine-tuned model is named after its base (the vendor's own example: qwen3-14b-xxx-xxx): the longest catalog code it starts with. */
  private String baseModel(String model) {
    return catalog.file().modelUnits().stream().map(m -> m.model())
        .filter(code -> model.equals(code) || model.startsWith(code + "-"))
        .max(java.util.Comparator.comparingInt(String::length)).orElse(model);
  }

  private void list(HttpExchange exchange) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    deployments.values().forEach(r -> all.add(view(r)));
    ObjectNode output = JSON.createObjectNode().put("page_no", 1).put("page_size", 50).put("total", all.size());
    output.putArray("deployments").addAll(all);
    ok(exchange, output);
  }

  private void get(HttpExchange exchange, String id) throws IOException {
    Remote r = deployments.get(id);
    if (r == null) error(exchange, 404, "NotFound", "Deployment " + id + " not found.");
    else ok(exchange, view(r));
  }

  private void scale(HttpExchange exchange, String id, JsonNode request) throws IOException {
    Remote r = deployments.get(id);
    if (r == null) { error(exchange, 404, "NotFound", "Deployment " + id + " not found."); return; }
    if (!r.status.equals("RUNNING")) { error(exchange, 400, "InvalidParameter", "Deployment " + id + " is " + r.status + " and cannot be scaled."); return; }
    if (request.has("capacity")) {
      int base = r.body.path("base_capacity").asInt(1);
      int capacity = request.get("capacity").asInt();
      if (capacity <= 0 || capacity % base != 0) {
        error(exchange, 400, "InvalidParameter", "capacity " + capacity + " must be a positive multiple of " + base + ".");
        return;
      }
      r.body.put("previous_capacity", r.body.path("capacity").asInt()).put("capacity", capacity);
    }
    if (request.has("ptu_capacity")) r.body.set("ptu_capacity", request.get("ptu_capacity"));
    String failure = nextUpdateEndsIn.getAndSet(null);
    if (failure != null) r.body.put("fail_reason", failure);
    r.moveTo("UPDATING", failure != null ? "UPDATING_FAILED" : "RUNNING", timing.update());
    ok(exchange, view(r));
  }

  private void update(HttpExchange exchange, String id, JsonNode request, String what) throws IOException {
    Remote r = deployments.get(id);
    if (r == null) { error(exchange, 404, "NotFound", "Deployment " + id + " not found."); return; }
    if (what.equals("update-overflowstrategy")) r.body.put("overflow_strategy", request.path("overflow_strategy").asText());
    else {
      if (request.has("rpm_limit")) r.body.put("rpm_limit", request.get("rpm_limit").asLong());
      if (request.has("tpm_limit")) r.body.put("tpm_limit", request.get("tpm_limit").asLong());
    }
    ok(exchange, view(r));
  }

  private void delete(HttpExchange exchange, String id) throws IOException {
    Remote r = deployments.get(id);
    if (r == null) { error(exchange, 404, "NotFound", "Deployment " + id + " not found."); return; }
    r.moveTo("DELETING", "DELETED", timing.delete());
    ok(exchange, view(r));
  }

  // --- state ---

  private synchronized void advance() {
    Instant now = Instant.now();
    for (var entry : List.copyOf(deployments.entrySet())) {
      Remote r = entry.getValue();
      if (r.next == null || now.isBefore(r.nextAt)) continue;
      if (r.next.equals("DELETED")) { deployments.remove(entry.getKey()); continue; }
      if (r.next.equals("UPDATING_FAILED")) r.body.put("capacity", r.body.path("previous_capacity").asInt());
      r.moveTo(r.next, null, Duration.ZERO);
    }
  }

  private ObjectNode view(Remote r) {
    ObjectNode v = r.body.deepCopy();
    v.remove("previous_capacity");
    v.put("status", r.status);
    int capacity = v.path("capacity").asInt(0);
    int previous = r.body.path("previous_capacity").asInt(capacity);
    v.put("ready_capacity", switch (r.status) {
      case "RUNNING", "UPDATING_FAILED" -> capacity;
      case "UPDATING" -> Math.min(previous, capacity);
      default -> 0;
    });
    v.put("gmt_modified", vendorTime(Instant.now()));
    return v;
  }

  private Remote remote(String id) {
    Remote r = deployments.get(id);
    if (r == null) throw new IllegalArgumentException("no deployment " + id + "; have " + deployments.keySet());
    return r;
  }

  private static void ok(HttpExchange exchange, JsonNode output) throws IOException {
    ObjectNode body = JSON.createObjectNode().put("request_id", java.util.UUID.randomUUID().toString());
    body.set("output", output);
    send(exchange, 200, body);
  }

  private static void error(HttpExchange exchange, int status, String code, String message) {
    try {
      send(exchange, status, JSON.createObjectNode().put("request_id", java.util.UUID.randomUUID().toString())
          .put("code", code).put("message", message));
    } catch (IOException ignored) {
      // the client went away; nothing to tell it
    }
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The injected latency of a slow vendor: this is what is simulated, not a wait for a condition. */
  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** For make cluster-up: the simulator on a given port with a given API key, until the process is stopped. */
  public static void main(String[] args) throws IOException {
    ModelStudioSimulator simulator = new ModelStudioSimulator(args[1], Timing.quick(), Integer.parseInt(args[0]));
    System.out.println("ModelStudio simulator at " + simulator.baseUrl());
  }
}
