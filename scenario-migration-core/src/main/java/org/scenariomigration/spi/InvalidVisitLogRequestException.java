package org.scenariomigration.spi;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown by a {@link VisitLog} (and {@code ScenarioMigration.visits}) for an argument out of range: a negative ordinal,
 * an {@code afterOrdinal} below -1, a limit below 1, a version below 1. The message names the argument and its value;
 * nothing is changed.
 */
public class InvalidVisitLogRequestException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public InvalidVisitLogRequestException(String message) {
    super(message);
  }
}
