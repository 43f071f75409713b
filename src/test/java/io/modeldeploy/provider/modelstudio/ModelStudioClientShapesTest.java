package io.modeldeploy.provider.modelstudio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client on answers that are not the happy path: an error page that is not JSON, a 200 without
 * output, a list without its total. Each is a VendorException the provider knows how to report
 * (retried, ProviderReachable=False), never a NullPointerException, and never an empty workspace.
 */
class ModelStudioClientShapesTest {

  HttpServer server;
  /** path and query -> status and body */
  final Map<String, Map.Entry<Integer, String>> answers = new java.util.concurrent.ConcurrentHashMap<>();
  /** "METHOD path" -> the request's headers */
  final Map<String, com.sun.net.httpserver.Headers> seen = new java.util.concurrent.ConcurrentHashMap<>();
  ModelStudioClient client;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String key = exchange.getRequestURI().getPath().replace("/api/v1/", "")
          + (exchange.getRequestURI().getQuery() == null ? "" : "?" + exchange.getRequestURI().getQuery());
      seen.put(exchange.getRequestMethod() + " " + key, exchange.getRequestHeaders());
      Map.Entry<Integer, String> answer = answers.getOrDefault(key, Map.entry(404, "{\"code\":\"NotFound\",\"message\":\"" + key + "\"}"));
      byte[] body = answer.getValue().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.getKey(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    client = new ModelStudioClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1"), null,
        Duration.ofSeconds(2));
  }

  @AfterEach
  void stop() { server.stop(0); }

  @Test
  void anErrorPageThatIsNotJsonIsAnErrorOfItsStatus() {
    answers.put("deployments/chat", Map.entry(502, "<html><body>502 Bad Gateway</body></html>"));
    assertThatThrownBy(() -> client.get("sk-test", "chat")).isInstanceOfSatisfying(VendorException.class, e -> {
      assertThat(e.httpStatus()).isEqualTo(502);
      assertThat(e.isTransient()).isTrue();
      assertThat(e.getMessage()).contains("answered with no JSON").contains("502 Bad Gateway");
    });
  }

  @Test
  void aSuccessThatIsNotJsonOrHasNoOutputIsABadResponseRetriedLikeNoAnswer() {
    answers.put("deployments/a", Map.entry(200, "OK"));
    answers.put("deployments/b", Map.entry(200, "{\"request_id\":\"r1\"}"));
    answers.put("deployments/c", Map.entry(200, "{\"request_id\":\"r1\",\"output\":null}"));
    for (String name : List.of("a", "b", "c"))
      assertThatThrownBy(() -> client.get("sk-test", name)).as(name).isInstanceOfSatisfying(VendorException.class, e -> {
        assertThat(e.isBadResponse()).isTrue();
        assertThat(e.isTransient()).isTrue();
      });
  }

  @Test
  void aListWithoutItsOutputIsAnErrorNotAnEmptyWorkspace() {
    answers.put("deployments?page_no=1&page_size=50", Map.entry(200, "{\"request_id\":\"r1\"}"));
    assertThatThrownBy(() -> client.list("sk-test")).isInstanceOfSatisfying(VendorException.class,
        e -> assertThat(e.isBadResponse()).isTrue());
  }

  @Test
  void aListWithoutItsTotalIsReadUntilAShortPage() {
    answers.put("deployments?page_no=1&page_size=50", Map.entry(200, page(0, 50, null)));
    answers.put("deployments?page_no=2&page_size=50", Map.entry(200, page(50, 3, null)));
    assertThat(client.list("sk-test")).hasSize(53);
  }

  @Test
  void aListStopsAtItsTotal() {
    answers.put("deployments?page_no=1&page_size=50", Map.entry(200, page(0, 50, 50)));
    assertThat(client.list("sk-test")).hasSize(50);
  }

  @Test
  void anErrorWithACodeIsTheVendorsError() {
    answers.put("deployments/chat", Map.entry(400, "{\"code\":\"InvalidParameter\",\"message\":\"capacity must be below 1000\"}"));
    assertThatThrownBy(() -> client.get("sk-test", "chat")).isInstanceOfSatisfying(VendorException.class, e -> {
      assertThat(e.code()).isEqualTo("InvalidParameter");
      assertThat(e.isTransient()).isFalse();
      assertThat(e.vendorMessage()).isEqualTo("capacity must be below 1000");
    });
  }

  static String fixture(String name) {
    try (var in = ModelStudioClientShapesTest.class.getResourceAsStream("/modelstudio/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static io.modeldeploy.api.ProvisionedThroughput tpm(long input, long output) {
    var tpm = new io.modeldeploy.api.ProvisionedThroughput();
    tpm.setInputTPM(input);
    tpm.setOutputTPM(output);
    return tpm;
  }

  /** The page's create answer: the prepaid order is being processed; no capacity yet, an operation to follow. */
  @Test
  void thePagesCreateAnswerIsAPendingPurchase() {
    answers.put("deployments", Map.entry(200, fixture("tpm-create-prepaid.json")));
    RemoteDeployment created = client.create("sk-test", new CreateRequest("m", "ptu", null, null, null, null, null, "pre_paid",
        new RemoteDeployment.PrePaidInfo(30, false, null), null, null, null, null, null, null, null), "req-1");
    assertThat(created.status()).isEqualTo("WAIT_PRE_PAID_BILLING_TO_DEPLOYING");
    assertThat(VendorStatus.state(created.status())).contains(io.modeldeploy.provider.ProviderState.Pending);
    assertThat(created.operationId()).isEqualTo("100001");
    assertThat(created.ptuCapacity()).isNull();
  }

  /** The page's get and list answers, in kTPM: 10,000 kTPM in, 1,000 out is the spec's 10,000,000 and 1,000,000 TPM. */
  @Test
  void thePagesGetAndListAnswersReadInKtpm() {
    answers.put("deployments/example-model-code", Map.entry(200, fixture("tpm-get.json")));
    answers.put("deployments?page_no=1&page_size=50", Map.entry(200, fixture("tpm-list.json")));
    RemoteDeployment got = client.get("sk-test", "example-model-code").orElseThrow();
    assertThat(got.chargeType()).isEqualTo("pre_paid");
    assertThat(RemoteRequests.ptuMatches(tpm(10_000_000, 1_000_000), got.ptuCapacity())).isTrue();
    assertThat(RemoteRequests.ptuMatches(tpm(20_000_000, 1_000_000), got.ptuCapacity())).isFalse();
    assertThat(client.list("sk-test")).singleElement().satisfies(d -> {
      assertThat(d.status()).isEqualTo("RUNNING");
      assertThat(d.ptuCapacity().inputTpm()).isEqualTo(10_000L);
    });
  }

  /** The page's other shape: plan ptu_v2 and the capacity as input_tpm_quota / output_tpm_quota. */
  @Test
  void thePagesQuotaShapeReadsAsTheSameCapacity() {
    answers.put("deployments/example-model-code", Map.entry(200, fixture("tpm-update-overflowstrategy.json")));
    RemoteDeployment got = client.get("sk-test", "example-model-code").orElseThrow();
    assertThat(got.plan()).isEqualTo("ptu_v2");
    assertThat(got.ptuCapacity()).isEqualTo(new RemoteDeployment.PtuCapacity(10_000L, 10_000L, null));
    assertThat(RemoteRequests.ptuMatches(tpm(10_000_000, 10_000_000), got.ptuCapacity())).isTrue();
  }

  /** Every write carries its idempotency key in both headers the vendor reads; reads carry none. */
  @Test
  void writesCarryTheirRequestIdInBothHeaders() {
    answers.put("deployments/m/scale", Map.entry(200, fixture("tpm-get.json")));
    answers.put("deployments/m", Map.entry(200, fixture("tpm-get.json")));
    client.scale("sk-test", "m", Map.of("ptu_capacity", Map.of("input_tpm", 20, "output_tpm", 2)), "b3f1-key");
    client.get("sk-test", "m");
    assertThat(seen.get("PUT deployments/m/scale").getFirst("x-acs-req-uuid")).isEqualTo("b3f1-key");
    assertThat(seen.get("PUT deployments/m/scale").getFirst("X-DashScope-RequestId")).isEqualTo("b3f1-key");
    assertThat(seen.get("GET deployments/m").containsKey("x-acs-req-uuid")).isFalse();
  }

  /** The page's instance list: its own pagination fields; a released instance is {@code deleted}, not just STOPPED. */
  @Test
  void thePagesInstanceListReadsWithItsOwnPagination() {
    answers.put("deployments/example-model-code/capacity-instances?include_deleted=false&page_no=1&page_size=50",
        Map.entry(200, fixture("tpm-instances-list.json")));
    assertThat(client.instances("sk-test", "example-model-code")).singleElement().satisfies(i -> {
      assertThat(i.instanceId()).isEqualTo("example-capacity-instance");
      assertThat(i.postPaid()).isTrue();
      assertThat(i.released()).isTrue();
      assertThat(i.effectiveCapacity().inputTpm()).isZero();
    });
  }

  /** An operation's status is its own: HTTP 200 with FAILED is a failure, with the vendor's code and words. */
  @Test
  void thePagesOperationsReadAsSucceededAndFailed() {
    answers.put("deployments/example-model-code/capacity-operations/100001", Map.entry(200, fixture("tpm-operation-succeeded.json")));
    answers.put("deployments/example-model-code/capacity-instances", Map.entry(200, fixture("tpm-operation-failed.json")));
    CapacityOperation succeeded = client.operation("sk-test", "example-model-code", "100001").orElseThrow();
    assertThat(succeeded.finished()).isTrue();
    assertThat(succeeded.failed()).isFalse();
    assertThat(succeeded.instanceId()).isEqualTo("example-capacity-instance");
    CapacityOperation failed = client.buyInstance("sk-test", "example-model-code", Map.of("billing_method", "PRE_PAY"), "req-2");
    assertThat(failed.failed()).isTrue();
    assertThat(failed.failure()).isEqualTo("BILLING_ACCOUNT_NOT_READY: example error message");
    assertThat(client.operation("sk-test", "example-model-code", "999")).as("CAPACITY_OPERATION_NOT_FOUND").isEmpty();
  }

  /** Deployable models in both documented shapes: plans with templates (preset), supported_plans (fine-tuned). */
  @Test
  void deployableModelsReadAsOffers() {
    answers.put("deployments/models?version=v1.0&page_no=1&page_size=50", Map.entry(200, fixture("deployable-models.json")));
    assertThat(VendorOffers.offers(client.deployableModels("sk-test"))).containsExactlyInAnyOrder(
        "qwen3-8b mu", "qwen3-8b mu MU1", "qwen3-max-2025-09-23 ptu_v2", "qwen3-8b-ft-202511 mu", "qwen3-8b-ft-202511 lora");
  }

  static String page(int from, int count, Integer total) {
    String items = IntStream.range(from, from + count)
        .mapToObj(i -> "{\"deployed_model\":\"m-" + i + "\",\"status\":\"RUNNING\"}").collect(Collectors.joining(","));
    return "{\"output\":{\"deployments\":[" + items + "]" + (total == null ? "" : ",\"total\":" + total) + "}}";
  }
}
