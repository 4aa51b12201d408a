package org.scenariomigration.model;

import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;

/**
 * A field that a step collects from the customer.
 *
 * @param name the field name, as used in session variables, profiles and conditions; it follows the id grammar
 *     ({@link Ids}) and may be a dotted path such as {@code customer.age}
 * @param optional whether the field may stay empty; gap fill never asks for an optional field
 * @param extractionHint a hint for conversation extraction (for example "the customer's age in years"); empty when
 *     none. The hint is not part of the step's content hash: editing it does not break an anchor.
 */
public record CollectedField(String name, boolean optional, String extractionHint) {

  /** Validates and normalises the components. */
  public CollectedField {
    Ids.require(IdKind.FIELD, name);
    extractionHint = extractionHint == null ? "" : extractionHint;
  }

  /** A required field with no extraction hint. */
  public static CollectedField required(String name) {
    return new CollectedField(name, false, "");
  }

  /** An optional field with no extraction hint. */
  public static CollectedField optional(String name) {
    return new CollectedField(name, true, "");
  }
}
