package io.modeldeploy.provider.modelstudio;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One entry of GET /deployments/models: a model this workspace may deploy, its plans and (for model units) templates. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeployableModel(
    @JsonProperty("model_name") String modelName,
    @JsonProperty("supported_plans") List<String> supportedPlans,
    List<Plan> plans) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Plan(String plan, List<Template> templates) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Template(@JsonProperty("template_id") String templateId, @JsonProperty("deploy_spec") String deploySpec) {

    /** The id a create names in deploy_spec. */
    String id() { return deploySpec != null ? deploySpec : templateId; }
  }
}
