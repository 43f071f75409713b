package io.modeldeploy.api;

/** A day a schedule window starts on. Fixed for good, so read strictly (no lenient reading needed). */
public enum Weekday { Mon, Tue, Wed, Thu, Fri, Sat, Sun }
