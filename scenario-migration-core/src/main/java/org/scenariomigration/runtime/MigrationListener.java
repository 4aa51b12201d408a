package org.scenariomigration.runtime;

/**
 * Receives {@link MigrationEvent}s, synchronously on the calling thread, after the change they describe was stored. A
 * listener that throws is logged and otherwise ignored: it never fails a migration. Register listeners with
 * {@link ScenarioMigration.Builder#listener(MigrationListener)}.
 */
@FunctionalInterface
public interface MigrationListener {

  /** Called for every event. */
  void onEvent(MigrationEvent event);
}
