package org.scenariomigration.spi;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown by a store when a record that must be new already exists (a session id, a plan id), or when a scenario
 * version is saved again with different content. Nothing is changed.
 */
public class DuplicateRecordException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public DuplicateRecordException(String message) {
    super(message);
  }
}
