package org.scenariomigration.condition;

import java.util.Set;
import org.scenariomigration.condition.Token.Kind;

/**
 * Splits condition text into tokens on demand, one at a time, so that the first problem in reading order is the one
 * reported. Malformed tokens and the CEL tokens this language does not support are reported at once as a
 * {@link ConditionSyntaxException}. Not thread-safe; one instance per compilation.
 */
final class Lexer {

  /** Words CEL reserves besides {@code true false null in}; they cannot name a top-level field. */
  static final Set<String> RESERVED = Set.of("as", "break", "const", "continue", "else", "for", "function", "if",
      "import", "let", "loop", "package", "namespace", "return", "var", "void", "while");

  private static final Set<String> STRING_PREFIXES = Set.of("r", "R", "b", "B", "rb", "rB", "Rb", "RB", "br", "bR",
      "Br", "BR");

  private final String src;
  private final int length;
  private int pos;

  Lexer(String src) {
    this.src = src;
    this.length = src.length();
  }

  ConditionSyntaxException error(int position, String problem) {
    return new ConditionSyntaxException(src, position, problem);
  }

  /** Returns the next token; at the end of the text returns (repeatedly) an EOF token. */
  Token next() {
    skipSpaceAndComments();
    if (pos >= length) {
      return new Token(Kind.EOF, length, length, null, false);
    }
    int start = pos;
    char c = src.charAt(pos);
    if (isDigit(c) || (c == '.' && pos + 1 < length && isDigit(src.charAt(pos + 1)))) {
      return number();
    }
    if (isIdentStart(c)) {
      return identifier();
    }
    if (c == '"' || c == '\'') {
      return string();
    }
    char n = pos + 1 < length ? src.charAt(pos + 1) : '\0';
    switch (c) {
      case '|':
        if (n == '|') {
          return op(Kind.OR, 2);
        }
        throw error(start, "unsupported operator '|'; use '||' for a logical or");
      case '&':
        if (n == '&') {
          return op(Kind.AND, 2);
        }
        throw error(start, "unsupported operator '&'; use '&&' for a logical and");
      case '=':
        if (n == '=') {
          return op(Kind.EQ, 2);
        }
        throw error(start, "unsupported operator '='; use '==' to compare");
      case '!':
        return n == '=' ? op(Kind.NE, 2) : op(Kind.NOT, 1);
      case '<':
        return n == '=' ? op(Kind.LE, 2) : op(Kind.LT, 1);
      case '>':
        return n == '=' ? op(Kind.GE, 2) : op(Kind.GT, 1);
      case '-':
        return op(Kind.MINUS, 1);
      case '(':
        return op(Kind.LPAREN, 1);
      case ')':
        return op(Kind.RPAREN, 1);
      case '[':
        return op(Kind.LBRACKET, 1);
      case ']':
        return op(Kind.RBRACKET, 1);
      case ',':
        return op(Kind.COMMA, 1);
      case '.':
        return op(Kind.DOT, 1);
      case '+':
      case '*':
      case '/':
      case '%':
        throw error(start, "unsupported operator '" + c + "': arithmetic is not supported");
      case '?':
      case ':':
        throw error(start, "unsupported operator '" + c + "': the conditional operator '?:' is not supported");
      case '{':
      case '}':
        throw error(start, "unsupported syntax '" + c + "': map and message literals are not supported");
      case '`':
        throw error(start, "unsupported syntax '`': quoted identifiers are not supported");
      default:
        throw error(start, "unexpected character " + Texts.describeCodePoint(src.codePointAt(start)));
    }
  }

  private Token op(Kind kind, int width) {
    int start = pos;
    pos += width;
    return new Token(kind, start, pos, null, false);
  }

  private void skipSpaceAndComments() {
    while (pos < length) {
      char c = src.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        pos++;
      } else if (c == '/' && pos + 1 < length && src.charAt(pos + 1) == '/') {
        pos += 2;
        while (pos < length && src.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private Token identifier() {
    int start = pos;
    pos++;
    while (pos < length && isIdentPart(src.charAt(pos))) {
      pos++;
    }
    String name = src.substring(start, pos);
    if (pos < length && (src.charAt(pos) == '"' || src.charAt(pos) == '\'') && STRING_PREFIXES.contains(name)) {
      boolean bytes = name.indexOf('b') >= 0 || name.indexOf('B') >= 0;
      throw error(start, bytes ? "bytes literals are not supported" : "raw string literals are not supported");
    }
    switch (name) {
      case "true":
        return new Token(Kind.TRUE, start, pos, Boolean.TRUE, false);
      case "false":
        return new Token(Kind.FALSE, start, pos, Boolean.FALSE, false);
      case "null":
        return new Token(Kind.NULL, start, pos, null, false);
      case "in":
        return new Token(Kind.IN, start, pos, null, false);
      default:
        return new Token(Kind.IDENT, start, pos, name, false);
    }
  }

  private Token number() {
    int start = pos;
    if (src.charAt(pos) == '0' && pos + 1 < length && src.charAt(pos + 1) == 'x') {
      return hexNumber();
    }
    if (src.charAt(pos) == '0' && pos + 1 < length && src.charAt(pos + 1) == 'X') {
      // CEL's grammar has only '0x' (cel-go and cel-java reject 0X1F)
      throw error(start, "malformed number: a hexadecimal literal starts with '0x', with a lowercase x");
    }
    int digitsStart = pos;
    while (pos < length && isDigit(src.charAt(pos))) {
      pos++;
    }
    int digitsEnd = pos;
    boolean isDouble = false;
    if (pos + 1 < length && src.charAt(pos) == '.' && isDigit(src.charAt(pos + 1))) {
      isDouble = true;
      pos++;
      while (pos < length && isDigit(src.charAt(pos))) {
        pos++;
      }
    }
    if (pos < length && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int e = pos + 1;
      if (e < length && (src.charAt(e) == '+' || src.charAt(e) == '-')) {
        e++;
      }
      if (e >= length || !isDigit(src.charAt(e))) {
        throw error(pos, "malformed number: the exponent needs at least one digit");
      }
      isDouble = true;
      pos = e;
      while (pos < length && isDigit(src.charAt(pos))) {
        pos++;
      }
    }
    if (isDouble) {
      double d = Double.parseDouble(src.substring(start, pos));
      if (Double.isInfinite(d)) {
        throw error(start, "double literal out of range: " + Texts.quote(src.substring(start, pos), 40));
      }
      return new Token(Kind.DOUBLE, start, pos, d, false);
    }
    rejectUnsigned();
    int significant = digitsStart;
    while (significant < digitsEnd - 1 && src.charAt(significant) == '0') {
      significant++;
    }
    if (digitsEnd - significant > 19) {
      throw outOfRange(start);
    }
    long magnitude = Long.parseUnsignedLong(src.substring(significant, digitsEnd));
    return integer(start, magnitude);
  }

  private Token hexNumber() {
    int start = pos;
    pos += 2;
    int digitsStart = pos;
    while (pos < length && isHexDigit(src.charAt(pos))) {
      pos++;
    }
    if (pos == digitsStart) {
      throw error(start, "malformed number: '0x' needs at least one hexadecimal digit");
    }
    rejectUnsigned();
    int significant = digitsStart;
    while (significant < pos - 1 && src.charAt(significant) == '0') {
      significant++;
    }
    if (pos - significant > 16) {
      throw outOfRange(start);
    }
    long magnitude = Long.parseUnsignedLong(src.substring(significant, pos), 16);
    return integer(start, magnitude);
  }

  private Token integer(int start, long magnitude) {
    int cmp = Long.compareUnsigned(magnitude, Long.MIN_VALUE);
    if (cmp > 0) {
      throw outOfRange(start);
    }
    if (cmp == 0) {
      return new Token(Kind.INT, start, pos, Long.MIN_VALUE, true);
    }
    return new Token(Kind.INT, start, pos, magnitude, false);
  }

  ConditionSyntaxException outOfRange(int start) {
    int end = start;
    while (end < length && isIdentPart(src.charAt(end))) {
      end++;
    }
    return error(start, "integer literal out of range: " + Texts.quote(src.substring(start, end), 40)
        + " does not fit in a signed 64-bit integer");
  }

  private void rejectUnsigned() {
    if (pos < length && (src.charAt(pos) == 'u' || src.charAt(pos) == 'U')) {
      throw error(pos, "unsigned integer literals are not supported");
    }
  }

  private Token string() {
    int start = pos;
    char quote = src.charAt(pos);
    if (pos + 2 < length && src.charAt(pos + 1) == quote && src.charAt(pos + 2) == quote) {
      throw error(start, "triple-quoted string literals are not supported");
    }
    pos++;
    StringBuilder text = new StringBuilder();
    while (true) {
      if (pos >= length) {
        throw error(start, "unterminated string literal");
      }
      char c = src.charAt(pos);
      if (c == quote) {
        pos++;
        return new Token(Kind.STRING, start, pos, text.toString(), false);
      }
      if (c == '\n' || c == '\r') {
        throw error(pos, "line break in a string literal; use \\n or \\r");
      }
      if (c != '\\') {
        text.append(c);
        pos++;
        continue;
      }
      if (pos + 1 >= length) {
        throw error(start, "unterminated string literal");
      }
      char e = src.charAt(pos + 1);
      switch (e) {
        case '\\':
        case '"':
        case '\'':
          text.append(e);
          break;
        case 'n':
          text.append('\n');
          break;
        case 'r':
          text.append('\r');
          break;
        case 't':
          text.append('\t');
          break;
        case 'u':
          text.append(unicodeEscape());
          pos += 6;
          continue;
        default:
          throw error(pos, "unsupported escape sequence '\\" + describeEscaped(src.codePointAt(pos + 1))
              + "'; the escapes are \\\\ \\\" \\' \\n \\r \\t and \\uXXXX");
      }
      pos += 2;
    }
  }

  private static String describeEscaped(int codePoint) {
    if (codePoint >= 0x20 && codePoint < 0x7f) {
      return String.valueOf((char) codePoint);
    }
    return Texts.describeCodePoint(codePoint);
  }

  private char unicodeEscape() {
    int value = 0;
    for (int i = pos + 2; i < pos + 6; i++) {
      if (i >= length || !isHexDigit(src.charAt(i))) {
        throw error(pos, "malformed unicode escape: \\u needs exactly four hexadecimal digits");
      }
      value = value * 16 + Character.digit(src.charAt(i), 16);
    }
    if (Character.isSurrogate((char) value)) {
      throw error(pos, "invalid unicode escape '" + src.substring(pos, pos + 6)
          + "': surrogate code points are not characters");
    }
    return (char) value;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c);
  }
}
