package org.scenariomigration.condition;

/**
 * Compiles condition text into {@link CompiledCondition}s. This is a service-provider interface: the library uses
 * {@link #builtIn()} unless the host plugs in another engine (for example one backed by a full CEL implementation).
 *
 * <p>Implementations must be thread-safe and must report every problem with the text as a
 * {@link ConditionSyntaxException}.
 */
public interface ConditionEngine {

  /**
   * Parses and compiles {@code expression} once, so that the result can be evaluated many times.
   *
   * @param expression the condition text, e.g. {@code customer.age >= 18}; a null text is reported as a syntax error
   * @return the compiled condition, never null
   * @throws ConditionSyntaxException if the text is null, empty, too long, nested too deeply or not a valid
   *     condition; the exception carries the position of the problem
   */
  CompiledCondition compile(String expression);

  /** Returns the built-in engine with the default limits, {@link BuiltInConditionEngine#defaults()}. */
  static ConditionEngine builtIn() {
    return BuiltInConditionEngine.defaults();
  }
}
