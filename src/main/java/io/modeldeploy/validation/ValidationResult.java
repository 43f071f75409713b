package io.modeldeploy.validation;

import io.modeldeploy.catalog.Offer;
import java.util.List;

/** Either the catalog offer the spec is priced from, or every error found. */
public record ValidationResult(List<SpecError> errors, Offer offer) {

  public static ValidationResult invalid(List<SpecError> errors) { return new ValidationResult(List.copyOf(errors), null); }

  public static ValidationResult valid(Offer offer) { return new ValidationResult(List.of(), offer); }

  public boolean isValid() { return errors.isEmpty(); }
}
