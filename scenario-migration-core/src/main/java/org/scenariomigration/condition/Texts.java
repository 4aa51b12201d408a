package org.scenariomigration.condition;

/** Formatting helpers for messages: keeps quoted source text short and control characters visible. */
final class Texts {
  /** Longest source text shown in full in a message; longer text is cut and ends with "...". */
  static final int MAX_QUOTED = 200;

  private Texts() {}

  /** Returns {@code text} in single quotes, cut to {@link #MAX_QUOTED} characters. */
  static String quote(String text) {
    return quote(text, MAX_QUOTED);
  }

  /** Returns {@code text} in single quotes, cut to {@code max} characters. */
  static String quote(String text, int max) {
    if (text == null) {
      return "null";
    }
    if (text.length() <= max) {
      return "'" + text + "'";
    }
    int end = max;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return "'" + text.substring(0, end) + "...'";
  }

  /** Describes one code point for a message: printable ASCII as {@code 'x'}, anything else as {@code U+00E9}. */
  static String describeCodePoint(int codePoint) {
    if (codePoint >= 0x21 && codePoint < 0x7f) {
      return "'" + (char) codePoint + "'";
    }
    return String.format("U+%04X", codePoint);
  }
}
