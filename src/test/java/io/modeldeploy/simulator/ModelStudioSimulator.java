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
 * (multiples of the template's units per replica, taken from the price catalog, below 1000;
 * prefill and decode capacities for PD-separated templates), Conflict on a reused suffix (also one whose
 * deployment was deleted), faults to inject, and the TPM reservation API for provisioned throughput: {@code charge_type} required,
 * kTPM, prepaid terms ({@code pre_paid_info}, WAIT_PRE_PAID_BILLING_TO_DEPLOYING, the expiry by the
 * seed's rules, renew, no deletion of a term that is still effective) and idempotency keys (the same
 * {@code x-acs-req-uuid} replays the first answer; with other parameters it is a 409). Listens on
 * loopback only.
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
  /** Writes by idempotency key: the request's body and the answer given. */
  private final Map<String, Replay> replays = new ConcurrentHashMap<>();
  private final List<String> writesWithoutKey = java.util.Collections.synchronizedList(new ArrayList<>());

  private record Replay(String request, int status, JsonNode answer) {}

  // Faults
  private final AtomicInteger throttleNext = new AtomicInteger();
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicInteger loseNextCreateAnswer = new AtomicInteger();
  private final AtomicInteger loseNextScaleAnswer = new AtomicInteger();
  private static final Duration LOST_ANSWER_CONFIRMS_AFTER = Duration.ofSeconds(5);
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
    /** Provisioned throughput being changed: the old capacity stays effective (and shown) until then. */
    JsonNode pendingPtu;
    Instant pendingPtuAt;
    /** The pending change ends FAILED (its operation says so) and the old capacity stays. */
    boolean pendingPtuFails;
    /** Provisioned throughput: capacity packs bought on the model code, and whether its own (first) instance was released. */
    final Map<String, Instance> packs = new LinkedHashMap<>();
    boolean baseReleased;

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

  /** A capacity pack: a prepaid capacity instance bought on an existing model code. */
  static final class Instance {
    final String id;
    final ObjectNode capacity;
    final ObjectNode prePaidInfo;
    final Instant created;
    String status = "WAIT_PRE_PAID_BILLING_TO_DEPLOYING";
    Instant runningAt;
    String gmtExpired;

    Instance(String id, ObjectNode capacity, ObjectNode prePaidInfo, Instant created) {
      this.id = id;
      this.capacity = capacity;
      this.prePaidInfo = prePaidInfo;
      this.created = created;
    }
  }

  /** An instance write: PROCESSING until done, then its outcome (and, for a purchase, the instance it made). */
  record Operation(String id, String type, String modelCode, String instanceId, Instant doneAt, String errorCode, String errorMessage) {}

  private final Map<String, Operation> operations = new ConcurrentHashMap<>();
  /** Every deployed model id ever made: a suffix stays used after its deployment is deleted. */
  private final java.util.Set<String> usedIds = ConcurrentHashMap.newKeySet();
  private final AtomicInteger operationIds = new AtomicInteger(100000);
  private final AtomicReference<String[]> nextPackPurchaseFails = new AtomicReference<>();
  private final Map<String, String> notOffered = new ConcurrentHashMap<>();
  private volatile String requiredWorkspace;

  /** When a deployment is bought, as gmt_create says; a test's movable clock may stand in for the real one. */
  private volatile java.util.function.Supplier<Instant> purchaseClock = Instant::now;

  public void purchaseClock(java.util.function.Supplier<Instant> clock) { this.purchaseClock = clock; }

  /** The vendor's timestamps carry no zone: Beijing local time. */
  static String vendorTime(Instant t) {
    return java.time.LocalDateTime.ofInstant(t, java.time.ZoneId.of("Asia/Shanghai"))
        .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
  }

  public ModelStudioSimulator(String apiKey, Timing timing) throws IOException { this(apiKey, timing, 0); }

  /** On 127.0.0.1 only; port 0 picks a free one. */
  public ModelStudioSimulator(String apiKey, Timing timing, int port) throws IOException {
    this.apiKey = apiKey;
    this.timing = timing;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/api/v1/deployments", this::handle);
    server.createContext("/compatible-mode/v1", this::infer);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  public String baseUrl() { return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1"; }

  /** The OpenAI-compatible endpoint calls go to (what the operator writes to status.endpoint, configured so). */
  public String compatibleUrl() { return "http://127.0.0.1:" + server.getAddress().getPort() + "/compatible-mode/v1"; }

  /** Tokens served from each PTU deployment's reservation in the current minute: [minute, input, output]. */
  private final Map<String, long[]> reservationUse = new ConcurrentHashMap<>();

  /**
   * Inference in compatible mode: a RUNNING deployment answers by its deployed_model, with usage
   * (FakeModel's counts). A PTU deployment serves from its reservation (own ptu_capacity, kTPM,
   * per minute; capacity packs are not counted here) with service_tier ptu-standard; beyond it,
   * overflow_strategy enable serves pay-as-you-go with x-dashscope-ptu-overflow: true, disable answers 429.
   */
  private void infer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring("/compatible-mode/v1/".length());
      io.modeldeploy.gateway.Call call = java.util.Arrays.stream(io.modeldeploy.gateway.Call.values())
          .filter(c -> c.path().equals(path)).findFirst().orElse(null);
      if (!("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        openAiError(exchange, 401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided.");
        return;
      }
      io.vertx.core.json.JsonObject request = new io.vertx.core.json.JsonObject(new String(exchange.getRequestBody().readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8));
      String model = request.getString("model", "");
      Remote r = deployments.get(model);
      if (call == null || r == null || !"RUNNING".equals(r.status)) {
        openAiError(exchange, 404, "invalid_request_error", "model_not_found",
            "The model `" + model + "` does not exist or you do not have access to it.");
        return;
      }
      var tokens = io.modeldeploy.testing.FakeModel.Tokens.of(request, call, 16);
      String tier = null;
      boolean overflow = false;
      JsonNode ptu = r.body.path("ptu_capacity");
      if (ptu.has("input_tpm")) {
        long minute = System.currentTimeMillis() / 60_000;
        long[] used = reservationUse.compute(model, (k, u) -> u == null || u[0] != minute ? new long[] {minute, 0, 0} : u);
        synchronized (used) {
          if (used[1] + tokens.prompt() <= ptu.path("input_tpm").asLong() * 1000
              && used[2] + tokens.completion() <= ptu.path("output_tpm").asLong() * 1000) {
            used[1] += tokens.prompt();
            used[2] += tokens.completion();
            tier = "ptu-standard";
          } else if ("disable".equals(r.body.path("overflow_strategy").asText())) {
            openAiError(exchange, 429, "limit_requests", "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
            return;
          } else {
            overflow = true;
            tier = "default";
          }
        }
      }
      if (overflow) exchange.getResponseHeaders().set(io.modeldeploy.gateway.Gateway.OVERFLOW_HEADER, "true");
      if (Boolean.TRUE.equals(request.getValue("stream"))) {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
          for (String event : io.modeldeploy.testing.FakeModel.stream(call, model, tokens,
              io.modeldeploy.testing.FakeModel.includeUsage(request), tier)) {
            out.write(event.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
          }
        }
        return;
      }
      byte[] answer = io.modeldeploy.testing.FakeModel.answer(call, model, tokens, tier).encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
    }
  }

  private static void openAiError(HttpExchange exchange, int status, String type, String code, String message) throws IOException {
    send(exchange, status, JSON.readTree(new io.modeldeploy.gateway.OpenAiError(status, type, code, message, null).body()));
  }

  // --- faults and inspection, for tests and the demo ---

  /** The next n requests answer 429 Throttling.RateQuota. */
  public void throttleNext(int n) { throttleNext.set(n); }

  /** The next n requests answer 500. */
  public void failNext(int n) { failNext.set(n); }

  /** The next create is carried out but its answer is a 500 (as if the connection dropped). */
  public void loseNextCreateAnswer() { loseNextCreateAnswer.set(1); }

  /** The next scale is carried out but its answer is a 500; a retry with the same idempotency key gets the real one. */
  public void loseNextScaleAnswer() { loseNextScaleAnswer.set(1); }

  /** The vendor reports this status for the deployment, documented or not, until something moves it on. */
  public void reportStatus(String deployedModel, String status) { remote(deployedModel).moveTo(status, null, Duration.ZERO); }

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

  /** The next capacity-pack purchase is taken (HTTP 200) and its operation ends FAILED with this error. */
  public void failNextPackPurchase(String code, String message) { nextPackPurchaseFails.set(new String[] {code, message}); }

  /** GET /deployments/models leaves this model out, as for a workspace it is not offered to. */
  public void notOffered(String model) { notOffered.put(model, model); }

  /** Requests must name this workspace in X-DashScope-WorkSpace (a sub-workspace's API); others are refused. */
  public void requireWorkspace(String workspace) { requiredWorkspace = workspace; }

  /** The model code's capacity packs as the capacity-instances API lists them (the deployment's own instance excluded). */
  public List<JsonNode> packs(String deployedModel) {
    advance();
    Remote r = remote(deployedModel);
    return r.packs.values().stream().map(i -> (JsonNode) instanceView(i)).toList();
  }

  /** Someone buys a capacity pack for this model code in the console: an instance the operator did not make. */
  public void buyPackInConsole(String deployedModel, long inputKtpm, long outputKtpm, int days) {
    Remote r = remote(deployedModel);
    Instance pack = new Instance("inst-" + deployedModel + "-" + (r.packs.size() + 2),
        JSON.createObjectNode().put("input_tpm", inputKtpm).put("output_tpm", outputKtpm),
        JSON.createObjectNode().put("duration", days).put("auto_renewal", false), purchaseClock.get());
    pack.runningAt = Instant.now();
    pack.gmtExpired = prepaidExpiry(pack.created, days);
    r.packs.put(pack.id, pack);
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

  /** Writes that came without an idempotency key in both headers, as "METHOD path". */
  public List<String> writesWithoutKey() { return List.copyOf(writesWithoutKey); }

  /** Writes answered from an earlier one with the same idempotency key. */
  public int replayed() { return replayCount.get(); }

  private final AtomicInteger replayCount = new AtomicInteger();

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
      String kind = kind(method, parts);
      requests.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
      if (!("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        error(exchange, 401, "InvalidApiKey", "Invalid API-key provided.");
        return;
      }
      String workspace = requiredWorkspace;
      if (workspace != null && !workspace.equals(exchange.getRequestHeaders().getFirst("X-DashScope-WorkSpace"))) {
        error(exchange, 403, "AccessDenied", "Workspace access denied.");
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
      if (!method.equals("GET")) {
        String key = exchange.getRequestHeaders().getFirst("x-acs-req-uuid");
        if (key == null || !key.equals(exchange.getRequestHeaders().getFirst("X-DashScope-RequestId")))
          writesWithoutKey.add(method + " " + path);
        Replay earlier = key == null ? null : replays.get(key);
        String request = method + " " + path + " " + body;
        if (earlier != null) {
          if (!earlier.request().equals(request)) {
            error(exchange, 409, "IDEMPOTENCY_KEY_CONFLICT", "The idempotency key " + key + " was used with other parameters.");
            return;
          }
          replayCount.incrementAndGet();
          send(exchange, earlier.status(), earlier.answer());
          return;
        }
        // The vendor's page: the key makes instance operations idempotent, not the first create of a model code
        // (a create that timed out is looked up by its suffix instead).
        if (key != null && !kind.equals("create")) currentKey.set(new String[] {key, request});
      }
      Map<String, String> query = query(exchange);
      switch (kind) {
        case "create" -> create(exchange, body);
        case "list" -> list(exchange, query);
        case "models" -> models(exchange, query);
        case "get" -> get(exchange, parts[0]);
        case "instances" -> instances(exchange, parts[0], query);
        case "buy" -> buy(exchange, parts[0], body);
        case "instance-renew" -> renewInstance(exchange, parts[0], parts[2], body);
        case "release" -> release(exchange, parts[0], parts[2]);
        case "operation" -> operation(exchange, parts[0], parts[2]);
        case "scale" -> scale(exchange, parts[0], body);
        case "renew" -> renew(exchange, parts[0], body);
        case "update" -> update(exchange, parts[0], body, parts[1]);
        case "delete" -> delete(exchange, parts[0]);
        default -> error(exchange, 404, "NotFound", "no such operation");
      }
    } catch (RuntimeException e) {
      // Test double: a bug here shows as a 500 the operator must survive.
      error(exchange, 500, "SimulatorError", String.valueOf(e));
    } finally {
      currentKey.remove();
    }
  }

  /** Requests by kind, as counted in requestCounts(). */
  private static String kind(String method, String[] parts) {
    if (parts.length == 0) return method.equals("POST") ? "create" : "list";
    if (parts.length == 1) return parts[0].equals("models") ? "models" : method.equals("DELETE") ? "delete" : "get";
    return switch (parts[1]) {
      case "scale" -> "scale";
      case "renew" -> "renew";
      case "capacity-instances" -> parts.length == 2 ? (method.equals("POST") ? "buy" : "instances")
          : method.equals("DELETE") ? "release" : parts.length == 4 && parts[3].equals("renew") ? "instance-renew" : "instance";
      case "capacity-operations" -> "operation";
      default -> "update";
    };
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> query = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) return query;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) query.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
    }
    return query;
  }

  /** The idempotency key and request being answered on this thread, so that the answer is kept for a retry. */
  private final ThreadLocal<String[]> currentKey = new ThreadLocal<>();

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
    // As documented: a suffix may stay reserved after its deployment is deleted.
    if (!usedIds.add(id)) {
      error(exchange, 409, "Conflict", "Deployed model " + id + " uses a suffix that was already used, please specify another suffix.");
      return;
    }
    ObjectNode d = JSON.createObjectNode();
    Instant purchased = purchaseClock.get();
    d.put("deployed_model", id).put("name", request.path("name").asText(id)).put("model_name", model)
        .put("base_model", model).put("plan", plan).put("workspace_id", "ws-sim").put("gmt_create", vendorTime(purchased));
    String initial = "PENDING";
    if (plan.equals("mu")) {
      String template = request.path("deploy_spec").asText();
      boolean pd = template.endsWith("-PD");
      String type = pd ? template.substring(0, template.length() - 3) : template;
      Optional<ModelUnitSpec> spec = catalog.modelUnits(baseModel(model)).flatMap(m -> m.specs().stream()
          .filter(s -> s.type().equals(type) && (s.effectiveMode() == ModelUnitMode.PDSeparated) == pd).findFirst());
      if (spec.isEmpty()) { error(exchange, 400, "InvalidParameter", "Model " + model + " is not deployable with template " + template + "."); return; }
      int base = spec.get().count();
      if (pd) {
        int prefill = request.path("prefill_capacity").asInt(-1);
        int decode = request.path("decode_capacity").asInt(-1);
        String wrong = capacityError(prefill, base / 2, "prefill_capacity");
        if (wrong == null) wrong = capacityError(decode, base / 2, "decode_capacity");
        if (wrong != null || request.has("capacity")) {
          error(exchange, 400, "InvalidParameter", wrong != null ? wrong : template + " takes prefill_capacity and decode_capacity, not capacity.");
          return;
        }
        d.put("prefill_capacity", prefill).put("decode_capacity", decode).put("capacity", prefill + decode);
      } else {
        String wrong = capacityError(request.path("capacity").asInt(-1), base, "capacity");
        if (wrong != null) { error(exchange, 400, "InvalidParameter", wrong); return; }
        d.put("capacity", request.path("capacity").asInt());
      }
      d.put("charge_type", "POST_PAY").put("model_unit_spec", template).put("base_capacity", base).put("ready_capacity", 0);
      if (request.has("rpm_limit")) d.put("rpm_limit", request.get("rpm_limit").asLong());
      if (request.has("tpm_limit")) d.put("tpm_limit", request.get("tpm_limit").asLong());
      if (request.has("enable_thinking")) d.put("enable_thinking", request.get("enable_thinking").asBoolean());
      if (request.has("max_context_length")) d.put("max_context_length", request.get("max_context_length").asInt());
    } else if (plan.equals("ptu")) {
      String chargeType = request.path("charge_type").asText("");
      if (!chargeType.equals("pre_paid") && !chargeType.equals("post_paid")) {
        error(exchange, 400, "InvalidParameter", "charge_type is required for plan ptu: pre_paid or post_paid.");
        return;
      }
      JsonNode ptu = request.has("ptu_capacity") ? request.get("ptu_capacity")
          : JSON.createObjectNode().put("input_tpm", 10).put("output_tpm", 1);
      if (!ptu.path("input_tpm").canConvertToLong() || ptu.path("input_tpm").asLong() < 1 || !ptu.path("input_tpm").isIntegralNumber()) {
        error(exchange, 400, "InvalidParameter", "ptu_capacity.input_tpm must be a positive whole number of kTPM.");
        return;
      }
      d.set("ptu_capacity", ptu);
      d.put("charge_type", chargeType).put("overflow_strategy", "enable").put("ptu_service_tier", "ptu_fast");
      if (chargeType.equals("pre_paid")) {
        String wrong = prePaidInfoError(request.path("pre_paid_info"));
        if (wrong != null) { error(exchange, 400, "InvalidParameter", wrong); return; }
        int days = request.path("pre_paid_info").path("duration").asInt();
        d.set("pre_paid_info", request.get("pre_paid_info").deepCopy());
        d.put("pre_paid_instance_id", "inst-" + id).put("pre_paid_gmt_expired", prepaidExpiry(purchased, days));
        initial = "WAIT_PRE_PAID_BILLING_TO_DEPLOYING";
      }
    } else {
      d.put("charge_type", "POST_PAY").put("base_capacity", 1).put("capacity", 1).put("ready_capacity", 0);
    }
    Remote remote = new Remote(d, initial);
    String failure = nextCreateEndsIn.getAndSet(null);
    if (failure != null) d.put("fail_reason", failure);
    remote.moveTo(initial, failure != null ? "FAILED" : "RUNNING", timing.deploy());
    deployments.put(id, remote);
    if (loseNextCreateAnswer.getAndSet(0) > 0) { error(exchange, 500, "InternalError", "connection reset"); return; }
    ObjectNode answer = view(remote);
    // The TPM reservation API answers a create with the operation that carries it out.
    if (plan.equals("ptu"))
      answer.put("operation_id", operation("CREATE", id, null, Instant.now().plus(timing.deploy()), failure == null ? null : "DEPLOY_FAILED", failure));
    ok(exchange, answer);
  }

  /** A fine-tuned model is named after its base (the vendor's own example: qwen3-14b-xxx-xxx): the longest catalog code it starts with. */
  private String baseModel(String model) {
    return catalog.file().modelUnits().stream().map(m -> m.model())
        .filter(code -> model.equals(code) || model.startsWith(code + "-"))
        .max(java.util.Comparator.comparingInt(String::length)).orElse(model);
  }

  /** The documented bounds: a multiple of the units per replica, at least one replica, below 1000. */
  private static String capacityError(int capacity, int base, String field) {
    if (capacity <= 0 || capacity >= 1000 || capacity % Math.max(base, 1) != 0)
      return field + " " + capacity + " must be a positive multiple of " + base + " below 1000.";
    return null;
  }

  /** A prepaid term's end by the seed's rules (23:59 on its last day, a day more when bought after 22:00), in the vendor's local time. */
  private static String prepaidExpiry(Instant purchased, int days) {
    java.time.ZoneId beijing = java.time.ZoneId.of("Asia/Shanghai");
    return vendorTime(io.modeldeploy.cost.SubscriptionTimeline.of(purchased.atZone(beijing), days,
        io.modeldeploy.cost.TermUnit.DAYS, beijing).expiresAt().toInstant());
  }

  /** Prepaid throughput only: more days (from the term's start, so the expiry moves by them) and/or another auto-renewal. */
  private void renew(HttpExchange exchange, String id, JsonNode request) throws IOException {
    Remote r = deployments.get(id);
    if (r == null) { error(exchange, 404, "MODEL_CODE_NOT_FOUND", "Deployment " + id + " not found."); return; }
    if (!r.body.has("pre_paid_info")) {
      error(exchange, 400, "CAPACITY_INSTANCE_OPERATION_UNSUPPORTED", "Deployment " + id + " has no prepaid instance to renew.");
      return;
    }
    if (!instanceNamed(exchange, r, request)) return;
    JsonNode asked = request.path("pre_paid_info");
    String wrong = prePaidInfoError(asked);
    if (wrong != null) { error(exchange, 400, "InvalidParameter", wrong); return; }
    ObjectNode term = (ObjectNode) r.body.get("pre_paid_info");
    int total = term.path("duration").asInt() + asked.path("duration").asInt();
    term.put("duration", total).put("auto_renewal", asked.path("auto_renewal").asBoolean());
    if (asked.has("auto_renewal_duration")) term.put("auto_renewal_duration", asked.get("auto_renewal_duration").asInt());
    else term.remove("auto_renewal_duration");
    r.body.put("pre_paid_gmt_expired", prepaidExpiry(vendorInstant(r.body.path("gmt_create").asText()), total));
    ok(exchange, view(r).put("operation_id", operation("RENEW", id, baseInstanceView(r).path("instance_id").asText(), Instant.now(), null, null)));
  }

  /**
   * With several live instances a model-code write names the one it is for (here: the deployment's
   * own; packs are changed through their own calls). False after answering the error.
   */
  private boolean instanceNamed(HttpExchange exchange, Remote r, JsonNode request) {
    if (r.packs.isEmpty()) return true;
    if (!request.has("instance_id")) {
      error(exchange, 400, "CAPACITY_INSTANCE_REQUIRED", "Model code " + r.body.path("deployed_model").asText()
          + " has several capacity instances: name one in instance_id.");
      return false;
    }
    if (!request.get("instance_id").asText().equals(baseInstanceView(r).path("instance_id").asText())) {
      error(exchange, 400, "CAPACITY_INSTANCE_OPERATION_UNSUPPORTED", "Instance " + request.get("instance_id").asText()
          + " is changed through its capacity-instances calls.");
      return false;
    }
    return true;
  }

  /** As documented: duration in days above 0, auto_renewal stated, auto_renewal_duration above 0 when it is on. */
  private static String prePaidInfoError(JsonNode info) {
    if (info.path("duration").asInt(0) <= 0) return "pre_paid_info.duration must be a positive number of days.";
    if (!info.path("auto_renewal").isBoolean()) return "pre_paid_info.auto_renewal must be stated.";
    if (info.path("auto_renewal").asBoolean() && info.path("auto_renewal_duration").asInt(0) <= 0)
      return "pre_paid_info.auto_renewal_duration must be a positive number of days when auto_renewal is on.";
    return null;
  }

  private static Instant vendorInstant(String vendorTime) {
    return java.time.LocalDateTime.parse(vendorTime).atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant();
  }

  /** Paged as documented: page_size 1 to 100 (10 by default), an optional plan filter, no status filter. */
  private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
    Optional<int[]> page = page(exchange, query, "page_no", "page_size", 10);
    if (page.isEmpty()) return;
    String plan = query.get("plan");
    List<JsonNode> all = new ArrayList<>();
    deployments.values().stream().filter(r -> plan == null || plan.equals(r.body.path("plan").asText()))
        .forEach(r -> all.add(view(r)));
    ObjectNode output = JSON.createObjectNode().put("page_no", page.get()[0]).put("page_size", page.get()[1]).put("total", all.size());
    output.putArray("deployments").addAll(slice(all, page.get()));
    ok(exchange, output);
  }

  /** {page, size} from the query, or empty after answering 400 for a size outside 1 to 100. */
  private Optional<int[]> page(HttpExchange exchange, Map<String, String> query, String pageParam, String sizeParam, int defaultSize) {
    int number = Integer.parseInt(query.getOrDefault(pageParam, "1"));
    int size = Integer.parseInt(query.getOrDefault(sizeParam, String.valueOf(defaultSize)));
    if (number < 1 || size < 1 || size > 100) {
      error(exchange, 400, "InvalidParameter", sizeParam + " must be 1 to 100 and " + pageParam + " at least 1.");
      return Optional.empty();
    }
    return Optional.of(new int[] {number, size});
  }

  private static List<JsonNode> slice(List<JsonNode> all, int[] page) {
    int from = Math.min(all.size(), (page[0] - 1) * page[1]);
    return all.subList(from, Math.min(all.size(), from + page[1]));
  }

  /** The deployable models of the catalog (but those not offered here), with their plans and model-unit templates. */
  private void models(HttpExchange exchange, Map<String, String> query) throws IOException {
    Optional<int[]> page = page(exchange, query, "page_no", "page_size", 10);
    if (page.isEmpty()) return;
    Map<String, ObjectNode> models = new java.util.TreeMap<>();
    java.util.function.Function<String, ObjectNode> model = code -> models.computeIfAbsent(code, c -> {
      ObjectNode m = JSON.createObjectNode().put("model_name", c).put("base_model", c).put("model_source", "base");
      m.putArray("plans");
      return m;
    });
    catalog.file().modelUnits().forEach(m -> {
      ObjectNode plan = ((com.fasterxml.jackson.databind.node.ArrayNode) model.apply(m.model()).get("plans")).addObject().put("plan", "mu");
      var templates = plan.putArray("templates");
      java.util.Set<String> ids = new java.util.HashSet<>();
      m.specs().forEach(spec -> {
        boolean pd = spec.effectiveMode() == ModelUnitMode.PDSeparated;
        String id = spec.type() + (pd ? "-PD" : "");
        if (!ids.add(id)) return;
        ObjectNode t = templates.addObject().put("template_id", id).put("deploy_spec", id)
            .put("template_type", pd ? "SEPERATED" : "COUPLED").put("charge_type", "post_paid");
        ObjectNode roles = t.putObject("roles");
        if (pd) {
          roles.putObject("prefill").put("model_unit_spec", spec.type()).put("capacity_unit_per_instance", spec.count() / 2);
          roles.putObject("decode").put("model_unit_spec", spec.type()).put("capacity_unit_per_instance", spec.count() / 2);
        } else {
          roles.putObject("unified").put("model_unit_spec", spec.type()).put("capacity_unit_per_instance", spec.count());
        }
      });
    });
    catalog.file().provisionedThroughput().forEach(m ->
        ((com.fasterxml.jackson.databind.node.ArrayNode) model.apply(m.model()).get("plans")).addObject().put("plan", "ptu"));
    catalog.file().tokens().forEach(m ->
        ((com.fasterxml.jackson.databind.node.ArrayNode) model.apply(m.model()).get("plans")).addObject().put("plan", "lora"));
    List<JsonNode> offered = models.values().stream().filter(m -> !notOffered.containsKey(m.path("model_name").asText()))
        .map(m -> (JsonNode) m).toList();
    ObjectNode output = JSON.createObjectNode().put("page_no", page.get()[0]).put("page_size", page.get()[1]).put("total", offered.size());
    output.putArray("models").addAll(slice(offered, page.get()));
    ok(exchange, output);
  }

  // --- capacity instances (the TPM reservation API) ---

  private static final ObjectNode NO_CAPACITY = JSON.createObjectNode().put("input_tpm", 0).put("output_tpm", 0);

  /** The deployment's own instance: its first purchase, with the model code's own capacity and term. */
  private ObjectNode baseInstanceView(Remote r) {
    String id = r.body.path("pre_paid_instance_id").asText("inst-" + r.body.path("deployed_model").asText() + "-1");
    boolean serving = !r.baseReleased && (r.status.equals("RUNNING") || r.status.equals("SCALING"));
    ObjectNode v = JSON.createObjectNode().put("model_service_id", r.body.path("deployed_model").asText()).put("instance_id", id)
        .put("charge_type", r.body.path("charge_type").asText()).put("status", r.baseReleased ? "STOPPED" : r.status)
        .put("deleted", r.baseReleased).put("gmt_created", r.body.path("gmt_create").asText());
    v.set("effective_capacity", serving ? r.body.get("ptu_capacity").deepCopy() : NO_CAPACITY.deepCopy());
    v.set("configured_capacity", r.baseReleased ? NO_CAPACITY.deepCopy() : r.body.get("ptu_capacity").deepCopy());
    if (r.pendingPtu != null) v.set("target_capacity", r.pendingPtu.deepCopy());
    if (r.body.has("pre_paid_info")) v.set("pre_paid_info", r.body.get("pre_paid_info").deepCopy());
    if (r.body.has("pre_paid_gmt_expired")) v.put("gmt_expired", r.body.get("pre_paid_gmt_expired").asText());
    v.put("can_scale", serving).put("can_renew", r.body.has("pre_paid_info") && !r.baseReleased).put("can_delete", !r.baseReleased);
    return v;
  }

  private ObjectNode instanceView(Instance i) {
    boolean running = i.status.equals("RUNNING");
    ObjectNode v = JSON.createObjectNode().put("instance_id", i.id).put("charge_type", "pre_paid").put("status", i.status)
        .put("deleted", false).put("gmt_created", vendorTime(i.created)).put("gmt_expired", i.gmtExpired);
    v.set("effective_capacity", running ? i.capacity.deepCopy() : NO_CAPACITY.deepCopy());
    v.set("configured_capacity", i.capacity.deepCopy());
    v.set("pre_paid_info", i.prePaidInfo.deepCopy());
    return v.put("can_scale", running).put("can_renew", running).put("can_delete", running);
  }

  /** Paged with this API's own fields (records, items, page, itemsPerPage, pageCount); released instances too unless include_deleted=false. */
  private void instances(HttpExchange exchange, String id, Map<String, String> query) throws IOException {
    Remote r = deployments.get(id);
    if (r == null || !r.body.path("plan").asText().equals("ptu")) { error(exchange, 404, "MODEL_CODE_NOT_FOUND", "Model code " + id + " not found."); return; }
    Optional<int[]> page = page(exchange, query, "page_no", "page_size", 20);
    if (page.isEmpty()) return;
    boolean includeDeleted = !"false".equals(query.get("include_deleted"));
    List<JsonNode> all = new ArrayList<>();
    if (includeDeleted || !r.baseReleased) all.add(baseInstanceView(r));
    r.packs.values().forEach(i -> all.add(instanceView(i)));
    ObjectNode output = JSON.createObjectNode().put("items", all.size()).put("page", page.get()[0]).put("itemsPerPage", page.get()[1])
        .put("pageCount", Math.max(1, (all.size() + page.get()[1] - 1) / page.get()[1]));
    output.putArray("records").addAll(slice(all, page.get()));
    ok(exchange, output);
  }

  /** A capacity pack: prepaid on a RUNNING model code; at most one post-paid instance per model code. */
  private void buy(HttpExchange exchange, String id, JsonNode request) throws IOException {
    Remote r = deployments.get(id);
    if (r == null || !r.body.path("plan").asText().equals("ptu")) { error(exchange, 404, "MODEL_CODE_NOT_FOUND", "Model code " + id + " not found."); return; }
    String method = request.path("billing_method").asText();
    if (!method.equals("PRE_PAY") && !method.equals("POST_PAY")) {
      error(exchange, 400, "InvalidParameter", "billing_method must be PRE_PAY or POST_PAY.");
      return;
    }
    if (method.equals("POST_PAY")) {
      error(exchange, 400, "POSTPAID_INSTANCE_ALREADY_EXISTS", "Model code " + id + " already has a post-paid instance.");
      return;
    }
    if (!r.status.equals("RUNNING")) {
      error(exchange, 400, "CAPACITY_INSTANCE_OPERATION_UNSUPPORTED", "Model code " + id + " is " + r.status + ".");
      return;
    }
    String wrong = prePaidInfoError(request.path("pre_paid_info"));
    if (wrong == null && request.path("ptu_capacity").path("input_tpm").asLong(0) < 1) wrong = "ptu_capacity.input_tpm must be a positive number of kTPM.";
    if (wrong != null) { error(exchange, 400, "InvalidParameter", wrong); return; }
    String[] failure = nextPackPurchaseFails.getAndSet(null);
    Instant done = Instant.now().plus(timing.deploy());
    String operationId;
    if (failure != null) {
      operationId = operation("CREATE", id, null, done, failure[0], failure[1]);
    } else {
      Instance pack = new Instance("inst-" + id + "-" + (r.packs.size() + 2), (ObjectNode) request.get("ptu_capacity").deepCopy(),
          (ObjectNode) request.get("pre_paid_info").deepCopy(), purchaseClock.get());
      pack.runningAt = done;
      pack.gmtExpired = prepaidExpiry(pack.created, request.path("pre_paid_info").path("duration").asInt());
      r.packs.put(pack.id, pack);
      operationId = operation("CREATE", id, pack.id, done, null, null);
    }
    ok(exchange, operationView(operations.get(operationId)));
  }

  private void renewInstance(HttpExchange exchange, String id, String instanceId, JsonNode request) throws IOException {
    Remote r = deployments.get(id);
    Instance pack = r == null ? null : r.packs.get(instanceId);
    if (pack == null) { error(exchange, 404, "CAPACITY_INSTANCE_NOT_FOUND", "Instance " + instanceId + " not found."); return; }
    String wrong = prePaidInfoError(request.path("pre_paid_info"));
    if (wrong != null) { error(exchange, 400, "InvalidParameter", wrong); return; }
    int total = pack.prePaidInfo.path("duration").asInt() + request.path("pre_paid_info").path("duration").asInt();
    pack.prePaidInfo.put("duration", total).put("auto_renewal", request.path("pre_paid_info").path("auto_renewal").asBoolean());
    pack.gmtExpired = prepaidExpiry(pack.created, total);
    ok(exchange, operationView(operations.get(operation("RENEW", id, instanceId, Instant.now(), null, null))));
  }

  /** Only the post-paid instance can be released; an effective prepaid one must be unsubscribed. */
  private void release(HttpExchange exchange, String id, String instanceId) throws IOException {
    Remote r = deployments.get(id);
    if (r == null) { error(exchange, 404, "MODEL_CODE_NOT_FOUND", "Model code " + id + " not found."); return; }
    boolean base = baseInstanceView(r).path("instance_id").asText().equals(instanceId);
    if (!base && !r.packs.containsKey(instanceId)) { error(exchange, 404, "CAPACITY_INSTANCE_NOT_FOUND", "Instance " + instanceId + " not found."); return; }
    if (!base || r.body.has("pre_paid_info")) {
      error(exchange, 400, "PREPAID_UNSUBSCRIBE_REQUIRED", "Instance " + instanceId + " is an effective prepaid instance: unsubscribe it instead.");
      return;
    }
    r.baseReleased = true;
    r.pendingPtu = null;
    // The last instance released: the model code stops (and stays, until it is deleted).
    if (r.packs.isEmpty()) r.moveTo("STOPPING", "STOPPED", timing.delete());
    ok(exchange, operationView(operations.get(operation("DELETE", id, instanceId, Instant.now().plus(timing.delete()), null, null))));
  }

  private void operation(HttpExchange exchange, String id, String operationId) throws IOException {
    Operation op = operations.get(operationId);
    if (op == null || !op.modelCode().equals(id)) {
      error(exchange, 404, "CAPACITY_OPERATION_NOT_FOUND", "Operation " + operationId + " not found for " + id + ".");
      return;
    }
    ok(exchange, operationView(op));
  }

  /** A new operation, PROCESSING until doneAt, then SUCCEEDED or (with an error code) FAILED; returns its id. */
  private String operation(String type, String modelCode, String instanceId, Instant doneAt, String errorCode, String errorMessage) {
    String id = String.valueOf(operationIds.incrementAndGet());
    operations.put(id, new Operation(id, type, modelCode, instanceId, doneAt, errorCode, errorMessage));
    return id;
  }

  /** PROCESSING until done; a purchase names its instance only then (the vendor's order is processed by then). */
  private static ObjectNode operationView(Operation op) {
    boolean done = !Instant.now().isBefore(op.doneAt());
    String status = !done ? "PROCESSING" : op.errorCode() != null ? "FAILED" : "SUCCEEDED";
    ObjectNode v = JSON.createObjectNode().put("operation_id", op.id()).put("operation_type", op.type())
        .put("operation_status", status).put("model_service_id", op.modelCode());
    if (op.instanceId() != null && (done || !op.type().equals("CREATE"))) v.put("instance_id", op.instanceId());
    if (done && op.errorCode() != null) v.put("error_code", op.errorCode()).put("error_message", op.errorMessage());
    return v;
  }

  private void get(HttpExchange exchange, String id) throws IOException {
    Remote r = deployments.get(id);
    if (r == null) error(exchange, 404, "NotFound", "Deployment " + id + " not found.");
    else ok(exchange, view(r));
  }

  private void scale(HttpExchange exchange, String id, JsonNode request) throws IOException {
    Remote r = deployments.get(id);
    if (r == null) { error(exchange, 404, "NotFound", "Deployment " + id + " not found."); return; }
    // A failed update leaves the old capacity serving; a new scale may follow it.
    if (!r.status.equals("RUNNING") && !r.status.equals("UPDATING_FAILED")) {
      error(exchange, 400, "InvalidParameter", "Deployment " + id + " is " + r.status + " and cannot be scaled.");
      return;
    }
    if (!instanceNamed(exchange, r, request)) return;
    int base = r.body.path("base_capacity").asInt(1);
    if (r.body.has("prefill_capacity")) {
      int prefill = request.path("prefill_capacity").asInt(-1);
      int decode = request.path("decode_capacity").asInt(-1);
      String wrong = capacityError(prefill, base / 2, "prefill_capacity");
      if (wrong == null) wrong = capacityError(decode, base / 2, "decode_capacity");
      if (wrong != null) { error(exchange, 400, "InvalidParameter", wrong); return; }
      r.body.put("previous_capacity", r.body.path("capacity").asInt()).put("prefill_capacity", prefill)
          .put("decode_capacity", decode).put("capacity", prefill + decode);
    } else if (request.has("capacity")) {
      String wrong = capacityError(request.get("capacity").asInt(), base, "capacity");
      if (wrong != null) { error(exchange, 400, "InvalidParameter", wrong); return; }
      r.body.put("previous_capacity", r.body.path("capacity").asInt()).put("capacity", request.get("capacity").asInt());
    }
    String failure = nextUpdateEndsIn.getAndSet(null);
    if (failure != null) r.body.put("fail_reason", failure);
    String operationId = null;
    if (request.has("ptu_capacity")) {
      // The TPM reservation API: RUNNING on the old effective capacity until the change is confirmed (or fails).
      r.pendingPtu = request.get("ptu_capacity");
      r.pendingPtuAt = Instant.now().plus(timing.update());
      r.pendingPtuFails = failure != null;
      operationId = operation("SCALE", id, baseInstanceView(r).path("instance_id").asText(), r.pendingPtuAt,
          failure == null ? null : "SCALE_FAILED", failure);
    } else {
      r.moveTo("UPDATING", failure != null ? "UPDATING_FAILED" : "RUNNING", timing.update());
    }
    ObjectNode answer = view(r);
    if (operationId != null) answer.put("operation_id", operationId);
    if (loseNextScaleAnswer.getAndSet(0) > 0) {
      // Long enough that the operator's retry surely finds the old capacity still in effect.
      if (r.pendingPtu != null) {
        r.pendingPtuAt = Instant.now().plus(LOST_ANSWER_CONFIRMS_AFTER);
        Operation op = operations.get(operationId);
        operations.put(operationId, new Operation(op.id(), op.type(), op.modelCode(), op.instanceId(), r.pendingPtuAt, op.errorCode(), op.errorMessage()));
      }
      remember(200, envelope(answer));
      send(exchange, 500, JSON.createObjectNode().put("code", "InternalError").put("message", "connection reset"));
      return;
    }
    ok(exchange, answer);
  }

  private void update(HttpExchange exchange, String id, JsonNode request, String what) throws IOException {
    Remote r = deployments.get(id);
    if (r == null) { error(exchange, 404, "NotFound", "Deployment " + id + " not found."); return; }
    if (what.equals("update-overflowstrategy")) r.body.put("overflow_strategy", request.path("overflow_strategy").asText());
    else {
      if (!r.body.path("plan").asText().equals("mu")) {
        error(exchange, 400, "InvalidParameter", "Throttling can only be set on model-unit deployments.");
        return;
      }
      if (request.has("rpm_limit")) r.body.put("rpm_limit", request.get("rpm_limit").asLong());
      if (request.has("tpm_limit")) r.body.put("tpm_limit", request.get("tpm_limit").asLong());
      // As the vendor's example answer shows: PENDING with nothing ready, until the update is applied.
      r.moveTo("PENDING", "RUNNING", timing.update());
    }
    ok(exchange, view(r));
  }

  private void delete(HttpExchange exchange, String id) throws IOException {
    Remote r = deployments.get(id);
    if (r == null) { error(exchange, 404, "NotFound", "Deployment " + id + " not found."); return; }
    if (r.body.has("pre_paid_gmt_expired") && Instant.now().isBefore(vendorInstant(r.body.get("pre_paid_gmt_expired").asText()))) {
      error(exchange, 400, "PREPAID_UNSUBSCRIBE_REQUIRED", "The prepaid instance of " + id + " is effective: unsubscribe it instead.");
      return;
    }
    // The TPM reservation API: every instance released and the model code STOPPED first.
    if (r.body.path("plan").asText().equals("ptu") && (!r.baseReleased || !r.packs.isEmpty() || !r.status.equals("STOPPED"))) {
      error(exchange, 409, "CAPACITY_INSTANCE_OPERATION_CONFLICT", "Release every capacity instance of " + id
          + " and wait for STOPPED before deleting it.");
      return;
    }
    r.moveTo("DELETING", "DELETED", timing.delete());
    ok(exchange, view(r));
  }

  // --- state ---

  private synchronized void advance() {
    Instant now = Instant.now();
    for (var entry : List.copyOf(deployments.entrySet())) {
      Remote r = entry.getValue();
      if (r.pendingPtu != null && !now.isBefore(r.pendingPtuAt)) {
        if (!r.pendingPtuFails) r.body.set("ptu_capacity", r.pendingPtu);
        r.pendingPtu = null;
      }
      for (Instance pack : r.packs.values())
        if (pack.status.equals("WAIT_PRE_PAID_BILLING_TO_DEPLOYING") && !now.isBefore(pack.runningAt)) pack.status = "RUNNING";
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
    // The TPM reservation API reports no capacity for provisioned throughput, and as ptu_capacity the sum of its effective instances.
    if (!r.packs.isEmpty() || r.baseReleased) {
      long input = r.baseReleased ? 0 : v.path("ptu_capacity").path("input_tpm").asLong();
      long output = r.baseReleased ? 0 : v.path("ptu_capacity").path("output_tpm").asLong();
      for (Instance pack : r.packs.values()) {
        if (!pack.status.equals("RUNNING")) continue;
        input += pack.capacity.path("input_tpm").asLong();
        output += pack.capacity.path("output_tpm").asLong();
      }
      v.set("ptu_capacity", JSON.createObjectNode().put("input_tpm", input).put("output_tpm", output));
    }
    if (!v.has("capacity")) return v.put("gmt_modified", vendorTime(Instant.now()));
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

  private void ok(HttpExchange exchange, JsonNode output) throws IOException {
    ObjectNode body = envelope(output);
    remember(200, body);
    send(exchange, 200, body);
  }

  private static ObjectNode envelope(JsonNode output) {
    ObjectNode body = JSON.createObjectNode().put("request_id", java.util.UUID.randomUUID().toString());
    body.set("output", output);
    return body;
  }

  private void error(HttpExchange exchange, int status, String code, String message) {
    try {
      ObjectNode body = JSON.createObjectNode().put("request_id", java.util.UUID.randomUUID().toString())
          .put("code", code).put("message", message);
      // A fault injected in front of the API (throttling, a 500) is not an answer of the operation.
      if (status != 429 && status < 500) remember(status, body);
      send(exchange, status, body);
    } catch (IOException ignored) {
      // the client went away; nothing to tell it
    }
  }

  /** The answer to a write with an idempotency key, replayed to its retries. */
  private void remember(int status, JsonNode body) {
    String[] key = currentKey.get();
    if (key != null) replays.putIfAbsent(key[0], new Replay(key[1], status, body));
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
