package io.modeldeploy.api;

public enum BillingMethod { ProvisionedThroughput, ModelUnit, TokenUsage }
