package io.modeldeploy.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void readsNamesLabelsAndValuesAndSkipsTheRest() {
    var lines = PrometheusText.parse("""
        # HELP vllm:num_requests_waiting Number of requests waiting.
        # TYPE vllm:num_requests_waiting gauge
        vllm:num_requests_waiting{model_name="qwen3-8b"} 7.0
        modeldeploy_gateway_in_flight{model="m",name="chat",namespace="team-a"} 3 1700000000000
        modeldeploy_gateway_tokens_total{name="a \\"quoted\\" name",namespace="x"} 1.5E3
        garbage line
        """);
    assertThat(lines).containsExactly(
        new PrometheusText.Line("vllm:num_requests_waiting", Map.of("model_name", "qwen3-8b"), 7.0),
        new PrometheusText.Line("modeldeploy_gateway_in_flight", Map.of("model", "m", "name", "chat", "namespace", "team-a"), 3),
        new PrometheusText.Line("modeldeploy_gateway_tokens_total", Map.of("name", "a \"quoted\" name", "namespace", "x"), 1500));
  }
}
