package org.scenariomigration.spi;

import org.scenariomigration.session.VariableValues;
import org.scenariomigration.ScenarioMigrationException;

/**
 * A session variable, profile value or extracted value is outside the value model of {@link VariableValues}: a type
 * the model does not have (a {@link Character}, a {@link java.time.LocalDate}, an array, {@code NaN}, a string with
 * U+0000 ...), or a value beyond one of its limits (nesting depth, elements, string length, characters, digits). The
 * message names the field, with the path inside a nested value ({@code address.lines[2]}), and the offending value's
 * Java type or the limit. The operation that throws it stores nothing.
 */
public class UnsupportedValueException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String valueType;
  private final String limit;

  /**
   * Creates the exception.
   *
   * @param field the field and the path inside its value, for example {@code address.lines[2]}
   * @param valueType the offending value's Java type ({@code null} for a {@code null} map key)
   * @param limit the name of the limit exceeded (a constant of {@link VariableValues}, for example
   *     {@code MAX_DEPTH}), or {@code null} when the value's type or content is the problem
   * @param message the whole message
   */
  public UnsupportedValueException(String field, String valueType, String limit, String message) {
    super(message);
    this.field = field;
    this.valueType = valueType;
    this.limit = limit;
  }

  /** The field and the path inside its value, for example {@code address.lines[2]}. */
  public String field() {
    return field;
  }

  /** The offending value's Java type (a class name), or {@code null} for a {@code null} map key. */
  public String valueType() {
    return valueType;
  }

  /**
   * The limit exceeded: the name of a constant of {@link VariableValues} such as {@code MAX_DEPTH}, or {@code null}
   * when the value is unsupported whatever its size.
   */
  public String limit() {
    return limit;
  }
}
