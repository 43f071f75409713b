package io.modeldeploy.api;

/** The console's twelve states; a human summary derived from the conditions. */
public enum Phase {
  Pending, Deploying, Running, Resizing, ResizeFailed, DeploymentFailed, TakingOffline, Stopped,
  ServiceSuspended, Suspended, Restoring, Deleting
}
