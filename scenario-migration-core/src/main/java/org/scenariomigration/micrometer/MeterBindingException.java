package org.scenariomigration.micrometer;

import org.scenariomigration.ScenarioMigrationException;

/**
 * A {@link MicrometerMigrationMetrics} binding was refused: its engine tag is blank, or another binding with the same
 * engine tag is already bound to the registry (its meters would silently read the first engine's counters). The
 * message and {@link #engineTag()} name the tag.
 */
public class MeterBindingException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String engineTag;

  /** Creates the exception for the refused {@code engineTag} (as given, possibly blank or {@code null}). */
  public MeterBindingException(String engineTag, String message) {
    super(message);
    this.engineTag = engineTag;
  }

  /** The refused engine tag, as given (blank or {@code null} when that was the problem). */
  public String engineTag() {
    return engineTag;
  }
}
