package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown by {@link SessionQuery.Builder} when a bound of the query is out of range (a version below 1, a negative age,
 * a minimum age above the maximum). The message names the bound and its value; nothing was built.
 */
public class InvalidSessionQueryException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String value;

  /**
   * Creates the exception.
   *
   * @param field the bound, as the query JSON names it ({@code version}, {@code min_age_days}, {@code max_age_days})
   * @param value the bad value, as text
   * @param message the whole message
   */
  public InvalidSessionQueryException(String field, String value, String message) {
    super(message);
    this.field = field;
    this.value = value;
  }

  /** The bound, as the query JSON names it. */
  public String field() {
    return field;
  }

  /** The bad value, as text. */
  public String value() {
    return value;
  }
}
