package io.modeldeploy.bench;

import java.util.Map;

/** The operator's requests to the API server during a run, by Kubernetes verb. */
interface RequestCount extends AutoCloseable {

  /** Waits until every request made so far is counted. */
  void settle();

  Map<String, Long> byVerb();

  /** Creates, updates, patches and deletes of objects other than Events. */
  long writes();

  long eventWrites();

  void reset();

  @Override
  void close();
}
