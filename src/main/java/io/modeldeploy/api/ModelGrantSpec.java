package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelGrantSpec {

  @Required
  @Size(max = 64)
  @JsonPropertyDescription("What the namespace may deploy; a ModelDeployment is admitted when one entry allows it. Empty: nothing.")
  private List<ModelPrivilege> models;

  public List<ModelPrivilege> getModels() { return models; }
  public void setModels(List<ModelPrivilege> models) { this.models = models; }
  public List<ModelPrivilege> modelList() { return models == null ? List.of() : models; }
}
