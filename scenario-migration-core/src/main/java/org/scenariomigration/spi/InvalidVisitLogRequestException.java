package org.scenariomigration.spi;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown by a {@link VisitLog} (and {@code ScenarioMigration.visits}) for an argument out of range: a negative ordinal,
 * an {@code afterOrdinal} below -1, a limit below 1, a version below 1. The message names the argument and its value,
 * as do {@link #argument()} and {@link #value()}; nothing is changed.
 */
public class InvalidVisitLogRequestException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String argument;
  private final long value;

  /**
   * Creates the exception.
   *
   * @param argument the argument out of range: {@code ordinal}, {@code afterOrdinal}, {@code limit} or
   *     {@code version}
   * @param value its value
   * @param message the whole message
   */
  public InvalidVisitLogRequestException(String argument, long value, String message) {
    super(message);
    this.argument = argument;
    this.value = value;
  }

  /** The argument out of range: {@code ordinal}, {@code afterOrdinal}, {@code limit} or {@code version}. */
  public String argument() {
    return argument;
  }

  /** Its value. */
  public long value() {
    return value;
  }
}
