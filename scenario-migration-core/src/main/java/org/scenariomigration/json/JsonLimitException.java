package org.scenariomigration.json;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON document is beyond one of the limits its reader or writer keeps: nested too deeply, a string, a number, a key
 * or the whole document too long. The message names the document, the limit and its maximum, for example
 * {@code scenario JSON is malformed at $ (line 1, column 65): nested more than 64 levels deep (limit: nesting depth
 * 64)}. The readers and writers that throw it never recurse past their nesting limit, so a document nested 10,000
 * levels deep ends here and not in a {@link StackOverflowError}. Nothing is stored by an operation that throws it.
 */
public class JsonLimitException extends MalformedJsonException {
  private static final long serialVersionUID = 1L;

  /** The limit on how deeply arrays and objects nest. */
  public static final String NESTING_DEPTH = "nesting depth";
  /** The limit on the characters of one string value. */
  public static final String STRING_LENGTH = "string length";
  /** The limit on the characters of one object key. */
  public static final String NAME_LENGTH = "name length";
  /** The limit on the characters of one number. */
  public static final String NUMBER_LENGTH = "number length";
  /** The limit on the characters of the whole document. */
  public static final String DOCUMENT_LENGTH = "document length";
  /** The limit on the tokens of the whole document. */
  public static final String TOKEN_COUNT = "token count";

  private static final Pattern MAXIMUM = Pattern.compile("maximum allowed \\((\\d+)");

  private final String limit;
  private final long maximum;

  /**
   * Creates the exception.
   *
   * @param document which document, for example {@code scenario} or {@code stored session variables}
   * @param path where in it, for example {@code $ (line 1, column 65)}
   * @param limit which limit: one of the constants of this class
   * @param maximum the limit's value
   * @param cause the reader's or writer's exception, or {@code null}
   */
  public JsonLimitException(String document, String path, String limit, long maximum, Throwable cause) {
    super(document, path, describe(limit, maximum), cause);
    this.limit = limit;
    this.maximum = maximum;
  }

  /** Which limit: one of the constants of this class, for example {@link #NESTING_DEPTH}. */
  public String limit() {
    return limit;
  }

  /** The limit's value, for example 64 levels or 1,048,576 characters. */
  public long maximum() {
    return maximum;
  }

  private static String describe(String limit, long maximum) {
    String what = switch (limit) {
      case NESTING_DEPTH -> "nested more than " + maximum + " levels deep";
      case STRING_LENGTH -> "a string longer than " + maximum + " characters";
      case NAME_LENGTH -> "a key longer than " + maximum + " characters";
      case NUMBER_LENGTH -> "a number longer than " + maximum + " characters";
      case DOCUMENT_LENGTH -> "longer than " + maximum + " characters";
      default -> "more than " + maximum + " of " + limit;
    };
    return what + " (limit: " + limit + " " + maximum + ")";
  }

  /**
   * The limit exception for a limit Jackson's stream constraints enforced ({@code StreamConstraintsException}, whose
   * message names the limit and its maximum), or {@code null} when {@code e} is not about a limit.
   *
   * @param document which document
   * @param path where in it
   * @param e Jackson's exception
   */
  public static JsonLimitException fromConstraint(String document, String path, Exception e) {
    String m = String.valueOf(e.getMessage());
    String limit;
    if (m.contains("nesting depth")) {
      limit = NESTING_DEPTH;
    } else if (m.startsWith("String value length")) {
      limit = STRING_LENGTH;
    } else if (m.startsWith("Name length")) {
      limit = NAME_LENGTH;
    } else if (m.startsWith("Number value length")) {
      limit = NUMBER_LENGTH;
    } else if (m.startsWith("Document length")) {
      limit = DOCUMENT_LENGTH;
    } else if (m.startsWith("Token count")) {
      limit = TOKEN_COUNT;
    } else {
      return null;
    }
    Matcher max = MAXIMUM.matcher(m);
    return new JsonLimitException(document, path, limit, max.find() ? Long.parseLong(max.group(1)) : -1, e);
  }
}
