package org.scenariomigration.runtime;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands migration events to the metrics and the host's listeners; a listener that throws is logged, never lets the
 * migration fail. Events of an operator call are held back until it completes ({@link #deferEvents}).
 * Package-private.
 */
final class EventPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(ScenarioMigration.class);

  private final MigrationMetrics metrics;
  private final List<MigrationListener> listeners;

  EventPublisher(MigrationMetrics metrics, List<MigrationListener> listeners) {
    this.metrics = metrics;
    this.listeners = List.copyOf(listeners);
  }

  /** Events of the operator call running on this thread, held back until it completes ({@link #deferEvents}). */
  private final ThreadLocal<List<MigrationEvent>> deferred = new ThreadLocal<>();

  /**
   * Holds back the events this thread publishes into {@code into} (or publishes them again when {@code null});
   * returns what was set before, so that a nested operator call joins the outer one's.
   */
  List<MigrationEvent> deferEvents(List<MigrationEvent> into) {
    List<MigrationEvent> before = deferred.get();
    if (into == null) {
      deferred.remove();
    } else {
      deferred.set(into);
    }
    return before;
  }

  /** Publishes to the metrics and the listeners, or holds it back for the operator call running on this thread. */
  void publish(MigrationEvent event) {
    List<MigrationEvent> held = deferred.get();
    if (held != null) {
      held.add(event);
      return;
    }
    metrics.onEvent(event);
    for (MigrationListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("migration listener {} failed on {}: {}", l, event.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
