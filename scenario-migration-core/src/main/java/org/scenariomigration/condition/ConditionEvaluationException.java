package org.scenariomigration.condition;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown when evaluating a compiled condition yields an error instead of a boolean: a field it reads is missing, a
 * value has the wrong type for an operator, an integer overflows, or the whole condition evaluates to something that is
 * not a boolean. The message names the condition and the problem, for example
 * {@code cannot evaluate 'age >= 18': no such field 'age'}.
 */
public class ConditionEvaluationException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String expression;
  private final String problem;

  /**
   * Creates an exception for {@code problem} found while evaluating {@code expression}.
   *
   * @param expression the source text of the condition being evaluated
   * @param problem what went wrong, in lowercase, e.g. {@code "no such field 'age'"}
   */
  public ConditionEvaluationException(String expression, String problem) {
    super(message(expression, problem));
    this.expression = expression;
    this.problem = problem;
  }

  /**
   * Creates an exception for {@code problem} found while evaluating {@code expression} by a component that threw
   * {@code cause} (for example another engine plugged in through {@link ConditionEngine}).
   *
   * @param expression the source text of the condition being evaluated
   * @param problem what went wrong, in lowercase
   * @param cause the underlying failure
   */
  public ConditionEvaluationException(String expression, String problem, Throwable cause) {
    super(message(expression, problem), cause);
    this.expression = expression;
    this.problem = problem;
  }

  /** Returns the source text of the condition whose evaluation failed, exactly as it was compiled. */
  public String expression() {
    return expression;
  }

  /** What went wrong, in lowercase, for example {@code no such field 'age'}. */
  public String problem() {
    return problem;
  }

  private static String message(String expression, String problem) {
    return "cannot evaluate " + Texts.quote(expression) + ": " + problem;
  }
}
