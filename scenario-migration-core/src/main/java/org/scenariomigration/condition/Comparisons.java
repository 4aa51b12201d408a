package org.scenariomigration.condition;

import com.google.common.collect.ImmutableList;
import java.util.ArrayDeque;
import java.util.List;

/** Collects the field-to-literal comparisons of a compiled condition's tree. Package-private. */
final class Comparisons {
  private Comparisons() {}

  static List<Comparison> of(Node root) {
    ImmutableList.Builder<Comparison> out = ImmutableList.builder();
    ArrayDeque<Node> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (n instanceof Node.Equality e) {
        pair(out, e.left, e.right, e.negated ? "!=" : "==", false);
        todo.push(e.left);
        todo.push(e.right);
      } else if (n instanceof Node.Ordering o) {
        pair(out, o.left, o.right, o.op.symbol, true);
        todo.push(o.left);
        todo.push(o.right);
      } else if (n instanceof Node.In in) {
        if (in.element instanceof Node.Field f && in.container instanceof Node.ListOf l) {
          for (Node e : l.elements) {
            if (e instanceof Node.Literal lit) {
              out.add(new Comparison(f.path(), "in", lit.value));
            }
          }
        }
        todo.push(in.element);
        todo.push(in.container);
      } else if (n instanceof Node.Not x) {
        todo.push(x.operand);
      } else if (n instanceof Node.Negate x) {
        todo.push(x.operand);
      } else if (n instanceof Node.Logical x) {
        for (Node o : x.operands) {
          todo.push(o);
        }
      } else if (n instanceof Node.ListOf x) {
        for (Node o : x.elements) {
          todo.push(o);
        }
      }
    }
    return out.build();
  }

  private static void pair(ImmutableList.Builder<Comparison> out, Node left, Node right, String op,
      boolean ordering) {
    if (left instanceof Node.Field f && right instanceof Node.Literal l && !(l.value instanceof List)) {
      out.add(new Comparison(f.path(), op, l.value));
    } else if (right instanceof Node.Field f && left instanceof Node.Literal l && !(l.value instanceof List)) {
      out.add(new Comparison(f.path(), ordering ? mirror(op) : op, l.value));
    }
  }

  private static String mirror(String op) {
    return switch (op) {
      case "<" -> ">";
      case "<=" -> ">=";
      case ">" -> "<";
      case ">=" -> "<=";
      default -> op;
    };
  }
}
