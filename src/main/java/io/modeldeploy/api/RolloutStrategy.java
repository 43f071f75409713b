package io.modeldeploy.api;

/** Full: the new revision takes all traffic once Ready. Canary: it takes traffic step by step, analysed on the way. */
public enum RolloutStrategy { Full, Canary }
