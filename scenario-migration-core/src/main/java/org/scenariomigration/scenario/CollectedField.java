package org.scenariomigration.scenario;

import static java.util.Objects.requireNonNull;

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
 * @param type the declared type ({@link FieldType#ANY} when none): values from the host, the profile and the
 *     extractor are converted to it, and {@code collect} outcomes name it. A declared type is part of the step's
 *     content hash.
 */
public record CollectedField(String name, boolean optional, String extractionHint, FieldType type) {

  /** Validates and normalises the components. */
  public CollectedField {
    Ids.require(IdKind.FIELD, name);
    extractionHint = extractionHint == null ? "" : extractionHint;
    type = type == null ? FieldType.ANY : type;
  }

  /** A field with no declared type. */
  public CollectedField(String name, boolean optional, String extractionHint) {
    this(name, optional, extractionHint, FieldType.ANY);
  }

  /** A required field with no extraction hint. */
  public static CollectedField required(String name) {
    return new CollectedField(name, false, "");
  }

  /** A required field of a declared type, with no extraction hint. */
  public static CollectedField required(String name, FieldType type) {
    return new CollectedField(name, false, "", requireNonNull(type, "type"));
  }

  /** An optional field with no extraction hint. */
  public static CollectedField optional(String name) {
    return new CollectedField(name, true, "");
  }
}
