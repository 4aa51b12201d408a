package org.scenariomigration.condition;

import static java.util.Objects.requireNonNull;

/**
 * A comparison of a field with a literal inside a condition, known without evaluating it: {@code age < 18} is the
 * field {@code age}, the operator {@code <} and the literal {@code 18}. Plan review uses these to flag comparisons
 * that can never hold for a field's declared type.
 *
 * @param field the dotted path of the field
 * @param operator {@code ==}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=} or {@code in} (the field is
 *     an element of a list literal; {@code literal} is then one element)
 * @param literal the literal: {@code null}, a {@link Boolean}, {@link Long}, {@link Double} or {@link String}
 */
public record Comparison(String field, String operator, Object literal) {
  /** Validates the components. */
  public Comparison {
    requireNonNull(field, "field");
    requireNonNull(operator, "operator");
  }
}
