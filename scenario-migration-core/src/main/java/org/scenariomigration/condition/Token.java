package org.scenariomigration.condition;

/** One token of condition text, produced by {@link Lexer}. Immutable. */
final class Token {

  /** The kinds of token the lexer produces. */
  enum Kind {
    INT, DOUBLE, STRING, IDENT, TRUE, FALSE, NULL, IN,
    OR, AND, EQ, NE, LT, LE, GT, GE, NOT, MINUS,
    LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT,
    EOF
  }

  final Kind kind;
  /** Offset of the first character. */
  final int start;
  /** Offset just past the last character. */
  final int end;
  /** The literal value: a Long, Double or String for literals, the name for identifiers, otherwise null. */
  final Object value;
  /** True for the integer literal 9223372036854775808, which is valid only directly after a unary minus. */
  final boolean int64MinMagnitude;

  Token(Kind kind, int start, int end, Object value, boolean int64MinMagnitude) {
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.value = value;
    this.int64MinMagnitude = int64MinMagnitude;
  }

  boolean is(Kind k) {
    return kind == k;
  }

  boolean isRelation() {
    switch (kind) {
      case EQ:
      case NE:
      case LT:
      case LE:
      case GT:
      case GE:
      case IN:
        return true;
      default:
        return false;
    }
  }

  /** Describes this token for a message: {@code end of input} or its source text in quotes. */
  String describe(String source) {
    if (kind == Kind.EOF) {
      return "end of input";
    }
    return Texts.quote(source.substring(start, end), 40);
  }

  @Override
  public String toString() {
    return kind + "@" + start;
  }
}
