package org.scenariomigration.spi;

import org.scenariomigration.session.EndReason;
import org.scenariomigration.ScenarioMigrationException;

/** An end reason breaks the grammar of {@link EndReason}; nothing is changed. */
public class InvalidEndReasonException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String value;

  /** Creates the exception for {@code value}. */
  public InvalidEndReasonException(String value) {
    super("invalid end reason '" + value + "': expected 1 to 64 characters of a-z, 0-9, '_', '-' and '.', starting"
        + " with a letter");
    this.value = value;
  }

  /** The value refused. */
  public String value() {
    return value;
  }
}
