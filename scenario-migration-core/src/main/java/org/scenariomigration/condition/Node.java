package org.scenariomigration.condition;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A node of a compiled condition. Evaluation returns a plain Java value, a {@link Boolean} or an {@link EvalError};
 * it never throws for any variables. Nodes are immutable; the parser bounds the height of the tree, so the recursive
 * evaluation is bounded too.
 */
abstract class Node {

  abstract Object eval(Map<String, ?> vars);

  /** True for a literal, whose value is known at compile time. */
  boolean isConstant() {
    return false;
  }

  static Boolean bool(boolean b) {
    return b ? Boolean.TRUE : Boolean.FALSE;
  }

  /** A literal: null, a Boolean, Long, Double, String or an unmodifiable list of literal values. */
  static final class Literal extends Node {
    final Object value;

    Literal(Object value) {
      this.value = value;
    }

    @Override
    Object eval(Map<String, ?> vars) {
      return value;
    }

    @Override
    boolean isConstant() {
      return true;
    }
  }

  /** A dotted field path, {@code a.b.c}, read from the variables and nested maps. */
  static final class Field extends Node {
    /** The segments of the path. */
    final String[] segments;
    /** The whole dotted path. */
    final String path;

    Field(List<String> segments) {
      this.segments = segments.toArray(new String[0]);
      this.path = String.join(".", segments);
    }

    String path() {
      return path;
    }

    /** The dotted path of the first {@code count} segments, for messages. */
    String prefix(int count) {
      return count == segments.length ? path : String.join(".", Arrays.asList(segments).subList(0, count));
    }

    /**
     * Follows the first {@code count} segments from the variables; returns the value reached or an
     * {@link EvalError}.
     */
    Object navigate(Map<String, ?> vars, int count) {
      Object current = Values.lookup(vars, segments[0]);
      if (current == Values.MISSING) {
        return new EvalError("no such field " + Texts.quote(segments[0]));
      }
      for (int i = 1; i < count; i++) {
        if (!(current instanceof Map)) {
          return notAMap(current, i);
        }
        current = Values.lookup((Map<?, ?>) current, segments[i]);
        if (current == Values.MISSING) {
          return new EvalError("no such field " + Texts.quote(prefix(i + 1)));
        }
      }
      return current;
    }

    /** The error for selecting segment {@code i} of a value that is not a map. */
    EvalError notAMap(Object value, int i) {
      String what = value == null ? "null" : Values.describe(value) + ", not a map,";
      return new EvalError("field " + Texts.quote(prefix(i)) + " is " + what + " so it has no field "
          + Texts.quote(segments[i]));
    }

    @Override
    Object eval(Map<String, ?> vars) {
      Object value = navigate(vars, segments.length);
      if (value instanceof EvalError) {
        return value;
      }
      if (Values.kind(value) == Values.UNSUPPORTED) {
        return new EvalError("field " + Texts.quote(path) + " is " + Values.describe(value));
      }
      return value;
    }
  }

  /** {@code has(a.b.c)}: whether the last key is present in the map reached by the rest of the path. */
  static final class Has extends Node {
    final Field field;

    Has(Field field) {
      this.field = field;
    }

    @Override
    Object eval(Map<String, ?> vars) {
      int n = field.segments.length;
      if (n == 1) {
        return bool(Values.lookup(vars, field.segments[0]) != Values.MISSING);
      }
      Object parent = field.navigate(vars, n - 1);
      if (parent instanceof EvalError) {
        return parent;
      }
      if (!(parent instanceof Map)) {
        return field.notAMap(parent, n - 1);
      }
      return bool(Values.lookup((Map<?, ?>) parent, field.segments[n - 1]) != Values.MISSING);
    }
  }

  /** A list literal with at least one element that is not constant. */
  static final class ListOf extends Node {
    final Node[] elements;

    ListOf(Node[] elements) {
      this.elements = elements;
    }

    @Override
    Object eval(Map<String, ?> vars) {
      Object[] values = new Object[elements.length];
      for (int i = 0; i < elements.length; i++) {
        Object v = elements[i].eval(vars);
        if (v instanceof EvalError) {
          return v;
        }
        values[i] = v;
      }
      return Collections.unmodifiableList(Arrays.asList(values));
    }
  }

  /** Logical not. */
  static final class Not extends Node {
    final Node operand;

    Not(Node operand) {
      this.operand = operand;
    }

    @Override
    Object eval(Map<String, ?> vars) {
      Object v = operand.eval(vars);
      if (v instanceof Boolean) {
        return bool(!(Boolean) v);
      }
      if (v instanceof EvalError) {
        return v;
      }
      return new EvalError("cannot apply '!' to " + Values.describe(v));
    }
  }

  /** Numeric negation. */
  static final class Negate extends Node {
    final Node operand;

    Negate(Node operand) {
      this.operand = operand;
    }

    @Override
    Object eval(Map<String, ?> vars) {
      Object v = operand.eval(vars);
      switch (Values.kind(v)) {
        case Values.INT:
          long l = ((Number) v).longValue();
          if (l == Long.MIN_VALUE) {
            return new EvalError("integer overflow: cannot negate " + l);
          }
          return -l;
        case Values.DOUBLE:
          return -((Number) v).doubleValue();
        case Values.ERROR:
          return v;
        default:
          return new EvalError("cannot apply '-' to " + Values.describe(v));
      }
    }
  }

  /**
   * A chain {@code a && b && ...} (or {@code ||}), evaluated left to right. With CEL's commutative error absorption:
   * any false operand (true for {@code ||}) decides the result even when other operands are errors or not booleans;
   * otherwise the first error is the result.
   */
  static final class Logical extends Node {
    final Node[] operands;
    /** True for {@code ||}, false for {@code &&}. */
    final boolean or;

    Logical(Node[] operands, boolean or) {
      this.operands = operands;
      this.or = or;
    }

    @Override
    Object eval(Map<String, ?> vars) {
      Object error = null;
      for (Node operand : operands) {
        Object v = operand.eval(vars);
        if (v instanceof Boolean) {
          if ((Boolean) v == or) {
            return v;
          }
        } else if (error == null) {
          error = v instanceof EvalError ? v
              : new EvalError("'" + (or ? "||" : "&&") + "' needs boolean operands but got " + Values.describe(v));
        }
      }
      return error != null ? error : bool(!or);
    }
  }

  /** {@code ==} or {@code !=}. */
  static final class Equality extends Node {
    final Node left;
    final Node right;
    final boolean negated;

    Equality(Node left, Node right, boolean negated) {
      this.left = left;
      this.right = right;
      this.negated = negated;
    }

    @Override
    Object eval(Map<String, ?> vars) {
      Object l = left.eval(vars);
      if (l instanceof EvalError) {
        return l;
      }
      Object result = Values.equal(l, right.eval(vars));
      if (negated && result instanceof Boolean) {
        return bool(!(Boolean) result);
      }
      return result;
    }
  }

  /** {@code < <= > >=}. */
  static final class Ordering extends Node {
    final Node left;
    final Node right;
    final Values.Order op;

    Ordering(Node left, Node right, Values.Order op) {
      this.left = left;
      this.right = right;
      this.op = op;
    }

    @Override
    Object eval(Map<String, ?> vars) {
      Object l = left.eval(vars);
      if (l instanceof EvalError) {
        return l;
      }
      return Values.compare(op, l, right.eval(vars));
    }
  }

  /** {@code x in list} or {@code key in map}. */
  static final class In extends Node {
    final Node element;
    final Node container;

    In(Node element, Node container) {
      this.element = element;
      this.container = container;
    }

    @Override
    Object eval(Map<String, ?> vars) {
      Object e = element.eval(vars);
      if (e instanceof EvalError) {
        return e;
      }
      if (container instanceof ListOf) {
        return inListLiteral(e, ((ListOf) container).elements, vars);
      }
      Object c = container.eval(vars);
      if (c instanceof List) {
        return Values.contains((List<?>) c, e);
      }
      if (c instanceof Map) {
        return Values.hasKey((Map<?, ?>) c, e);
      }
      if (c instanceof EvalError) {
        return c;
      }
      return new EvalError("cannot apply 'in' to " + Values.describe(e) + " and " + Values.describe(c)
          + "; the right side must be a list or a map");
    }

    /** Membership in a list literal without building the list; an element that is an error makes the result one. */
    private static Object inListLiteral(Object e, Node[] elements, Map<String, ?> vars) {
      boolean found = false;
      Object comparisonError = null;
      for (Node node : elements) {
        Object candidate = node.eval(vars);
        if (candidate instanceof EvalError) {
          return candidate;
        }
        if (!found) {
          Object eq = Values.equal(e, candidate);
          if (eq == Boolean.TRUE) {
            found = true;
          } else if (eq != Boolean.FALSE && comparisonError == null) {
            comparisonError = eq;
          }
        }
      }
      if (found) {
        return Boolean.TRUE;
      }
      return comparisonError != null ? comparisonError : Boolean.FALSE;
    }
  }
}
