package org.scenariomigration.condition;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled condition: immutable, thread-safe and cheap to evaluate repeatedly. Obtain one from
 * {@link ConditionEngine#compile(String)}.
 */
public interface CompiledCondition {

  /** Returns the source text exactly as it was given to {@link ConditionEngine#compile(String)}. */
  String expression();

  /**
   * Returns the dotted paths of the fields this condition reads, known without evaluating it: an immutable set in
   * natural (sorted) order. For {@code customer.age >= 18 && has(a.b)} it is {@code [a.b, customer.age]}; for
   * {@code x in [1, 2]} it is {@code [x]}. A path read only through {@code has()} is included.
   */
  Set<String> fieldsRead();

  /**
   * Returns the comparisons of a field with a literal that the condition makes, known without evaluating it; for
   * {@code age < 18 && tier in ["gold", "silver"]} they are {@code age < 18}, {@code tier in "gold"} and
   * {@code tier in "silver"}. Plan review checks them against the fields' declared types. An engine that cannot tell
   * returns an empty list, the default.
   */
  default List<Comparison> comparisons() {
    return List.of();
  }

  /**
   * Evaluates the condition against {@code variables}, whose keys are top-level field names; nested {@link Map}s are
   * reached with dotted paths.
   *
   * @param variables the values of the fields; values may be null, numbers, strings, booleans, lists and maps
   * @return the boolean result
   * @throws ConditionEvaluationException if the result is an error (a missing field, a type mismatch, an overflow)
   *     or is not a boolean
   * @throws NullPointerException if {@code variables} is null
   */
  boolean evaluate(Map<String, ?> variables);
}
