package io.modeldeploy.api;

public enum BillingPlan { PayAsYouGo, Subscription }
