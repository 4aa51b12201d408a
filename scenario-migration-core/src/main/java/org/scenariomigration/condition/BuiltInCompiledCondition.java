package org.scenariomigration.condition;

import com.google.common.collect.ImmutableSortedSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The {@link CompiledCondition} of the built-in engine: the source text, the tree and the fields it reads. */
final class BuiltInCompiledCondition implements CompiledCondition {
  private final String expression;
  private final Node root;
  private final ImmutableSortedSet<String> fieldsRead;
  private volatile List<Comparison> comparisons;

  BuiltInCompiledCondition(String expression, Node root, ImmutableSortedSet<String> fieldsRead) {
    this.expression = expression;
    this.root = root;
    this.fieldsRead = fieldsRead;
  }

  @Override
  public String expression() {
    return expression;
  }

  @Override
  public Set<String> fieldsRead() {
    return fieldsRead;
  }

  @Override
  public List<Comparison> comparisons() {
    List<Comparison> c = comparisons;
    if (c == null) {
      c = Comparisons.of(root);
      comparisons = c;
    }
    return c;
  }

  @Override
  public boolean evaluate(Map<String, ?> variables) {
    Objects.requireNonNull(variables, "variables");
    Object result = root.eval(variables);
    if (result instanceof Boolean) {
      return (Boolean) result;
    }
    if (result instanceof EvalError) {
      throw new ConditionEvaluationException(expression, ((EvalError) result).message);
    }
    throw new ConditionEvaluationException(expression, "the condition evaluates to " + Values.describe(result)
        + ", not a boolean");
  }

  @Override
  public String toString() {
    return "CompiledCondition[" + expression + "]";
  }
}
