package org.scenariomigration;

import static java.util.Objects.requireNonNull;

/**
 * Thrown when an id does not follow the id grammar of {@link Ids}: it names the {@linkplain #kind() kind of id}, the
 * {@linkplain #value() offending value} and the {@linkplain #rule() rule} it breaks. The message shows the value
 * escaped (every character outside printable ASCII as {@code \}{@code uXXXX}), so that a control character, a lone
 * surrogate, a trailing space or a decomposed accent is visible in a log line.
 */
public class InvalidIdException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  /** The rules of the id grammar; an invalid id breaks at least one. */
  public enum Rule {
    /** The id is the empty string. */
    EMPTY,
    /** The id is longer than {@link Ids#MAX_UTF8_BYTES} bytes in UTF-8. */
    TOO_LONG,
    /** The id holds a UTF-16 surrogate without its pair: it is not valid Unicode. */
    UNPAIRED_SURROGATE,
    /** The id holds a control character (general category Cc: U+0000 to U+001F, U+007F to U+009F). */
    CONTROL_CHARACTER,
    /** The id starts with whitespace (a Unicode {@code White_Space} character: a space, a no-break space ...). */
    LEADING_WHITESPACE,
    /** The id ends with whitespace. */
    TRAILING_WHITESPACE
  }

  private final IdKind kind;
  private final String value;
  private final Rule rule;
  private final int index;

  /**
   * Creates the exception.
   *
   * @param kind the kind of id
   * @param value the offending value
   * @param rule the rule it breaks
   * @param index the UTF-16 index of the offending character, or -1 when the rule concerns the whole id
   */
  public InvalidIdException(IdKind kind, String value, Rule rule, int index) {
    super(message(requireNonNull(kind, "kind"), requireNonNull(value, "value"), requireNonNull(rule, "rule"),
        index));
    this.kind = kind;
    this.value = value;
    this.rule = rule;
    this.index = index;
  }

  private static String message(IdKind kind, String value, Rule rule, int index) {
    String why = switch (rule) {
      case EMPTY -> "it is empty";
      case TOO_LONG -> "it is " + Ids.utf8Length(value) + " bytes long in UTF-8, more than " + Ids.MAX_UTF8_BYTES;
      case UNPAIRED_SURROGATE -> "it is not valid Unicode: an unpaired surrogate " + codePoint(value, index);
      case CONTROL_CHARACTER -> "it contains a control character, " + codePoint(value, index);
      case LEADING_WHITESPACE -> "it starts with whitespace, " + codePoint(value, index);
      case TRAILING_WHITESPACE -> "it ends with whitespace, " + codePoint(value, index);
    };
    return kind.label() + " " + Ids.quote(value) + " is invalid: " + why + " (" + Ids.GRAMMAR + ")";
  }

  private static String codePoint(String value, int index) {
    return String.format("U+%04X at index %d", value.codePointAt(index), index);
  }

  /** The kind of id that was wrong. */
  public IdKind kind() {
    return kind;
  }

  /** The offending value, exactly as given. */
  public String value() {
    return value;
  }

  /** The rule the value breaks. */
  public Rule rule() {
    return rule;
  }

  /** The UTF-16 index of the offending character, or -1 when the rule concerns the whole id (empty, too long). */
  public int index() {
    return index;
  }
}
