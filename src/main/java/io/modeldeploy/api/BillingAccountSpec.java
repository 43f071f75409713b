package io.modeldeploy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Amounts are decimal strings in the catalog's currency (CNY), like status.cost. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BillingAccountSpec {

  @Required
  @Size(max = 20)
  @Pattern("^[0-9]{1,15}(\\.[0-9]{1,2})?$")
  @JsonPropertyDescription("Prepaid balance, e.g. \"5000.00\". Raise it to top up.")
  private String balance;

  @Size(max = 20)
  @Pattern("^[0-9]{1,15}(\\.[0-9]{1,2})?$")
  @Default("0")
  @JsonPropertyDescription("How far below zero the account may go before it is overdue.")
  private String creditLimit;

  public String getBalance() { return balance; }
  public void setBalance(String balance) { this.balance = balance; }
  public String getCreditLimit() { return creditLimit; }
  public void setCreditLimit(String creditLimit) { this.creditLimit = creditLimit; }
}
