package org.scenariomigration.condition;

import com.google.common.collect.ImmutableSortedSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import org.scenariomigration.condition.Token.Kind;

/**
 * A recursive-descent parser for the condition grammar (see the package documentation). Operator chains and unary
 * chains are parsed with loops; the parser recurses only into parentheses and list literals, and it checks their
 * nesting before recursing, so its stack depth is bounded by the maximum depth. It also computes the depth of every
 * subexpression (see {@link BuiltInConditionEngine#maxDepth()}) and rejects an expression as soon as one is too deep,
 * which bounds the height of the tree the evaluator walks. Single use; not thread-safe.
 */
final class Parser {
  private final String src;
  private final int maxDepth;
  private final Lexer lexer;
  private final TreeSet<String> fieldsRead = new TreeSet<>();
  private Token tok;
  /** The number of parentheses, brackets and unary operators enclosing the current token. */
  private int level;
  /** The depth of the subexpression most recently returned by a parse method. */
  private int lastDepth;

  Parser(String src, int maxDepth) {
    this.src = src;
    this.maxDepth = maxDepth;
    this.lexer = new Lexer(src);
  }

  CompiledCondition parse() {
    tok = lexer.next();
    Node root = parseExpression();
    if (!tok.is(Kind.EOF)) {
      throw unexpectedAfterOperand("an operator or end of input");
    }
    return new BuiltInCompiledCondition(src, root, ImmutableSortedSet.copyOf(fieldsRead));
  }

  private void advance() {
    tok = lexer.next();
  }

  private ConditionSyntaxException error(int position, String problem) {
    return new ConditionSyntaxException(src, position, problem);
  }

  private ConditionSyntaxException tooDeep(int position) {
    return error(position, "condition is nested too deeply: the maximum depth is " + maxDepth);
  }

  /** Checks the depth of a node built by the operator at {@code position}. */
  private void checkDepth(int depth, int position) {
    if (depth > maxDepth) {
      throw tooDeep(position);
    }
  }

  /**
   * {@code or := and ('||' and)*; and := relation ('&&' relation)*; relation := unary (relop unary)*}, all three
   * levels in one loop so that each level of parentheses costs only a few stack frames. Chains of {@code &&} and of
   * {@code ||} are flattened into one node each; relations are left-associative, as in CEL.
   */
  private Node parseExpression() {
    List<Node> orOperands = null;
    int orDepth = 0;
    int orPosition = 0;
    List<Node> andOperands = null;
    int andDepth = 0;
    int andPosition = 0;
    while (true) {
      Node relation = parseUnary();
      int depth = lastDepth;
      while (tok.isRelation()) {
        Token op = tok;
        checkDepth(depth + 1, op.start);
        advance();
        Node right = parseUnary();
        depth = Math.max(depth, lastDepth) + 1;
        checkDepth(depth, op.start);
        relation = relation(op.kind, relation, right);
      }
      if (andOperands != null) {
        checkDepth(depth + 1, andPosition);
        andOperands.add(relation);
        andDepth = Math.max(andDepth, depth);
      }
      if (tok.is(Kind.AND)) {
        andPosition = tok.start;
        checkDepth(depth + 1, andPosition);
        if (andOperands == null) {
          andOperands = new ArrayList<>();
          andOperands.add(relation);
          andDepth = depth;
        }
        advance();
        continue;
      }
      Node and = relation;
      if (andOperands != null) {
        and = new Node.Logical(andOperands.toArray(new Node[0]), false);
        depth = andDepth + 1;
        andOperands = null;
      }
      if (orOperands != null) {
        checkDepth(depth + 1, orPosition);
        orOperands.add(and);
        orDepth = Math.max(orDepth, depth);
      }
      if (tok.is(Kind.OR)) {
        orPosition = tok.start;
        checkDepth(depth + 1, orPosition);
        if (orOperands == null) {
          orOperands = new ArrayList<>();
          orOperands.add(and);
          orDepth = depth;
        }
        advance();
        continue;
      }
      if (orOperands == null) {
        lastDepth = depth;
        return and;
      }
      lastDepth = orDepth + 1;
      return new Node.Logical(orOperands.toArray(new Node[0]), true);
    }
  }

  private static Node relation(Kind kind, Node left, Node right) {
    switch (kind) {
      case EQ:
        return new Node.Equality(left, right, false);
      case NE:
        return new Node.Equality(left, right, true);
      case LT:
        return new Node.Ordering(left, right, Values.Order.LT);
      case LE:
        return new Node.Ordering(left, right, Values.Order.LE);
      case GT:
        return new Node.Ordering(left, right, Values.Order.GT);
      case GE:
        return new Node.Ordering(left, right, Values.Order.GE);
      default:
        return new Node.In(left, right);
    }
  }

  /**
   * {@code '!'+ member | '-'+ member | member}. As in CEL, an even number of the same operator cancels out, and a
   * minus directly before a number literal is part of the literal (so {@code -9223372036854775808} is valid).
   */
  private Node parseUnary() {
    if (!tok.is(Kind.NOT) && !tok.is(Kind.MINUS)) {
      return parsePrimary();
    }
    Kind kind = tok.kind;
    int firstPosition = tok.start;
    int count = 0;
    while (tok.is(kind)) {
      count++;
      if (level + count > maxDepth) {
        throw tooDeep(tok.start);
      }
      advance();
    }
    if (kind == Kind.MINUS && count % 2 == 1 && (tok.is(Kind.INT) || tok.is(Kind.DOUBLE))) {
      Node literal = negativeLiteral();
      rejectPostfix();
      lastDepth = count;
      return literal;
    }
    level += count;
    Node operand = parsePrimary();
    level -= count;
    lastDepth += count;
    checkDepth(lastDepth, firstPosition);
    if (count % 2 == 0) {
      return operand;
    }
    return kind == Kind.NOT ? new Node.Not(operand) : new Node.Negate(operand);
  }

  /** The number literal at the current token, negated. */
  private Node negativeLiteral() {
    Token literal = tok;
    advance();
    if (literal.is(Kind.DOUBLE)) {
      return new Node.Literal(-(Double) literal.value);
    }
    if (literal.int64MinMagnitude) {
      return new Node.Literal(Long.MIN_VALUE);
    }
    return new Node.Literal(-(Long) literal.value);
  }

  /** Rejects {@code .name}, {@code .name(...)} and {@code [...]} after an operand. */
  private void rejectPostfix() {
    if (tok.is(Kind.DOT)) {
      Token dot = tok;
      advance();
      if (tok.is(Kind.IDENT)) {
        Token name = tok;
        advance();
        if (tok.is(Kind.LPAREN)) {
          throw unknownFunction(name);
        }
      }
      throw error(dot.start, "unsupported syntax '.': fields can be selected only from field paths");
    }
    if (tok.is(Kind.LBRACKET)) {
      throw error(tok.start, "unsupported syntax '[': indexing is not supported");
    }
  }

  /**
   * {@code literal | path | has(path) | '(' expression ')' | '[' list ']'}, rejecting the postfix forms CEL has and
   * this language does not. Parentheses and list literals are handled here, not in helper methods, to keep the stack
   * cost of each nesting level small.
   */
  private Node parsePrimary() {
    Token t = tok;
    Node node;
    int depth = 0;
    switch (t.kind) {
      case INT:
        if (t.int64MinMagnitude) {
          throw lexer.outOfRange(t.start);
        }
        advance();
        node = new Node.Literal(t.value);
        break;
      case DOUBLE:
      case STRING:
      case TRUE:
      case FALSE:
      case NULL:
        advance();
        node = new Node.Literal(t.value);
        break;
      case IDENT:
        node = parsePathOrCall();
        break;
      case LPAREN:
        enter(t.start);
        advance();
        node = parseExpression();
        if (!tok.is(Kind.RPAREN)) {
          throw unexpectedAfterOperand("an operator or ')'");
        }
        advance();
        level--;
        depth = lastDepth + 1;
        checkDepth(depth, t.start);
        break;
      case LBRACKET:
        enter(t.start);
        advance();
        List<Node> elements = new ArrayList<>();
        while (!tok.is(Kind.RBRACKET)) {
          elements.add(parseExpression());
          depth = Math.max(depth, lastDepth);
          if (tok.is(Kind.COMMA)) {
            advance();
          } else if (!tok.is(Kind.RBRACKET)) {
            throw unexpectedAfterOperand("an operator, ',' or ']'");
          }
        }
        advance();
        level--;
        depth++;
        checkDepth(depth, t.start);
        node = list(elements);
        break;
      case MINUS:
        if (level + 1 > maxDepth) {
          throw tooDeep(t.start);
        }
        advance();
        if (!tok.is(Kind.INT) && !tok.is(Kind.DOUBLE)) {
          throw error(t.start, "expected an operand but found '-'; put the negated operand in parentheses");
        }
        node = negativeLiteral();
        depth = 1;
        break;
      default:
        throw error(t.start, "expected an operand but found " + t.describe(src));
    }
    rejectPostfix();
    lastDepth = depth;
    return node;
  }

  /** A list literal: a constant when all its elements are. */
  private static Node list(List<Node> elements) {
    boolean constant = true;
    for (Node element : elements) {
      constant &= element.isConstant();
    }
    if (!constant) {
      return new Node.ListOf(elements.toArray(new Node[0]));
    }
    Object[] values = new Object[elements.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = ((Node.Literal) elements.get(i)).value;
    }
    return new Node.Literal(Collections.unmodifiableList(Arrays.asList(values)));
  }

  /** Enters a parenthesis or bracket at {@code position}, checking the nesting before recursing. */
  private void enter(int position) {
    if (level + 1 > maxDepth) {
      throw tooDeep(position);
    }
    level++;
  }

  /** {@code name ('.' name)*}, optionally followed by a call, of which only {@code has(path)} is supported. */
  private Node parsePathOrCall() {
    Token first = tok;
    List<Token> segments = parsePath();
    if (tok.is(Kind.LPAREN)) {
      if (segments.size() == 1 && "has".equals(first.value)) {
        return parseHas();
      }
      throw unknownFunction(segments.get(segments.size() - 1));
    }
    return field(segments);
  }

  private Node.Field field(List<Token> segments) {
    List<String> names = new ArrayList<>(segments.size());
    for (Token segment : segments) {
      names.add((String) segment.value);
    }
    Node.Field field = new Node.Field(names);
    fieldsRead.add(field.path());
    return field;
  }

  /** Parses a field path starting at the current identifier token. */
  private List<Token> parsePath() {
    Token first = tok;
    if (Lexer.RESERVED.contains((String) first.value)) {
      throw error(first.start, Texts.quote((String) first.value) + " is a reserved word and cannot name a field");
    }
    List<Token> segments = new ArrayList<>();
    segments.add(first);
    advance();
    while (tok.is(Kind.DOT)) {
      advance();
      if (!tok.is(Kind.IDENT)) {
        throw error(tok.start, "expected a field name after '.' but found " + tok.describe(src));
      }
      segments.add(tok);
      advance();
    }
    return segments;
  }

  /** {@code has(path)}; the current token is the opening parenthesis. */
  private Node parseHas() {
    advance();
    if (tok.is(Kind.RPAREN)) {
      throw error(tok.start, "has() needs exactly one argument, a field path");
    }
    if (!tok.is(Kind.IDENT)) {
      throw error(tok.start, "the argument of has() must be a field path but found " + tok.describe(src));
    }
    List<Token> segments = parsePath();
    if (tok.is(Kind.LPAREN)) {
      throw unknownFunction(segments.get(segments.size() - 1));
    }
    if (tok.is(Kind.COMMA)) {
      throw error(tok.start, "has() needs exactly one argument, a field path");
    }
    if (!tok.is(Kind.RPAREN)) {
      throw error(tok.start, "expected ')' after the field path in has() but found " + tok.describe(src));
    }
    advance();
    lastDepth = 0;
    return new Node.Has(field(segments));
  }

  private ConditionSyntaxException unknownFunction(Token name) {
    return error(name.start, "unknown function " + Texts.quote((String) name.value) + "; the only function is has()");
  }

  /** The error for a token that cannot follow a complete operand. */
  private ConditionSyntaxException unexpectedAfterOperand(String expected) {
    if (tok.is(Kind.MINUS)) {
      return error(tok.start, "unsupported operator '-': arithmetic is not supported");
    }
    return error(tok.start, "expected " + expected + " but found " + tok.describe(src));
  }
}
