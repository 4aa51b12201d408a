package org.scenariomigration.scenario;

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
    // a list or map is described, not printed: printing recurses as deep as it nests (10,000 levels overflow)
    if (value instanceof java.util.Collection<?> c) {
      return "a " + value.getClass().getSimpleName() + " of " + c.size() + " elements";
    }
    if (value instanceof java.util.Map<?, ?> m) {
      return "a " + value.getClass().getSimpleName() + " of " + m.size() + " entries";
    }
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
