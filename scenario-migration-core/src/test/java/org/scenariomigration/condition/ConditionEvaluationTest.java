package org.scenariomigration.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionEvaluationTest {

  private static final ConditionEngine ENGINE = ConditionEngine.builtIn();

  private static boolean eval(String expression, Map<String, ?> vars) {
    return ENGINE.compile(expression).evaluate(vars);
  }

  private static boolean eval(String expression) {
    return eval(expression, Map.of());
  }

  /** Evaluates and returns the problem of the ConditionEvaluationException it must throw. */
  private static String problem(String expression, Map<String, ?> vars) {
    try {
      eval(expression, vars);
    } catch (ConditionEvaluationException e) {
      assertThat(e.expression()).isEqualTo(expression);
      String prefix = "cannot evaluate '" + expression + "': ";
      assertThat(e.getMessage()).startsWith(prefix);
      return e.getMessage().substring(prefix.length());
    }
    throw new AssertionError("expected an evaluation error for " + expression);
  }

  private static String problem(String expression) {
    return problem(expression, Map.of());
  }

  private static Map<String, Object> vars(Object... keysAndValues) {
    Map<String, Object> vars = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      vars.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return vars;
  }

  // ---- results and messages

  @Test
  void message_names_the_expression_and_the_missing_field() {
    assertThatThrownBy(() -> eval("age >= 18", Map.of()))
        .isInstanceOf(ConditionEvaluationException.class)
        .hasMessage("cannot evaluate 'age >= 18': no such field 'age'");
  }

  @Test
  void rejects_a_result_that_is_not_a_boolean_naming_its_type() {
    Map<String, Object> vars = vars("age", 20, "d", 1.5, "s", "x", "n", null, "l", List.of(), "m", Map.of());

    assertThat(problem("age", vars)).isEqualTo("the condition evaluates to a number, not a boolean");
    assertThat(problem("d", vars)).isEqualTo("the condition evaluates to a number, not a boolean");
    assertThat(problem("s", vars)).isEqualTo("the condition evaluates to a string, not a boolean");
    assertThat(problem("n", vars)).isEqualTo("the condition evaluates to null, not a boolean");
    assertThat(problem("null")).isEqualTo("the condition evaluates to null, not a boolean");
    assertThat(problem("l", vars)).isEqualTo("the condition evaluates to a list, not a boolean");
    assertThat(problem("[1]")).isEqualTo("the condition evaluates to a list, not a boolean");
    assertThat(problem("m", vars)).isEqualTo("the condition evaluates to a map, not a boolean");
    assertThat(problem("-1")).isEqualTo("the condition evaluates to a number, not a boolean");
  }

  @Test
  void returns_a_boolean_field_as_the_result() {
    assertThat(eval("ok", vars("ok", true))).isTrue();
    assertThat(eval("ok", vars("ok", false))).isFalse();
  }

  @Test
  void rejects_a_null_variables_map() {
    CompiledCondition condition = ENGINE.compile("true");

    assertThatThrownBy(() -> condition.evaluate(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void compiled_condition_keeps_its_text_and_is_reusable() {
    CompiledCondition condition = ENGINE.compile("  age >= 18 // adult\n");

    assertThat(condition.expression()).isEqualTo("  age >= 18 // adult\n");
    assertThat(condition.toString()).contains("age >= 18");
    assertThat(condition.evaluate(vars("age", 18))).isTrue();
    assertThat(condition.evaluate(vars("age", 17))).isFalse();
    assertThat(condition.evaluate(vars("age", 18))).isTrue();
  }

  @Test
  void evaluates_concurrently_from_many_threads() {
    CompiledCondition condition = ENGINE.compile("x == 0 || x in [1, 2, 3]");

    boolean allCorrect = IntStream.range(0, 20_000).parallel()
        .allMatch(i -> condition.evaluate(vars("x", i % 5)) == (i % 5 == 0 || (i % 5 >= 1 && i % 5 <= 3)));

    assertThat(allCorrect).isTrue();
  }

  // ---- paths

  @Test
  void reads_nested_maps_through_a_dotted_path() {
    Map<String, Object> vars = vars("a", Map.of("b", Map.of("c", 7)));

    assertThat(eval("a.b.c == 7", vars)).isTrue();
    assertThat(eval("a.b == a.b && a.b.c > 6", vars)).isTrue();
  }

  @Test
  void reports_a_missing_field_with_the_path_up_to_the_missing_key() {
    Map<String, Object> vars = vars("a", Map.of("b", Map.of("c", 7)));

    assertThat(problem("x == 1", vars)).isEqualTo("no such field 'x'");
    assertThat(problem("a.x == 1", vars)).isEqualTo("no such field 'a.x'");
    assertThat(problem("a.x.c == 1", vars)).isEqualTo("no such field 'a.x'");
    assertThat(problem("a.b.x == 1", vars)).isEqualTo("no such field 'a.b.x'");
  }

  @Test
  void reports_selecting_a_field_of_a_value_that_is_not_a_map() {
    Map<String, Object> vars = vars("s", "text", "n", null, "i", 1, "l", List.of(1), "a", vars("b", null));

    assertThat(problem("s.x == 1", vars)).isEqualTo("field 's' is a string, not a map, so it has no field 'x'");
    assertThat(problem("i.x == 1", vars)).isEqualTo("field 'i' is a number, not a map, so it has no field 'x'");
    assertThat(problem("l.x == 1", vars)).isEqualTo("field 'l' is a list, not a map, so it has no field 'x'");
    assertThat(problem("n.x == 1", vars)).isEqualTo("field 'n' is null so it has no field 'x'");
    assertThat(problem("a.b.c == 1", vars)).isEqualTo("field 'a.b' is null so it has no field 'c'");
  }

  @Test
  void reads_a_null_value_at_the_end_of_a_path() {
    assertThat(eval("a.b == null", vars("a", vars("b", null)))).isTrue();
  }

  @Test
  void treats_a_key_a_map_cannot_look_up_as_missing() {
    Map<Integer, String> integerKeys = new TreeMap<>(Map.of(1, "one"));
    Map<String, Object> vars = vars("t", integerKeys);

    assertThat(problem("t.k == 1", vars)).isEqualTo("no such field 't.k'");
    assertThat(eval("has(t.k)", vars)).isFalse();
  }

  // ---- values from the variables

  @Test
  void reads_every_integral_java_type_as_an_int() {
    Map<String, Object> vars = vars("l", 5L, "i", 5, "s", (short) 5, "b", (byte) 5, "bi", BigInteger.valueOf(5),
        "ai", new AtomicInteger(5), "al", new AtomicLong(5));

    assertThat(eval("l == 5 && i == 5 && s == 5 && b == 5 && bi == 5 && ai == 5 && al == 5", vars)).isTrue();
    assertThat(eval("l < 6 && i < 6 && s < 6 && b < 6 && bi < 6 && ai < 6 && al < 6", vars)).isTrue();
    assertThat(eval("-l == -5 && -i == -5 && -s == -5 && -bi == -5", vars)).isTrue();
  }

  @Test
  void reads_every_floating_point_java_type_as_a_double() {
    Map<String, Object> vars = vars("d", 2.5, "f", 2.5f, "bd", new BigDecimal("2.5"));

    assertThat(eval("d == 2.5 && f == 2.5 && bd == 2.5 && -bd == -2.5", vars)).isTrue();
    assertThat(eval("d < 3 && f < 3 && bd < 3", vars)).isTrue();
  }

  @Test
  void reads_big_integers_only_within_the_signed_64_bit_range() {
    BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);

    assertThat(eval("x == 9223372036854775807", vars("x", max))).isTrue();
    assertThat(problem("x > 0", vars("x", max.add(BigInteger.ONE))))
        .isEqualTo("field 'x' is an integer outside the signed 64-bit range");
  }

  @Test
  void rejects_reading_a_value_of_an_unsupported_type() {
    Map<String, Object> vars = vars("t", Instant.EPOCH, "c", 'c', "m", Map.of("t", Instant.EPOCH));

    assertThat(problem("t == null", vars)).isEqualTo("field 't' is a value of unsupported type java.time.Instant");
    assertThat(problem("c == 'c'", vars)).isEqualTo("field 'c' is a value of unsupported type java.lang.Character");
    assertThat(problem("m.t == null", vars)).isEqualTo("field 'm.t' is a value of unsupported type java.time.Instant");
    assertThat(eval("has(m.t) && has(t)", vars)).isTrue();
  }

  @Test
  void rejects_comparing_list_elements_of_an_unsupported_type() {
    Map<String, Object> vars = vars("l", List.of(Instant.EPOCH), "k", List.of(Instant.EPOCH));

    assertThat(problem("l == k", vars)).isEqualTo(
        "cannot apply '==' to a value of unsupported type java.time.Instant and a value of unsupported type "
            + "java.time.Instant");
  }

  // ---- equality

  @ParameterizedTest
  @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
      "1 == 1 => true",
      "1 == 2 => false",
      "1 != 2 => true",
      "1 == 1.0 => true",
      "1.0 == 1 => true",
      "1 != 1.0 => false",
      "2 == 1.5 => false",
      "1 == '1' => false",
      "1 != '1' => true",
      "true == 1 => false",
      "true != 1 => true",
      "'a' == 'a' => true",
      "'a' == 'A' => false",
      "true == true => true",
      "true == false => false",
      "false != true => true",
      "null == null => true",
      "null != null => false",
      "null == 0 => false",
      "0 == null => false",
      "null == false => false",
      "null == '' => false",
      "null == [] => false",
      "[] == [] => true",
      "[1, 2] == [1.0, 2.0] => true",
      "[1, 2] == [2, 1] => false",
      "[1] == [1, 2] => false",
      "[1, 'a', [null]] == [1, 'a', [null]] => true",
      "[1, 'a'] != [1, 'b'] => true",
      "[1] == 1 => false",
  })
  void equality_is_heterogeneous_as_in_cel(String expression, boolean expected) {
    assertThat(eval(expression)).isEqualTo(expected);
  }

  @Test
  void compares_java_numbers_of_different_types_by_value() {
    Map<String, Object> vars = vars("i", 3, "l", 3L, "d", 3.0, "f", 3.0f, "bd", new BigDecimal("3.00"));

    assertThat(eval("i == l && l == d && d == f && f == bd && bd == i", vars)).isTrue();
    assertThat(eval("x == 3", vars("x", 3.5))).isFalse();
  }

  @Test
  void compares_lists_from_the_variables_element_by_element() {
    Map<String, Object> vars = vars("l", List.of(1, 2, 3), "k", Arrays.asList(1L, 2.0, 3), "e", List.of());

    assertThat(eval("l == [1, 2, 3] && l == k && e == []", vars)).isTrue();
    assertThat(eval("l == [1, 2] || l == [1, 2, 4] || l == e", vars)).isFalse();
  }

  @Test
  void compares_maps_entry_by_entry() {
    Map<String, Object> vars = vars(
        "a", Map.of("x", 1, "y", List.of("s")),
        "b", new LinkedHashMap<>(Map.of("y", List.of("s"), "x", 1.0)),
        "c", Map.of("x", 1, "y", List.of("t")),
        "d", Map.of("x", 1),
        "e", Map.of("x", 1, "z", List.of("s")),
        "i", Map.of(1, "one"),
        "j", Map.of(1L, "one"));

    assertThat(eval("a == b && i == j", vars)).isTrue();
    assertThat(eval("a == c || a == d || a == e || a == 1", vars)).isFalse();
  }

  @Test
  void compares_doubles_as_ieee_754_does() {
    Map<String, Object> vars = vars("nan", Double.NaN, "nz", -0.0, "inf", Double.POSITIVE_INFINITY);

    assertThat(eval("nan == nan", vars)).isFalse();
    assertThat(eval("nan != nan", vars)).isTrue();
    assertThat(eval("[nan] == [nan]", vars)).isFalse();
    assertThat(eval("nan in [nan]", vars)).isFalse();
    assertThat(eval("nz == 0.0 && nz == 0 && 0 == nz", vars)).isTrue();
    assertThat(eval("nan < 1 || nan <= 1 || nan > 1 || nan >= 1 || 1 < nan", vars)).isFalse();
    assertThat(eval("nz < 0", vars)).isFalse();
    assertThat(eval("inf > 9223372036854775807", vars)).isTrue();
  }

  @Test
  void compares_an_int_with_a_double_by_converting_the_int_as_cel_does() {
    assertThat(eval("9223372036854775807 == 9223372036854775807.0")).isTrue();
    assertThat(eval("9007199254740993 == 9007199254740992.0")).isTrue();
    assertThat(eval("9007199254740993 > 9007199254740992")).isTrue();
  }

  @Test
  void rejects_comparing_values_nested_too_deeply_instead_of_overflowing_the_stack() {
    List<Object> deep = new ArrayList<>();
    List<Object> current = deep;
    for (int i = 0; i < 100_000; i++) {
      List<Object> next = new ArrayList<>();
      current.add(next);
      current = next;
    }
    List<Object> cyclic = new ArrayList<>();
    cyclic.add(cyclic);
    Map<String, Object> cyclicMap = new HashMap<>();
    cyclicMap.put("self", cyclicMap);

    assertThat(problem("x == x", vars("x", deep))).isEqualTo("values are nested more than 256 levels deep and "
        + "cannot be compared");
    assertThat(problem("x == x", vars("x", cyclic))).contains("nested more than 256 levels");
    assertThat(problem("x != x", vars("x", cyclicMap))).contains("nested more than 256 levels");
  }

  @Test
  void equality_and_ordering_report_the_error_of_the_left_operand_first() {
    assertThat(problem("first == second")).isEqualTo("no such field 'first'");
    assertThat(problem("1 != second")).isEqualTo("no such field 'second'");
    assertThat(problem("first < second")).isEqualTo("no such field 'first'");
    assertThat(problem("1 >= second")).isEqualTo("no such field 'second'");
  }

  @Test
  void a_list_literal_with_a_failing_element_fails() {
    assertThat(problem("[1, missing] == []")).isEqualTo("no such field 'missing'");
    assertThat(eval("[x, 2] == [1, 2.0]", vars("x", 1))).isTrue();
  }

  // ---- ordering

  @ParameterizedTest
  @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
      "1 < 2 => true",
      "2 < 2 => false",
      "2 <= 2 => true",
      "3 <= 2 => false",
      "3 > 2 => true",
      "2 > 2 => false",
      "2 >= 2 => true",
      "1 >= 2 => false",
      "1 < 1.5 => true",
      "1.5 < 2 => true",
      "2 > 1.5 => true",
      "1.5 >= 1.5 => true",
      "-1 < 0 => true",
      "-9223372036854775808 < 9223372036854775807 => true",
      "9007199254740993 > 9007199254740992 => true",
      "'a' < 'b' => true",
      "'abc' < 'abd' => true",
      "'ab' < 'abc' => true",
      "'' < 'a' => true",
      "'b' > 'abc' => true",
      "'B' < 'a' => true",
      "'a' <= 'a' => true",
      "'a' >= 'b' => false",
      "false < true => true",
      "true < false => false",
      "true <= true => true",
      "false >= true => false",
  })
  void orders_numbers_strings_and_booleans(String expression, boolean expected) {
    assertThat(eval(expression)).isEqualTo(expected);
  }

  @Test
  void orders_strings_by_code_point_not_by_utf16_unit() {
    Map<String, Object> vars = vars("private", "\uE000", "emoji", "😀", "replacement", "\uFFFD");

    assertThat(eval("private < emoji && replacement < emoji && emoji > private", vars)).isTrue();
    assertThat(eval("'\\u00e9' > 'z'")).isTrue();
  }

  @Test
  void rejects_ordering_values_of_other_kinds() {
    assertThat(problem("1 < 'a'")).isEqualTo("cannot apply '<' to a number and a string");
    assertThat(problem("'a' <= 1")).isEqualTo("cannot apply '<=' to a string and a number");
    assertThat(problem("true > 0")).isEqualTo("cannot apply '>' to a boolean and a number");
    assertThat(problem("null >= null")).isEqualTo("cannot apply '>=' to null and null");
    assertThat(problem("[1] < [2]")).isEqualTo("cannot apply '<' to a list and a list");
    assertThat(problem("m < 1", vars("m", Map.of()))).isEqualTo("cannot apply '<' to a map and a number");
  }

  // ---- logical operators

  @ParameterizedTest
  @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
      "true && true => true",
      "true && false => false",
      "false && true => false",
      "false && false => false",
      "true || true => true",
      "true || false => true",
      "false || true => true",
      "false || false => false",
      "!true => false",
      "!false => true",
      "true && true && true && false => false",
      "false || false || false || true => true",
  })
  void computes_the_truth_tables(String expression, boolean expected) {
    assertThat(eval(expression)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
      "false && missing => false",
      "missing && false => false",
      "true || missing => true",
      "missing || true => true",
      "missing && missing.x && false => false",
      "missing || 1 < 'a' || true => true",
      "1 && false => false",
      "false && 'text' => false",
      "'text' || true => true",
      "null || true => true",
      "[1] && false => false",
  })
  void absorbs_errors_and_non_booleans_from_either_side_as_cel_does(String expression, boolean expected) {
    assertThat(eval(expression)).isEqualTo(expected);
  }

  @Test
  void propagates_an_error_that_nothing_absorbs() {
    assertThat(problem("true && missing")).isEqualTo("no such field 'missing'");
    assertThat(problem("missing && true")).isEqualTo("no such field 'missing'");
    assertThat(problem("false || missing")).isEqualTo("no such field 'missing'");
    assertThat(problem("missing || false")).isEqualTo("no such field 'missing'");
  }

  @Test
  void propagates_the_first_error_of_a_chain() {
    assertThat(problem("first && second")).isEqualTo("no such field 'first'");
    assertThat(problem("true && first && second && true")).isEqualTo("no such field 'first'");
    assertThat(problem("first || second")).isEqualTo("no such field 'first'");
  }

  @Test
  void rejects_non_boolean_operands_that_nothing_absorbs() {
    assertThat(problem("1 && true")).isEqualTo("'&&' needs boolean operands but got a number");
    assertThat(problem("true && 'a'")).isEqualTo("'&&' needs boolean operands but got a string");
    assertThat(problem("null || false")).isEqualTo("'||' needs boolean operands but got null");
    assertThat(problem("false || [1]")).isEqualTo("'||' needs boolean operands but got a list");
  }

  @Test
  void does_not_evaluate_operands_after_a_deciding_one() {
    assertThat(eval("false && x.y.z", vars("x", 1))).isFalse();
    assertThat(eval("true || -x > 0", vars("x", Long.MIN_VALUE))).isTrue();
  }

  @Test
  void rejects_negating_a_non_boolean() {
    assertThat(problem("!x", vars("x", 1))).isEqualTo("cannot apply '!' to a number");
    assertThat(problem("!'a'")).isEqualTo("cannot apply '!' to a string");
    assertThat(problem("!null")).isEqualTo("cannot apply '!' to null");
    assertThat(problem("!missing")).isEqualTo("no such field 'missing'");
  }

  // ---- unary minus

  @Test
  void negates_ints_and_doubles() {
    assertThat(eval("-x == -5", vars("x", 5))).isTrue();
    assertThat(eval("-x == 5", vars("x", -5L))).isTrue();
    assertThat(eval("-x == -1.5", vars("x", 1.5))).isTrue();
    assertThat(eval("-x == 9223372036854775807", vars("x", -Long.MAX_VALUE))).isTrue();
  }

  @Test
  void rejects_negating_the_smallest_int_as_an_overflow() {
    assertThat(problem("-x < 0", vars("x", Long.MIN_VALUE)))
        .isEqualTo("integer overflow: cannot negate -9223372036854775808");
    assertThat(problem("-(-9223372036854775808) > 0"))
        .isEqualTo("integer overflow: cannot negate -9223372036854775808");
  }

  @Test
  void rejects_negating_a_non_number() {
    assertThat(problem("-x == 1", vars("x", "a"))).isEqualTo("cannot apply '-' to a string");
    assertThat(problem("-(true) == 1")).isEqualTo("cannot apply '-' to a boolean");
    assertThat(problem("-x == 1", vars("x", null))).isEqualTo("cannot apply '-' to null");
    assertThat(problem("-missing == 1")).isEqualTo("no such field 'missing'");
  }

  // ---- in

  @Test
  void finds_an_element_of_a_list_literal_by_equality() {
    assertThat(eval("x in [1, 2, 3]", vars("x", 2))).isTrue();
    assertThat(eval("x in [1, 2, 3]", vars("x", 4))).isFalse();
    assertThat(eval("x in []", vars("x", 4))).isFalse();
    assertThat(eval("1 in [1.0]")).isTrue();
    assertThat(eval("'a' in [1, 'a']")).isTrue();
    assertThat(eval("null in [1, null]")).isTrue();
    assertThat(eval("[1] in [[1], [2]]")).isTrue();
    assertThat(eval("customer.tier in ['gold', 'platinum']", vars("customer", Map.of("tier", "gold")))).isTrue();
  }

  @Test
  void finds_an_element_of_a_list_literal_built_from_fields() {
    Map<String, Object> vars = vars("x", 2, "y", 2, "z", 3);

    assertThat(eval("x in [z, y]", vars)).isTrue();
    assertThat(eval("x in [z, 5]", vars)).isFalse();
  }

  @Test
  void fails_when_an_element_of_a_list_literal_fails_even_after_a_match() {
    assertThat(problem("x in [1, missing]", vars("x", 1))).isEqualTo("no such field 'missing'");
    assertThat(problem("x in [missing, 1]", vars("x", 1))).isEqualTo("no such field 'missing'");
    assertThat(problem("missing in [1]")).isEqualTo("no such field 'missing'");
  }

  @Test
  void finds_an_element_of_a_list_field() {
    Map<String, Object> vars = vars("l", List.of(1, 2, 3), "tags", List.of("a", "b"));

    assertThat(eval("2 in l && 2.0 in l && 'b' in tags", vars)).isTrue();
    assertThat(eval("4 in l || 'c' in tags || '1' in l", vars)).isFalse();
  }

  @Test
  void finds_a_key_of_a_map() {
    Map<String, Object> vars = vars("m", Map.of("k", 1), "i", Map.of(1, "one"), "b", Map.of(true, 1));

    assertThat(eval("'k' in m && 1 in i && 1.0 in i && true in b", vars)).isTrue();
    assertThat(eval("'x' in m || 1 in m || 2 in i || 'k' in i || false in b", vars)).isFalse();
  }

  @Test
  void matches_a_list_element_even_when_another_element_cannot_be_compared() {
    Map<String, Object> vars = vars("l", List.of(Instant.EPOCH, 1));

    assertThat(eval("1 in l", vars)).isTrue();
    assertThat(problem("2 in l", vars)).startsWith("cannot apply '==' to a number and a value of unsupported type");
  }

  @Test
  void rejects_in_with_a_right_side_that_is_not_a_list_or_map() {
    assertThat(problem("'a' in 'abc'"))
        .isEqualTo("cannot apply 'in' to a string and a string; the right side must be a list or a map");
    assertThat(problem("1 in x", vars("x", 1)))
        .isEqualTo("cannot apply 'in' to a number and a number; the right side must be a list or a map");
    assertThat(problem("1 in null")).contains("to a number and null");
    assertThat(problem("1 in missing")).isEqualTo("no such field 'missing'");
  }

  // ---- has

  @Test
  void has_is_true_when_the_key_is_present_even_with_a_null_value() {
    Map<String, Object> vars = vars("a", 1, "n", null, "m", vars("k", null, "inner", Map.of("x", 1)));

    assertThat(eval("has(a) && has(n) && has(m) && has(m.k) && has(m.inner.x)", vars)).isTrue();
    assertThat(eval("has(b) || has(m.z) || has(m.inner.y)", vars)).isFalse();
  }

  @Test
  void has_fails_when_the_map_to_look_in_cannot_be_read() {
    Map<String, Object> vars = vars("s", "text", "n", null, "m", Map.of("k", 1));

    assertThat(problem("has(z.k)", vars)).isEqualTo("no such field 'z'");
    assertThat(problem("has(m.z.k)", vars)).isEqualTo("no such field 'm.z'");
    assertThat(problem("has(s.k)", vars)).isEqualTo("field 's' is a string, not a map, so it has no field 'k'");
    assertThat(problem("has(m.k.j)", vars)).isEqualTo("field 'm.k' is a number, not a map, so it has no field 'j'");
    assertThat(problem("has(n.k)", vars)).isEqualTo("field 'n' is null so it has no field 'k'");
  }

  @Test
  void has_guards_a_read_of_an_optional_field() {
    String condition = "has(customer.email) && customer.email != ''";

    assertThat(eval(condition, vars("customer", Map.of()))).isFalse();
    assertThat(eval(condition, vars("customer", Map.of("email", "x@y")))).isTrue();
  }
}
