package org.scenariomigration.condition;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown when a condition cannot be compiled: its text is null, empty, too long, nested too deeply, or not part of the
 * condition language. The exception names the text and the 0-based character offset at which the problem was found,
 * for example {@code condition syntax error at position 7 in 'age >= ': expected an operand but found end of input}.
 */
public class ConditionSyntaxException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  /** The source text, or null when the text given to the engine was null. */
  private final String expression;
  private final int position;
  private final String problem;

  /**
   * Creates an exception for a problem at {@code position} in {@code expression}.
   *
   * @param expression the text that failed to compile, or null when the engine was given null
   * @param position the 0-based character offset of the problem; not negative
   * @param problem what is wrong, in lowercase, e.g. {@code "expected an operand but found end of input"}
   * @throws IllegalArgumentException if {@code position} is negative
   */
  public ConditionSyntaxException(String expression, int position, String problem) {
    super(message(expression, position, problem));
    this.expression = expression;
    this.position = position;
    this.problem = problem;
  }

  /**
   * Creates an exception for a problem at {@code position} in {@code expression} that was detected by a component
   * that threw {@code cause} (for example another engine plugged in through {@link ConditionEngine}).
   *
   * @param expression the text that failed to compile, or null when the engine was given null
   * @param position the 0-based character offset of the problem; not negative
   * @param problem what is wrong, in lowercase
   * @param cause the underlying failure
   * @throws IllegalArgumentException if {@code position} is negative
   */
  public ConditionSyntaxException(String expression, int position, String problem, Throwable cause) {
    super(message(expression, position, problem), cause);
    this.expression = expression;
    this.position = position;
    this.problem = problem;
  }

  /**
   * Returns the text that failed to compile, exactly as it was given (it may be longer than what the message
   * shows), or null when the engine was given null.
   */
  public String expression() {
    return expression;
  }

  /**
   * Returns the 0-based character (UTF-16 code unit) offset in {@link #expression()} at which the problem was
   * found.
   */
  public int position() {
    return position;
  }

  /** What is wrong, in lowercase, for example {@code expected an operand but found end of input}. */
  public String problem() {
    return problem;
  }

  private static String message(String expression, int position, String problem) {
    if (position < 0) {
      throw new IllegalArgumentException("position must not be negative but was " + position);
    }
    if (expression == null) {
      return "condition syntax error at position " + position + ": " + problem;
    }
    return "condition syntax error at position " + position + " in " + Texts.quote(expression) + ": " + problem;
  }
}
