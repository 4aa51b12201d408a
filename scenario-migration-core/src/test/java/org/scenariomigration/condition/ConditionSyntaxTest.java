package org.scenariomigration.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionSyntaxTest {

  private static final ConditionEngine ENGINE = ConditionEngine.builtIn();

  private static boolean eval(String expression, Map<String, ?> vars) {
    return ENGINE.compile(expression).evaluate(vars);
  }

  private static boolean eval(String expression) {
    return eval(expression, Map.of());
  }

  private static Map<String, Object> vars(Object... keysAndValues) {
    Map<String, Object> vars = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      vars.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return vars;
  }

  static Stream<Arguments> syntaxErrors() {
    return Stream.of(
        Arguments.of("age >= ", 7, "expected an operand but found end of input"),
        Arguments.of("foo(1)", 0, "unknown function 'foo'; the only function is has()"),
        Arguments.of("x && size(y) > 1", 5, "unknown function 'size'"),
        Arguments.of("a.b(2)", 2, "unknown function 'b'"),
        Arguments.of("a.has(b)", 2, "unknown function 'has'"),
        Arguments.of("'x'.size() == 1", 4, "unknown function 'size'"),
        Arguments.of("(a).b", 3, "unsupported syntax '.': fields can be selected only from field paths"),
        Arguments.of("1.x", 1, "unsupported syntax '.'"),
        Arguments.of("-1.x", 2, "unsupported syntax '.'"),
        Arguments.of("true.x", 4, "unsupported syntax '.'"),
        Arguments.of("has(a).b", 6, "unsupported syntax '.'"),
        Arguments.of("list[0] == 1", 4, "unsupported syntax '[': indexing is not supported"),
        Arguments.of("m['k'] == 1", 1, "indexing is not supported"),
        Arguments.of("a ? b : c", 2, "unsupported operator '?': the conditional operator '?:' is not supported"),
        Arguments.of("a.?b", 2, "unsupported operator '?'"),
        Arguments.of("age + 1 > 2", 4, "unsupported operator '+': arithmetic is not supported"),
        Arguments.of("age - 1 > 2", 4, "unsupported operator '-': arithmetic is not supported"),
        Arguments.of("age * 2 > 1", 4, "unsupported operator '*'"),
        Arguments.of("age / 2 > 1", 4, "unsupported operator '/'"),
        Arguments.of("age % 2 == 1", 4, "unsupported operator '%'"),
        Arguments.of("{}", 0, "unsupported syntax '{': map and message literals are not supported"),
        Arguments.of("x == {'a': 1}", 5, "map and message literals are not supported"),
        Arguments.of("`a` == 1", 0, "quoted identifiers are not supported"),
        Arguments.of("a = 1", 2, "unsupported operator '='; use '==' to compare"),
        Arguments.of("a & b", 2, "unsupported operator '&'; use '&&' for a logical and"),
        Arguments.of("a | b", 2, "unsupported operator '|'; use '||' for a logical or"),
        Arguments.of("age # 1", 4, "unexpected character '#'"),
        Arguments.of("age == 'é' && é", 14, "unexpected character U+00E9"),
        Arguments.of("a\u0000", 1, "unexpected character U+0000"),
        Arguments.of("a 😀", 2, "unexpected character U+1F600"),
        Arguments.of("a '" + "x".repeat(50) + "'", 2,
            "expected an operator or end of input but found ''" + "x".repeat(39) + "...'"),
        Arguments.of(".a == 1", 0, "expected an operand but found '.'"),
        Arguments.of("in", 0, "expected an operand but found 'in'"),
        Arguments.of("a && && b", 5, "expected an operand but found '&&'"),
        Arguments.of("!", 1, "expected an operand but found end of input"),
        Arguments.of("// only a comment", 17, "expected an operand but found end of input"),
        Arguments.of("a b", 2, "expected an operator or end of input but found 'b'"),
        Arguments.of("a)", 1, "expected an operator or end of input but found ')'"),
        Arguments.of("a !b", 2, "expected an operator or end of input but found '!'"),
        Arguments.of("(a", 2, "expected an operator or ')' but found end of input"),
        Arguments.of("(a b)", 3, "expected an operator or ')' but found 'b'"),
        Arguments.of("[1 2]", 3, "expected an operator, ',' or ']' but found '2'"),
        Arguments.of("[1,,2]", 3, "expected an operand but found ','"),
        Arguments.of("[1,", 3, "expected an operand but found end of input"),
        Arguments.of("x in [1, 2", 10, "expected an operator, ',' or ']' but found end of input"),
        Arguments.of("!-x", 1, "expected an operand but found '-'; put the negated operand in parentheses"),
        Arguments.of("-!x", 1, "expected an operand but found '!'"),
        Arguments.of("if == 1", 0, "'if' is a reserved word and cannot name a field"),
        Arguments.of("x && while", 5, "'while' is a reserved word"),
        Arguments.of("a.true", 2, "expected a field name after '.' but found 'true'"),
        Arguments.of("a.in", 2, "expected a field name after '.' but found 'in'"),
        Arguments.of("a.1", 1, "expected an operator or end of input but found '.1'"),
        Arguments.of("a.", 2, "expected a field name after '.' but found end of input"),
        Arguments.of("has()", 4, "has() needs exactly one argument, a field path"),
        Arguments.of("has(a, b)", 5, "has() needs exactly one argument, a field path"),
        Arguments.of("has(1)", 4, "the argument of has() must be a field path but found '1'"),
        Arguments.of("has((a.b))", 4, "the argument of has() must be a field path but found '('"),
        Arguments.of("has(a.b == 1)", 8, "expected ')' after the field path in has() but found '=='"),
        Arguments.of("has(a", 5, "expected ')' after the field path in has() but found end of input"),
        Arguments.of("has(a.b())", 6, "unknown function 'b'"),
        Arguments.of("has(for.x)", 4, "'for' is a reserved word"),
        Arguments.of("1u == 1", 1, "unsigned integer literals are not supported"),
        Arguments.of("0x1U == 1", 3, "unsigned integer literals are not supported"),
        Arguments.of("b'abc' == x", 0, "bytes literals are not supported"),
        Arguments.of("rb\"abc\" == x", 0, "bytes literals are not supported"),
        Arguments.of("r'abc' == x", 0, "raw string literals are not supported"),
        Arguments.of("'''abc''' == x", 0, "triple-quoted string literals are not supported"),
        Arguments.of("x == \"\"\"abc\"\"\"", 5, "triple-quoted string literals are not supported"),
        Arguments.of("9223372036854775808 > 0", 0,
            "integer literal out of range: '9223372036854775808' does not fit in a signed 64-bit integer"),
        Arguments.of("x > -9223372036854775809", 5, "integer literal out of range: '9223372036854775809'"),
        Arguments.of("x > --9223372036854775808", 6, "integer literal out of range"),
        Arguments.of("-(9223372036854775808) < 0", 2, "integer literal out of range"),
        Arguments.of("99999999999999999999999 > 0", 0, "integer literal out of range"),
        Arguments.of("0x8000000000000000 > 0", 0, "integer literal out of range: '0x8000000000000000'"),
        Arguments.of("0x10000000000000000 > 0", 0, "integer literal out of range"),
        Arguments.of("1e999 > 0", 0, "double literal out of range: '1e999'"),
        Arguments.of("x < -1e999", 5, "double literal out of range"),
        Arguments.of("1e > 0", 1, "malformed number: the exponent needs at least one digit"),
        Arguments.of("1e+ > 0", 1, "malformed number: the exponent needs at least one digit"),
        Arguments.of("0x > 0", 0, "malformed number: '0x' needs at least one hexadecimal digit"),
        Arguments.of("0X1F == 31", 0, "malformed number: a hexadecimal literal starts with '0x', with a lowercase x"),
        Arguments.of("'a\\qb' == x", 2,
            "unsupported escape sequence '\\q'; the escapes are \\\\ \\\" \\' \\n \\r \\t and \\uXXXX"),
        Arguments.of("'\\a' == x", 1, "unsupported escape sequence '\\a'"),
        Arguments.of("'\\x41' == x", 1, "unsupported escape sequence '\\x'"),
        Arguments.of("'\\101' == x", 1, "unsupported escape sequence '\\1'"),
        Arguments.of("'\\U0001F600' == x", 1, "unsupported escape sequence '\\U'"),
        Arguments.of("'\\u12' == x", 1, "malformed unicode escape: \\u needs exactly four hexadecimal digits"),
        Arguments.of("'\\u12", 1, "malformed unicode escape"),
        Arguments.of("'\\u00g1' == x", 1, "malformed unicode escape"),
        Arguments.of("'\\uD800' == x", 1, "invalid unicode escape '\\uD800': surrogate code points are not characters"),
        Arguments.of("'abc", 0, "unterminated string literal"),
        Arguments.of("x == \"abc", 5, "unterminated string literal"),
        Arguments.of("'abc\\", 0, "unterminated string literal"),
        Arguments.of("'abc\"", 0, "unterminated string literal"),
        Arguments.of("'a\nb' == x", 2, "line break in a string literal; use \\n or \\r"),
        Arguments.of("'a\rb' == x", 2, "line break in a string literal"));
  }

  @ParameterizedTest
  @MethodSource("syntaxErrors")
  void rejects_invalid_text_with_the_position_and_the_problem(String expression, int position, String problem) {
    assertThatThrownBy(() -> ENGINE.compile(expression))
        .isInstanceOfSatisfying(ConditionSyntaxException.class, e -> {
          assertThat(e.position()).as("position").isEqualTo(position);
          assertThat(e.expression()).isEqualTo(expression);
          assertThat(e.getMessage()).startsWith("condition syntax error at position " + position + " in '"
              + expression + "': ");
          assertThat(e.getMessage()).contains(problem);
        });
  }

  @Test
  void message_names_the_position_the_text_and_the_problem() {
    assertThatThrownBy(() -> ENGINE.compile("age >= "))
        .hasMessage("condition syntax error at position 7 in 'age >= ': expected an operand but found end of input");
  }

  @Test
  void reports_the_first_problem_in_reading_order() {
    assertThatThrownBy(() -> ENGINE.compile("a b 'unterminated"))
        .isInstanceOfSatisfying(ConditionSyntaxException.class, e -> assertThat(e.position()).isEqualTo(2));
  }

  @Test
  void reads_integer_literals() {
    assertThat(eval("x == 42", vars("x", 42L))).isTrue();
    assertThat(eval("007 == 7")).isTrue();
    assertThat(eval("0 == -0")).isTrue();
    assertThat(eval("0x1F == 31")).isTrue();
    assertThat(eval("0xfF == 255")).isTrue();
    assertThat(eval("-0x10 == -16")).isTrue();
    assertThat(eval("x == 9223372036854775807", vars("x", Long.MAX_VALUE))).isTrue();
    assertThat(eval("x == 0x7fffffffffffffff", vars("x", Long.MAX_VALUE))).isTrue();
    assertThat(eval("x == -9223372036854775808", vars("x", Long.MIN_VALUE))).isTrue();
    assertThat(eval("x == -0x8000000000000000", vars("x", Long.MIN_VALUE))).isTrue();
    assertThat(eval("x == - 9223372036854775808", vars("x", Long.MIN_VALUE))).isTrue();
    assertThat(eval("x == ---9223372036854775808", vars("x", Long.MIN_VALUE))).isTrue();
    assertThat(eval("x == 000000000000000000000000001", vars("x", 1))).isTrue();
  }

  @Test
  void reads_double_literals() {
    assertThat(eval("x == 1.5", vars("x", 1.5))).isTrue();
    assertThat(eval("x == 1e3", vars("x", 1000.0))).isTrue();
    assertThat(eval("x == 1E3", vars("x", 1000.0))).isTrue();
    assertThat(eval("x == 2.5e-1", vars("x", 0.25))).isTrue();
    assertThat(eval("x == 2.5E+1", vars("x", 25.0))).isTrue();
    assertThat(eval("x == .5", vars("x", 0.5))).isTrue();
    assertThat(eval("x == -1.5", vars("x", -1.5))).isTrue();
    assertThat(eval("x == 1e-400", vars("x", 0.0))).isTrue();
    assertThat(eval("x == 1.7976931348623157e308", vars("x", Double.MAX_VALUE))).isTrue();
  }

  @Test
  void reads_string_literals_in_either_quote() {
    assertThat(eval("x == 'abc'", vars("x", "abc"))).isTrue();
    assertThat(eval("x == \"abc\"", vars("x", "abc"))).isTrue();
    assertThat(eval("x == \"it's\"", vars("x", "it's"))).isTrue();
    assertThat(eval("x == 'say \"hi\"'", vars("x", "say \"hi\""))).isTrue();
    assertThat(eval("x == ''", vars("x", ""))).isTrue();
    assertThat(eval("x == 'é 😀\t'", vars("x", "é 😀\t"))).isTrue();
    assertThat(eval("x == '// not a comment'", vars("x", "// not a comment"))).isTrue();
  }

  @Test
  void reads_every_supported_escape() {
    assertThat(eval("x == '\\\\'", vars("x", "\\"))).isTrue();
    assertThat(eval("x == \"\\\"\"", vars("x", "\""))).isTrue();
    assertThat(eval("x == '\\''", vars("x", "'"))).isTrue();
    assertThat(eval("x == '\\\"'", vars("x", "\""))).isTrue();
    assertThat(eval("x == \"\\'\"", vars("x", "'"))).isTrue();
    assertThat(eval("x == 'a\\nb'", vars("x", "a\nb"))).isTrue();
    assertThat(eval("x == 'a\\rb'", vars("x", "a\rb"))).isTrue();
    assertThat(eval("x == 'a\\tb'", vars("x", "a\tb"))).isTrue();
    assertThat(eval("x == '\\u00e9\\u00E9'", vars("x", "éé"))).isTrue();
    assertThat(eval("x == '\\u0041BC'", vars("x", "ABC"))).isTrue();
    assertThat(eval("x == '\\uFFFF'", vars("x", "\uFFFF"))).isTrue();
  }

  @Test
  void reads_boolean_and_null_literals() {
    assertThat(eval("true")).isTrue();
    assertThat(eval("false")).isFalse();
    assertThat(eval("x == null", vars("x", null))).isTrue();
  }

  @Test
  void reads_list_literals_including_empty_nested_and_trailing_comma() {
    assertThat(eval("x == []", vars("x", java.util.List.of()))).isTrue();
    assertThat(eval("x == [1, 'a', [true, null]]", vars("x", java.util.Arrays.asList(1, "a",
        java.util.Arrays.asList(true, null))))).isTrue();
    assertThat(eval("[1, 2,] == [1, 2]")).isTrue();
  }

  @Test
  void reads_identifiers_with_underscores_digits_and_keyword_prefixes() {
    Map<String, Object> vars = vars("_x1", 1, "in_stock", true, "nullable", 2, "truely", 3, "has", 4, "If", 5);

    assertThat(eval("_x1 == 1 && in_stock && nullable == 2 && truely == 3 && has == 4 && If == 5", vars)).isTrue();
  }

  @Test
  void allows_reserved_words_after_the_first_segment_of_a_path() {
    assertThat(eval("a.if == 1", vars("a", Map.of("if", 1)))).isTrue();
  }

  @Test
  void skips_whitespace_of_every_kind_and_line_comments() {
    assertThat(eval(" \t\r\n\f a\n>=\t18 // adults only\n && // and\n b", vars("a", 20, "b", true))).isTrue();
    assertThat(eval("a . b == 1", vars("a", Map.of("b", 1)))).isTrue();
    assertThat(eval("has ( a . b )", vars("a", Map.of("b", 1)))).isTrue();
  }

  @Test
  void binds_and_tighter_than_or() {
    Map<String, Object> vars = vars("t", true, "f", false);

    assertThat(eval("t || t && f", vars)).isTrue();
    assertThat(eval("(t || t) && f", vars)).isFalse();
    assertThat(eval("f && f || t", vars)).isTrue();
    assertThat(eval("f && (f || t)", vars)).isFalse();
  }

  @Test
  void binds_relations_tighter_than_and() {
    assertThat(eval("1 < 2 && 3 > 2")).isTrue();
    assertThat(eval("x == 1 || x == 2", vars("x", 2))).isTrue();
  }

  @Test
  void binds_unary_operators_tighter_than_relations() {
    assertThat(eval("!t == f", vars("t", true, "f", false))).isTrue();
    assertThat(eval("-x < 0", vars("x", 5))).isTrue();
    assertThat(eval("!(1 == 2)")).isTrue();
  }

  @Test
  void relations_are_left_associative() {
    assertThat(eval("1 == 1 == true")).isTrue();
    assertThat(eval("2 == 1 == false")).isTrue();
    assertThatThrownBy(() -> eval("1 < 2 < 3")).isInstanceOf(ConditionEvaluationException.class)
        .hasMessageContaining("cannot apply '<' to a boolean and a number");
  }

  @Test
  void an_even_number_of_the_same_unary_operator_cancels_out_as_in_cel() {
    assertThat(eval("!!x", vars("x", true))).isTrue();
    assertThat(eval("!!!x", vars("x", true))).isFalse();
    assertThat(eval("--x == 'a'", vars("x", "a"))).isTrue();
    assertThat(eval("!!x == 5", vars("x", 5))).isTrue();
    assertThat(eval("-(-x) == 5", vars("x", 5))).isTrue();
  }

  @Test
  void a_negative_literal_may_follow_a_logical_not() {
    assertThatThrownBy(() -> eval("!-1")).isInstanceOf(ConditionEvaluationException.class)
        .hasMessageContaining("cannot apply '!' to a number");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "a.b.c", "has(a)", "has(a.b)", "[a, b]", "(a)", "!a", "-a", "a in b", "a == b",
      "a != b", "a < b", "a <= b", "a > b", "a >= b", "a && b", "a || b", "null", "[]", "1.0", "'s'"})
  void compiles_every_construct_of_the_grammar(String expression) {
    assertThatCode(() -> ENGINE.compile(expression)).doesNotThrowAnyException();
    assertThat(ENGINE.compile(expression).expression()).isEqualTo(expression);
  }
}
