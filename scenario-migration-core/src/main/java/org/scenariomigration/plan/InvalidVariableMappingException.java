package org.scenariomigration.plan;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A plan's variable mappings were refused: a field the old version does not know, a value or a type the new version's
 * field cannot take, renames in a cycle, two mappings of one field, or an expression that does not compile. The
 * message names the plan, the variable and the bad value; nothing is stored.
 */
public final class InvalidVariableMappingException extends InvalidPlanException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with a mapping. */
  public enum Problem {
    /** A source field (renamed, dropped, read by an expression) is not known in the old version. */
    UNKNOWN_FIELD,
    /** A value or type does not fit the declared type of the field in the new version. */
    TYPE_MISMATCH,
    /** Renames form a cycle. */
    CYCLE,
    /** Two mappings write or remove the same field, or a field is both written and read away by renames. */
    CONFLICT,
    /** A computed field's expression does not compile. */
    BAD_EXPRESSION;

    /** The JSON name, for example {@code unknown_field}. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Problem problem;
  private final String variable;

  /**
   * Creates the exception.
   *
   * @param problem what is wrong
   * @param variable the variable the mapping concerns
   * @param value the bad value as text (a field name, an expression, a value), or {@code null}
   * @param message the whole message, naming the variable and the value
   */
  public InvalidVariableMappingException(Problem problem, String variable, String value, String message) {
    super("variable_mappings", value, message);
    this.problem = requireNonNull(problem, "problem");
    this.variable = variable;
  }

  /** What is wrong. */
  public Problem problem() {
    return problem;
  }

  /** The variable the refused mapping concerns. */
  public String variable() {
    return variable;
  }
}
