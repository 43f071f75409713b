package io.modeldeploy.reconciler;

import io.javaoperatorsdk.operator.Operator;
import io.modeldeploy.config.OperatorConfig;
import io.modeldeploy.config.Role;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Starts the reconcilers in the operator role only, and stops them with the application
 * (quarkus.operator-sdk.start-operator is fixed at build time, and the gateway runs from the same
 * build; with it off, the extension neither starts nor stops the operator).
 */
public class OperatorStart {

  @Inject Operator operator;
  @Inject OperatorConfig config;

  void onStart(@Observes StartupEvent event) {
    if (config.role() == Role.operator) operator.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    if (config.role() == Role.operator) operator.stop();
  }
}
