package io.modeldeploy.api;

/** Who turns metrics into replicas: the operator itself, or a HorizontalPodAutoscaler it owns. */
public enum AutoscalingEngine { Builtin, HPA }
