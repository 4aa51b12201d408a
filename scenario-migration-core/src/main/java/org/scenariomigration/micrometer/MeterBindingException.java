package org.scenariomigration.micrometer;

import org.scenariomigration.ScenarioMigrationException;

/**
 * A {@link MicrometerMigrationMetrics} binding was refused: its engine tag is blank, or another binding with the same
 * engine tag is already bound to the registry (its meters would silently read the first engine's counters). The
 * message names the tag.
 */
public class MeterBindingException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public MeterBindingException(String message) {
    super(message);
  }
}
