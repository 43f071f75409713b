package io.modeldeploy.api;

public enum InferenceMode { Instruct, Thinking }
