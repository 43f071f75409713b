package io.modeldeploy.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modeldeploy.provider.modelstudio.CreateRequest;
import io.modeldeploy.provider.modelstudio.ModelStudioClient;
import io.modeldeploy.provider.modelstudio.RemoteDeployment;
import io.modeldeploy.provider.modelstudio.VendorException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator keeps to the vendor's documents where the operator's tests rely on it. */
class ModelStudioSimulatorTest {

  ModelStudioSimulator sim;

  @BeforeEach
  void start() throws Exception { sim = new ModelStudioSimulator("sk-sim", ModelStudioSimulator.Timing.quick()); }

  @AfterEach
  void stop() { sim.close(); }

  HttpResponse<String> get(String path, String workspace) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).header("Authorization", "Bearer sk-sim");
    if (workspace != null) request.header("X-DashScope-WorkSpace", workspace);
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listsPageAsDocumented() throws Exception {
    assertThat(get("/deployments?page_no=1&page_size=101", null).statusCode()).as("page_size is 1 to 100").isEqualTo(400);
    assertThat(get("/deployments", null).body()).contains("\"page_size\":10");
    assertThat(get("/deployments/models?page_no=1&page_size=0", null).statusCode()).isEqualTo(400);
  }

  @Test
  void theModelsEndpointOffersTheCatalogsTemplatesButWhatIsNotOffered() {
    ModelStudioClient client = new ModelStudioClient(URI.create(sim.baseUrl()), null, Duration.ofSeconds(2));
    assertThat(client.deployableModels("sk-sim")).anySatisfy(m -> {
      assertThat(m.modelName()).isEqualTo("glm-4.7");
      assertThat(m.plans()).anySatisfy(p -> assertThat(p.templates()).anySatisfy(t -> assertThat(t.deploySpec()).isEqualTo("MU6-PD")));
    });
    sim.notOffered("glm-4.7");
    assertThat(client.deployableModels("sk-sim")).noneSatisfy(m -> assertThat(m.modelName()).isEqualTo("glm-4.7"));
  }

  @Test
  void aRequiredWorkspaceRefusesRequestsWithoutItsHeader() throws Exception {
    sim.requireWorkspace("ws-team");
    assertThat(get("/deployments", null).statusCode()).isEqualTo(403);
    assertThat(get("/deployments", "ws-team").statusCode()).isEqualTo(200);
    ModelStudioClient client = new ModelStudioClient(URI.create(sim.baseUrl()), "ws-team", Duration.ofSeconds(2));
    assertThat(client.list("sk-sim")).isEmpty();
    ModelStudioClient elsewhere = new ModelStudioClient(URI.create(sim.baseUrl()), "ws-other", Duration.ofSeconds(2));
    assertThatThrownBy(() -> elsewhere.list("sk-sim")).isInstanceOfSatisfying(VendorException.class,
        e -> assertThat(e.isPermission()).isTrue());
  }

  /** Compatible mode: a PTU deployment answers from its reservation, then as overflow (enable) or 429 (disable). */
  @Test
  void compatibleModeServesThePtuReservationThenOverflows() throws Exception {
    ModelStudioClient client = new ModelStudioClient(URI.create(sim.baseUrl()), null, Duration.ofSeconds(2));
    RemoteDeployment created = client.create("sk-sim", new CreateRequest("qwen3-max-2025-09-23", "ptu", null, null, null, null, null,
        "post_paid", null, null, null, null, null, new RemoteDeployment.PtuCapacity(1L, 1L, null), null, null), "req-ptu");
    String model = created.deployedModel();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> "RUNNING".equals(client.get("sk-sim", model).orElseThrow().status()));
    // The reservation is counted per clock minute: the calls below are made within one.
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> java.time.LocalTime.now().getSecond() < 50);
    // 1 kTPM of input: each call's prompt is 4,000 characters, about 1,000 tokens with the message's overhead.
    String call = "{\"model\":\"" + model + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(3980) + "\"}]}";

    HttpResponse<String> first = infer(call, "sk-sim");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("\"service_tier\":\"ptu-standard\"").contains("\"completion_tokens\":5");
    assertThat(first.headers().firstValue("x-dashscope-ptu-overflow")).isEmpty();
    HttpResponse<String> second = infer(call, "sk-sim");
    assertThat(second.headers().firstValue("x-dashscope-ptu-overflow")).hasValue("true");
    assertThat(second.body()).contains("\"service_tier\":\"default\"");

    client.updateOverflowStrategy("sk-sim", model, java.util.Map.of("overflow_strategy", "disable"), "req-off");
    HttpResponse<String> refused = infer(call, "sk-sim");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).contains("Throttling.RateQuota");
    assertThat(infer(call, "sk-wrong").statusCode()).isEqualTo(401);
    assertThat(infer(call.replace(model, "nothing-here"), "sk-sim").statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> infer(String body, String key) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.compatibleUrl() + "/chat/completions"))
        .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
