package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;

/** Thrown when a configuration value or document is invalid; the message names every bad key and value. */
public class InvalidConfigException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public InvalidConfigException(String message) {
    super(message);
  }

  /** Creates the exception with a cause. */
  public InvalidConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
