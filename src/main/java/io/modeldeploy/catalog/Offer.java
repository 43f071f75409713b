package io.modeldeploy.catalog;

import io.modeldeploy.catalog.CatalogFile.ModelUnitModel;
import io.modeldeploy.catalog.CatalogFile.ModelUnitSpec;
import io.modeldeploy.catalog.CatalogFile.PtuModel;
import io.modeldeploy.catalog.CatalogFile.TokenModel;

/** The catalog rows a valid spec is priced from. */
public sealed interface Offer {

  record ModelUnitOffer(ModelUnitModel model, ModelUnitSpec spec) implements Offer {}

  record ProvisionedThroughputOffer(PtuModel model) implements Offer {}

  record TokenUsageOffer(TokenModel model) implements Offer {}
}
