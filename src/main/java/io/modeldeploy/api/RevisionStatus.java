package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One revision: what it serves (the spec fields that make a revision) and where it runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RevisionStatus {

  @JsonPropertyDescription("The revision's name: a hash of the fields below, the same for the same spec.")
  private String name;
  @JsonPropertyDescription("spec.model of the revision.")
  private String model;
  @JsonPropertyDescription("spec.baseModel of the revision.")
  private String baseModel;
  @JsonPropertyDescription("spec.inferenceMode of the revision.")
  private String inferenceMode;
  @JsonPropertyDescription("spec.maxContextTokens of the revision.")
  private Integer maxContextTokens;
  @JsonPropertyDescription("spec.modelUnit.type of the revision.")
  private String unitType;
  @JsonPropertyDescription("spec.modelUnit.count of the revision.")
  private Integer unitCount;
  @JsonPropertyDescription("spec.modelUnit.mode of the revision.")
  private String unitMode;
  @JsonPropertyDescription("Cluster: the name its workloads (Deployments, pod label app.kubernetes.io/instance) carry.")
  private String workload;
  @JsonPropertyDescription("The code the revision serves under (the vendor deployment's own code on ModelStudio).")
  private String modelCode;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getModel() { return model; }
  public void setModel(String model) { this.model = model; }
  public String getBaseModel() { return baseModel; }
  public void setBaseModel(String baseModel) { this.baseModel = baseModel; }
  public String getInferenceMode() { return inferenceMode; }
  public void setInferenceMode(String inferenceMode) { this.inferenceMode = inferenceMode; }
  public Integer getMaxContextTokens() { return maxContextTokens; }
  public void setMaxContextTokens(Integer maxContextTokens) { this.maxContextTokens = maxContextTokens; }
  public String getUnitType() { return unitType; }
  public void setUnitType(String unitType) { this.unitType = unitType; }
  public Integer getUnitCount() { return unitCount; }
  public void setUnitCount(Integer unitCount) { this.unitCount = unitCount; }
  public String getUnitMode() { return unitMode; }
  public void setUnitMode(String unitMode) { this.unitMode = unitMode; }
  public String getWorkload() { return workload; }
  public void setWorkload(String workload) { this.workload = workload; }
  public String getModelCode() { return modelCode; }
  public void setModelCode(String modelCode) { this.modelCode = modelCode; }

  /** The same revision (same name), whatever is known of where it runs. */
  public boolean sameRevision(RevisionStatus other) { return other != null && Objects.equals(name, other.name); }

  public RevisionStatus copy() {
    RevisionStatus c = new RevisionStatus();
    c.name = name; c.model = model; c.baseModel = baseModel; c.inferenceMode = inferenceMode; c.maxContextTokens = maxContextTokens;
    c.unitType = unitType; c.unitCount = unitCount; c.unitMode = unitMode; c.workload = workload; c.modelCode = modelCode;
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RevisionStatus r && Objects.equals(name, r.name) && Objects.equals(model, r.model)
        && Objects.equals(baseModel, r.baseModel) && Objects.equals(inferenceMode, r.inferenceMode)
        && Objects.equals(maxContextTokens, r.maxContextTokens) && Objects.equals(unitType, r.unitType)
        && Objects.equals(unitCount, r.unitCount) && Objects.equals(unitMode, r.unitMode)
        && Objects.equals(workload, r.workload) && Objects.equals(modelCode, r.modelCode);
  }

  @Override
  public int hashCode() { return Objects.hash(name, workload, modelCode); }
}
