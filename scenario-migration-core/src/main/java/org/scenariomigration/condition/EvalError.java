package org.scenariomigration.condition;

/**
 * An error produced while evaluating a condition. Errors are values, not exceptions, so that {@code &&} and
 * {@code ||} can absorb them the way CEL does; only the final result is turned into a
 * {@link ConditionEvaluationException}.
 */
final class EvalError {
  final String message;

  EvalError(String message) {
    this.message = message;
  }

  @Override
  public String toString() {
    return "error: " + message;
  }
}
