package io.modeldeploy.api;

public enum ProviderType { Kubernetes, ModelStudio }
