package io.modeldeploy.api;

import java.util.Map;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelUnit implements LenientEnum.Holder {

  @JsonIgnore
  private final Map<String, String> unreadable = LenientEnum.none();


  @Required
  @Size(min = 3, max = 16)
  @Pattern("^MU[0-9]+$")
  @JsonPropertyDescription("Model-unit type, e.g. MU1. Which types a model offers comes from the price catalog.")
  private String type;

  @Required
  @Min(1)
  @Max(256)
  @JsonPropertyDescription("Units per replica, e.g. 8 for \"MU1 x 8\". Must be a spec the catalog offers for the model.")
  private Integer count;

  @Size(max = 16)
  @Default("Standard")
  @JsonPropertyDescription("Standard, or PDSeparated (prefill and decode on separate nodes) where the catalog offers it.")
  @JsonDeserialize(using = LenientEnum.class)
  private ModelUnitMode mode;

  public String getType() { return type; }
  public void setType(String type) { this.type = type; }
  public Integer getCount() { return count; }
  public void setCount(Integer count) { this.count = count; }
  public ModelUnitMode getMode() { return mode; }
  public void setMode(ModelUnitMode mode) { this.mode = mode; }

  public ModelUnitMode effectiveMode() { return mode == null ? ModelUnitMode.Standard : mode; }

  /** The vendor's notation, e.g. "MU1 x 8", or "MU1 x 16 (PDSeparated)". */
  public String display() { return display(type, count, effectiveMode()); }

  public static String display(String type, int count, ModelUnitMode mode) {
    return type + " x " + count + (mode == ModelUnitMode.PDSeparated ? " (PDSeparated)" : "");
  }

  /** Enum values this operator version could not read, by property (see LenientEnum). */
  @Override
  public Map<String, String> unreadable() { return unreadable; }
}
