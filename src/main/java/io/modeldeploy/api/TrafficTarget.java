package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A revision taking calls through the inference gateway: its share, and where the gateway sends them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrafficTarget {

  @JsonPropertyDescription("The revision's name (status.rollout.stable.name or canary.name).")
  private String revision;
  @JsonPropertyDescription("stable or canary.")
  private String role;
  @JsonPropertyDescription("Percent of the deployment's calls the gateway sends to it.")
  private Integer percent;
  @JsonPropertyDescription("Its replicas ready to serve.")
  private Integer readyReplicas;
  @JsonPropertyDescription("The code it serves under (the gateway rewrites calls' model field to it).")
  private String modelCode;
  @JsonPropertyDescription("Its OpenAI-compatible base URL.")
  private String endpoint;

  public TrafficTarget() {}

  public TrafficTarget(String revision, String role, int percent, int readyReplicas, String modelCode, String endpoint) {
    this.revision = revision;
    this.role = role;
    this.percent = percent;
    this.readyReplicas = readyReplicas;
    this.modelCode = modelCode;
    this.endpoint = endpoint;
  }

  public String getRevision() { return revision; }
  public void setRevision(String revision) { this.revision = revision; }
  public String getRole() { return role; }
  public void setRole(String role) { this.role = role; }
  public Integer getPercent() { return percent; }
  public void setPercent(Integer percent) { this.percent = percent; }
  public Integer getReadyReplicas() { return readyReplicas; }
  public void setReadyReplicas(Integer readyReplicas) { this.readyReplicas = readyReplicas; }
  public String getModelCode() { return modelCode; }
  public void setModelCode(String modelCode) { this.modelCode = modelCode; }
  public String getEndpoint() { return endpoint; }
  public void setEndpoint(String endpoint) { this.endpoint = endpoint; }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrafficTarget t && Objects.equals(revision, t.revision) && Objects.equals(role, t.role)
        && Objects.equals(percent, t.percent) && Objects.equals(readyReplicas, t.readyReplicas)
        && Objects.equals(modelCode, t.modelCode) && Objects.equals(endpoint, t.endpoint);
  }

  @Override
  public int hashCode() { return Objects.hash(revision, percent); }
}
