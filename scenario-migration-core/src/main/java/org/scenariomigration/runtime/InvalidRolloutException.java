package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;

/** Thrown when a rollout percent is out of range or would narrow a rollout. Nothing is changed. */
public class InvalidRolloutException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public InvalidRolloutException(String message) {
    super(message);
  }
}
