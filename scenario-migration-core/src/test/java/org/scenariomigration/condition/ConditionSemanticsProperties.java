package org.scenariomigration.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generates valid conditions over a known set of fields and checks that they compile, evaluate to a boolean or an
 * evaluation error, and obey the algebraic laws of the language.
 */
class ConditionSemanticsProperties {

  private static final ConditionEngine ENGINE = ConditionEngine.builtIn();

  private static final List<String> PATHS = List.of("a", "b", "i", "d", "s", "n", "l", "m", "m.k", "m.inner",
      "m.inner.x", "missing", "m.missing", "s.x");

  private static final List<String> LITERALS = List.of("0", "1", "-1", "2", "1.0", "-1.5", "0.0", "'a'", "\"b\"",
      "''", "'\\u0061'", "true", "false", "null", "9223372036854775807", "-9223372036854775808", "[]");

  private static final List<String> OPERATORS = List.of("&&", "||", "==", "!=", "<", "<=", ">", ">=", "in");

  /** The outcome of evaluating: "true", "false" or "error: " and the problem. */
  private static String outcome(String expression, Map<String, ?> vars) {
    CompiledCondition condition = ENGINE.compile(expression);
    try {
      return String.valueOf(condition.evaluate(vars));
    } catch (ConditionEvaluationException e) {
      assertThat(e.expression()).isEqualTo(expression);
      String prefix = "cannot evaluate " + Texts.quote(expression) + ": ";
      assertThat(e.getMessage()).startsWith(prefix);
      return "error: " + e.getMessage().substring(prefix.length());
    }
  }

  /** The outcome without the problem: "true", "false" or "error". */
  private static String kind(String expression, Map<String, ?> vars) {
    String outcome = outcome(expression, vars);
    return outcome.startsWith("error") ? "error" : outcome;
  }

  @Property(tries = 1000)
  void generated_conditions_compile_and_evaluate_to_a_boolean_or_an_evaluation_error(
      @ForAll("conditions") String expression, @ForAll("variables") Map<String, Object> vars) {
    CompiledCondition condition = ENGINE.compile(expression);

    assertThat(condition.expression()).isEqualTo(expression);
    assertThat(PATHS).containsAll(condition.fieldsRead());
    try {
      condition.evaluate(vars);
    } catch (ConditionEvaluationException e) {
      assertThat(e.getMessage()).startsWith("cannot evaluate " + Texts.quote(expression) + ": ");
    }
  }

  @Property(tries = 1000)
  void only_the_fields_read_affect_the_outcome(
      @ForAll("conditions") String expression, @ForAll("variables") Map<String, Object> vars) {
    Set<String> fields = ENGINE.compile(expression).fieldsRead();
    Map<String, Object> readOnly = new HashMap<>();
    vars.forEach((name, value) -> {
      if (fields.stream().anyMatch(f -> f.equals(name) || f.startsWith(name + "."))) {
        readOnly.put(name, value);
      }
    });

    assertThat(outcome(expression, readOnly)).isEqualTo(outcome(expression, vars));
  }

  @Property(tries = 1000)
  void and_and_or_are_commutative_even_with_errors(
      @ForAll("conditions") String p, @ForAll("conditions") String q, @ForAll("variables") Map<String, Object> vars) {
    assertThat(kind("(" + p + ") && (" + q + ")", vars)).isEqualTo(kind("(" + q + ") && (" + p + ")", vars));
    assertThat(kind("(" + p + ") || (" + q + ")", vars)).isEqualTo(kind("(" + q + ") || (" + p + ")", vars));
  }

  @Property(tries = 1000)
  void de_morgan_laws_hold_even_with_errors(
      @ForAll("conditions") String p, @ForAll("conditions") String q, @ForAll("variables") Map<String, Object> vars) {
    assertThat(kind("!((" + p + ") && (" + q + "))", vars)).isEqualTo(kind("!(" + p + ") || !(" + q + ")", vars));
    assertThat(kind("!((" + p + ") || (" + q + "))", vars)).isEqualTo(kind("!(" + p + ") && !(" + q + ")", vars));
  }

  @Property(tries = 1000)
  void parentheses_and_double_negation_do_not_change_the_outcome(
      @ForAll("conditions") String p, @ForAll("variables") Map<String, Object> vars) {
    String outcome = outcome(p, vars);

    assertThat(outcome("(" + p + ")", vars)).isEqualTo(outcome);
    assertThat(outcome("!!(" + p + ")", vars)).isEqualTo(outcome);
  }

  @Property(tries = 1000)
  void equality_is_symmetric_and_inequality_is_its_negation(
      @ForAll("conditions") String x, @ForAll("conditions") String y, @ForAll("variables") Map<String, Object> vars) {
    String equal = kind("(" + x + ") == (" + y + ")", vars);

    assertThat(kind("(" + y + ") == (" + x + ")", vars)).isEqualTo(equal);
    String notEqual = kind("(" + x + ") != (" + y + ")", vars);
    switch (equal) {
      case "true":
        assertThat(notEqual).isEqualTo("false");
        break;
      case "false":
        assertThat(notEqual).isEqualTo("true");
        break;
      default:
        assertThat(notEqual).isEqualTo("error");
    }
  }

  @Property(tries = 1000)
  void less_than_is_greater_than_swapped(
      @ForAll("conditions") String x, @ForAll("conditions") String y, @ForAll("variables") Map<String, Object> vars) {
    assertThat(kind("(" + x + ") < (" + y + ")", vars)).isEqualTo(kind("(" + y + ") > (" + x + ")", vars));
    assertThat(kind("(" + x + ") <= (" + y + ")", vars)).isEqualTo(kind("(" + y + ") >= (" + x + ")", vars));
  }

  @Property(tries = 1000)
  void membership_in_a_list_field_agrees_with_a_list_literal(
      @ForAll("scalars") Object element, @ForAll("scalars") Object first, @ForAll("scalars") Object second) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("x", element);
    vars.put("e1", first);
    vars.put("e2", second);
    vars.put("list", java.util.Arrays.asList(first, second));

    assertThat(outcome("x in list", vars)).isEqualTo(outcome("x in [e1, e2]", vars));
    assertThat(kind("x in list", vars)).isEqualTo(kind("x == e1 || x == e2", vars));
  }

  @Provide
  Arbitrary<String> conditions() {
    return expression(4);
  }

  private static Arbitrary<String> expression(int depth) {
    Arbitrary<String> path = Arbitraries.of(PATHS);
    Arbitrary<String> atom = Arbitraries.oneOf(List.of(
        path,
        Arbitraries.of(LITERALS),
        path.map(p -> "has(" + p + ")")));
    if (depth == 0) {
      return atom;
    }
    Arbitrary<String> sub = Arbitraries.lazy(() -> expression(depth - 1));
    Arbitrary<String> binary = Combinators.combine(sub, Arbitraries.of(OPERATORS), sub)
        .as((left, op, right) -> left + " " + op + " " + right);
    Arbitrary<String> unary = Combinators.combine(Arbitraries.of("!", "-", "!!", "--"), sub)
        .as((op, operand) -> op + "(" + operand + ")");
    Arbitrary<String> parenthesized = sub.map(e -> "(" + e + ")");
    Arbitrary<String> list = sub.list().ofMaxSize(3).map(elements -> "[" + String.join(", ", elements) + "]");
    return Arbitraries.oneOf(List.of(atom, binary, binary, unary, parenthesized, list));
  }

  @Provide
  Arbitrary<Object> scalars() {
    return Arbitraries.oneOf(List.of(
        Arbitraries.integers().between(-2, 2).map(v -> (Object) v),
        Arbitraries.longs().map(v -> (Object) v),
        Arbitraries.of(-1.5, 0.0, -0.0, 1.0, 2.0, Double.NaN).map(v -> (Object) v),
        Arbitraries.of("", "a", "b", "é").map(v -> (Object) v),
        Arbitraries.of(true, false).map(v -> (Object) v)))
        .injectNull(0.1);
  }

  @Provide
  Arbitrary<Map<String, Object>> variables() {
    Arbitrary<Object> scalar = scalars();
    Arbitrary<Object> list = scalar.list().ofMaxSize(3).map(v -> (Object) v);
    Arbitrary<Object> any = Arbitraries.oneOf(List.of(scalar, scalar, list));
    return Combinators.combine(any, any, any, any, any, any, any, any).as((a, b, i, d, s, l, k, x) -> {
      Map<String, Object> inner = new HashMap<>();
      inner.put("x", x);
      Map<String, Object> m = new HashMap<>();
      m.put("k", k);
      m.put("inner", inner);
      Map<String, Object> vars = new HashMap<>();
      vars.put("a", a);
      vars.put("b", b);
      vars.put("i", i);
      vars.put("d", d);
      vars.put("s", s);
      vars.put("l", l);
      vars.put("n", null);
      vars.put("m", m);
      return vars;
    });
  }
}
