package org.scenariomigration;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Optional;

/**
 * The id grammar: what a tenant, session, customer, channel, scenario, step, field, plan or journal record id may be
 * ({@link IdKind}). The same for every store, so that two ids the library tells apart are never one key in a
 * database:
 *
 * <ul>
 *   <li>not empty, and at most {@link #MAX_UTF8_BYTES} (255) bytes long in UTF-8 (255 ASCII characters, 127 of
 *       U+0080 to U+07FF, 85 of the rest of the Basic Multilingual Plane, 63 outside it), which every database's
 *       column stores whole;
 *   <li>valid Unicode: no UTF-16 surrogate without its pair (a driver would encode it as {@code ?});
 *   <li>no control character (general category Cc: U+0000 to U+001F, U+007F to U+009F), anywhere;
 *   <li>no whitespace (the Unicode {@code White_Space} characters: space, no-break space, ideographic space, line and
 *       paragraph separators ...) at the start or at the end.
 * </ul>
 *
 * <p>Everything else is an id, compared exactly, code unit by code unit: {@code acme} and {@code ACME} are two
 * tenants, and so are {@code é} (U+00E9) and {@code e} followed by U+0301, a full-width {@code ＡＣＭＥ}, or ids
 * with a space, a quote, a {@code %}, a backslash or an emoji inside. Nothing is trimmed, folded or normalised. Field
 * names may be dotted paths ({@code customer.age}).
 *
 * <p>Ids enter the library through {@code ScenarioMigration}, the model's builders and values, and the stores; each
 * checks them with {@link #require} and throws {@link InvalidIdException}. The check of a short ASCII id is one pass
 * over its characters.
 */
public final class Ids {
  /** The longest id, in bytes of its UTF-8 encoding. */
  public static final int MAX_UTF8_BYTES = 255;

  /** The grammar in one sentence, for messages. */
  static final String GRAMMAR = "an id is 1 to " + MAX_UTF8_BYTES
      + " bytes of UTF-8, valid Unicode, with no control character and no whitespace at either end";

  private static final long VALID = -1L;
  private static final int QUOTE_LIMIT = 96;

  private Ids() {}

  /**
   * Checks an id and returns it.
   *
   * @throws NullPointerException naming the parameter ({@link IdKind#parameterName()}: "tenantId must not be null")
   *     when {@code id} is null
   * @throws InvalidIdException when it breaks a rule of the grammar
   */
  public static String require(IdKind kind, String id) {
    if (id == null) {
      throw new NullPointerException(requireNonNull(kind, "kind").parameterName() + " must not be null");
    }
    long v = check(id);
    if (v != VALID) {
      throw exception(requireNonNull(kind, "kind"), id, v);
    }
    return id;
  }

  /**
   * Checks every id of a collection and returns the collection.
   *
   * @throws NullPointerException when the collection or one of its elements is null
   * @throws InvalidIdException for the first element that breaks a rule
   */
  public static <C extends Collection<String>> C requireAll(IdKind kind, C ids) {
    requireNonNull(ids, kind.parameterName() + "s must not be null");
    for (String id : ids) {
      require(kind, id);
    }
    return ids;
  }

  /** Checks an id that may be absent: {@code null} passes, anything else must follow the grammar. */
  public static String requireOptional(IdKind kind, String id) {
    return id == null ? null : require(kind, id);
  }

  /** Whether {@code id} follows the grammar; {@code false} for {@code null}. */
  public static boolean isValid(String id) {
    return id != null && check(id) == VALID;
  }

  /** The rule {@code id} breaks (one of them when it breaks several), or empty when it follows the grammar. */
  public static Optional<InvalidIdException.Rule> brokenRule(String id) {
    requireNonNull(id, "id");
    long v = check(id);
    return v == VALID ? Optional.empty() : Optional.of(InvalidIdException.Rule.values()[(int) (v >>> 32)]);
  }

  /**
   * The value in double quotes with {@code "} and {@code \} escaped by a backslash and every character outside
   * printable ASCII as {@code \}{@code uXXXX} (UTF-16 code units, so a lone surrogate shows as {@code \}{@code ud800});
   * a value longer than 96 code units is cut after 64 and its length given.
   */
  public static String quote(String value) {
    int n = value.length();
    int shown = n > QUOTE_LIMIT ? 64 : n;
    StringBuilder sb = new StringBuilder(shown + 16).append('"');
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c >= 0x20 && c < 0x7f) {
        sb.append(c);
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    sb.append('"');
    if (shown < n) {
      sb.insert(sb.length() - 1, "...").append(" (").append(n).append(" UTF-16 code units)");
    }
    return sb.toString();
  }

  /** The length of the UTF-8 encoding; an unpaired surrogate counts 3 bytes. */
  static int utf8Length(String s) {
    int bytes = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  // ------------------------------------------------------------------------------------------- the check

  /** {@link #VALID}, or the broken rule's ordinal in the high int and the offending index in the low int. */
  private static long check(String s) {
    int n = s.length();
    if (n == 0) {
      return broken(InvalidIdException.Rule.EMPTY, -1);
    }
    if (n > MAX_UTF8_BYTES) {
      // a UTF-8 encoding is never shorter than the UTF-16 one in code units
      return broken(InvalidIdException.Rule.TOO_LONG, -1);
    }
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        return checkFrom(s, i);
      }
      i++;
    }
    // printable ASCII, at most 255 bytes: only a space can be whitespace
    if (s.charAt(0) == ' ') {
      return broken(InvalidIdException.Rule.LEADING_WHITESPACE, 0);
    }
    if (s.charAt(n - 1) == ' ') {
      return broken(InvalidIdException.Rule.TRAILING_WHITESPACE, n - 1);
    }
    return VALID;
  }

  /** The general check, from index {@code from} on; everything before it is printable ASCII. */
  private static long checkFrom(String s, int from) {
    int n = s.length();
    int bytes = from;
    int i = from;
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          bytes += 4;
          i += 2;
          continue;
        }
        return broken(InvalidIdException.Rule.UNPAIRED_SURROGATE, i);
      }
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return broken(InvalidIdException.Rule.CONTROL_CHARACTER, i);
      }
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      i++;
    }
    if (bytes > MAX_UTF8_BYTES) {
      return broken(InvalidIdException.Rule.TOO_LONG, -1);
    }
    // with controls excluded, Unicode White_Space is exactly the space, line and paragraph separators
    if (Character.isSpaceChar(s.codePointAt(0))) {
      return broken(InvalidIdException.Rule.LEADING_WHITESPACE, 0);
    }
    int last = s.offsetByCodePoints(n, -1);
    if (Character.isSpaceChar(s.codePointAt(last))) {
      return broken(InvalidIdException.Rule.TRAILING_WHITESPACE, last);
    }
    return VALID;
  }

  private static long broken(InvalidIdException.Rule rule, int index) {
    return ((long) rule.ordinal() << 32) | (index & 0xffffffffL);
  }

  private static InvalidIdException exception(IdKind kind, String id, long v) {
    return new InvalidIdException(kind, id, InvalidIdException.Rule.values()[(int) (v >>> 32)], (int) v);
  }
}
