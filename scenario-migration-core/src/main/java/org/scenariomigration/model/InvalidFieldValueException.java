package org.scenariomigration.model;

import org.scenariomigration.ScenarioMigrationException;

/**
 * A value that a field's declared {@link FieldType} cannot hold and that cannot be converted to it unambiguously.
 * Nothing was stored.
 */
public class InvalidFieldValueException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final transient Object value;
  private final transient FieldType type;

  /** An exception for {@code value} of {@code field} of type {@code type}. */
  public InvalidFieldValueException(String field, Object value, FieldType type) {
    super("field '" + field + "' of type " + type + " cannot hold " + show(value) + " ("
        + (value == null ? "null" : value.getClass().getSimpleName()) + ")");
    this.field = field;
    this.value = value;
    this.type = type;
  }

  private static String show(Object value) {
    String s = value instanceof String t ? "\"" + t + "\"" : String.valueOf(value);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /** The field. */
  public String field() {
    return field;
  }

  /** The refused value. */
  public Object value() {
    return value;
  }

  /** The field's declared type. */
  public FieldType type() {
    return type;
  }
}
