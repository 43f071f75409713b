package io.modeldeploy.api;

/** Standard, or prefill and decode on separate nodes ("PD-separated" in the vendor's tables). */
public enum ModelUnitMode { Standard, PDSeparated }
