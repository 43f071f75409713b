package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.capacityPacks) || self.capacityPacks.all(p, self.capacityPacks.filter(q, q.name == p.name).size() == 1)",
    message = "capacityPacks: each pack needs a name of its own")
// A bought pack's throughput cannot be changed and its days only grow (they renew it); a pack removed and added again is a new one.
@ValidationRule(value = "!has(oldSelf.capacityPacks) || !has(self.capacityPacks) || oldSelf.capacityPacks.all(o,"
    + " !self.capacityPacks.exists(p, p.name == o.name) || self.capacityPacks.exists(p, p.name == o.name"
    + " && p.inputTPM == o.inputTPM && p.outputTPM == o.outputTPM && p.days >= o.days))",
    message = "capacityPacks: a bought pack's inputTPM and outputTPM are fixed and its days can only be raised (to renew it);"
        + " buy more throughput as a pack of another name")
public class ProvisionedThroughput {

  @Required
  @Min(1)
  @Max(1000000000)
  @JsonPropertyDescription("Reserved input tokens per minute. Priced per 10,000 TPM per day.")
  private Long inputTPM;

  @Required
  @Min(0)
  @Max(1000000000)
  @JsonPropertyDescription("Reserved output tokens per minute. Priced per 1,000 TPM per day.")
  private Long outputTPM;

  @Min(0)
  @Max(1000000000)
  @JsonPropertyDescription("Reserved thinking-output tokens per minute; only where the catalog prices it.")
  private Long thinkingOutputTPM;

  @io.fabric8.generator.annotation.Default("PayAsYouGo")
  @Size(max = 16)
  @JsonDeserialize(using = LenientEnum.class)
  @JsonPropertyDescription("Traffic beyond the reservation: PayAsYouGo (the vendor's auto overflow, billed at the model's pay-as-you-go token prices; the default) or Reject (refused with 429).")
  private Overflow overflow;

  @Size(max = 10)
  @JsonPropertyDescription("Prepaid capacity packs bought on top of this throughput (ModelStudio provider), each priced in status.cost.capacityPacks.")
  private List<CapacityPack> capacityPacks;

  public Overflow getOverflow() { return overflow; }
  public void setOverflow(Overflow overflow) { this.overflow = overflow; }

  /** Unset is the vendor's default: overflow served pay-as-you-go. */
  @JsonIgnore
  public Overflow effectiveOverflow() { return overflow == null ? Overflow.PayAsYouGo : overflow; }

  public List<CapacityPack> getCapacityPacks() { return capacityPacks; }
  public void setCapacityPacks(List<CapacityPack> capacityPacks) { this.capacityPacks = capacityPacks; }

  /** The packs, none when the field is absent. */
  @JsonIgnore
  public List<CapacityPack> packs() { return capacityPacks == null ? List.of() : capacityPacks; }
  public Long getInputTPM() { return inputTPM; }
  public void setInputTPM(Long inputTPM) { this.inputTPM = inputTPM; }
  public Long getOutputTPM() { return outputTPM; }
  public void setOutputTPM(Long outputTPM) { this.outputTPM = outputTPM; }
  public Long getThinkingOutputTPM() { return thinkingOutputTPM; }
  public void setThinkingOutputTPM(Long thinkingOutputTPM) { this.thinkingOutputTPM = thinkingOutputTPM; }
}
