package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;

/** Thrown when a tenant has no such scenario, version or step. */
public class UnknownScenarioException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public UnknownScenarioException(String message) {
    super(message);
  }
}
