package io.modeldeploy.api;

/**
 * What happens to traffic beyond a provisioned-throughput reservation: served at the model's
 * pay-as-you-go prices (the vendor's "auto overflow", its default) or refused with 429.
 */
public enum Overflow { PayAsYouGo, Reject }
