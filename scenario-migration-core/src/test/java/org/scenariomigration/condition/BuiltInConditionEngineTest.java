package org.scenariomigration.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltInConditionEngineTest {

  private static ConditionSyntaxException syntaxError(ConditionEngine engine, String expression) {
    try {
      engine.compile(expression);
    } catch (ConditionSyntaxException e) {
      return e;
    }
    throw new AssertionError("expected a syntax error for " + expression);
  }

  private static BuiltInConditionEngine withMaxDepth(int maxDepth) {
    return BuiltInConditionEngine.builder().maxDepth(maxDepth).build();
  }

  @Test
  void defaults_allow_4096_characters_and_depth_32() {
    BuiltInConditionEngine engine = BuiltInConditionEngine.defaults();

    assertThat(engine.maxLength()).isEqualTo(4096);
    assertThat(engine.maxDepth()).isEqualTo(32);
  }

  @Test
  void built_in_returns_the_default_engine() {
    assertThat(ConditionEngine.builtIn()).isSameAs(BuiltInConditionEngine.defaults());
  }

  @Test
  void builder_starts_from_the_defaults() {
    assertThat(BuiltInConditionEngine.builder().build()).isEqualTo(BuiltInConditionEngine.defaults());
  }

  @Test
  void builder_sets_both_limits() {
    BuiltInConditionEngine engine = BuiltInConditionEngine.builder().maxLength(100).maxDepth(5).build();

    assertThat(engine.maxLength()).isEqualTo(100);
    assertThat(engine.maxDepth()).isEqualTo(5);
  }

  @Test
  void builder_accepts_the_extreme_valid_limits() {
    BuiltInConditionEngine engine = BuiltInConditionEngine.builder().maxLength(Integer.MAX_VALUE).maxDepth(256)
        .maxDepth(1).maxLength(1).build();

    assertThat(engine.maxLength()).isEqualTo(1);
    assertThat(engine.maxDepth()).isEqualTo(1);
    assertThat(BuiltInConditionEngine.builder().maxDepth(256).build().maxDepth()).isEqualTo(256);
  }

  @Test
  void builder_rejects_a_max_length_that_is_not_positive_with_the_bad_value() {
    assertThatThrownBy(() -> BuiltInConditionEngine.builder().maxLength(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLength must be positive but was 0");
    assertThatThrownBy(() -> BuiltInConditionEngine.builder().maxLength(-7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLength must be positive but was -7");
  }

  @Test
  void builder_rejects_a_max_depth_that_is_not_positive_with_the_bad_value() {
    assertThatThrownBy(() -> BuiltInConditionEngine.builder().maxDepth(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDepth must be positive but was -1");
    assertThatThrownBy(() -> BuiltInConditionEngine.builder().maxDepth(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDepth must be positive but was 0");
  }

  @Test
  void builder_rejects_a_max_depth_above_256_with_the_bad_value() {
    assertThatThrownBy(() -> BuiltInConditionEngine.builder().maxDepth(257))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDepth must be at most 256 but was 257");
  }

  @Test
  void engines_with_the_same_limits_are_equal() {
    BuiltInConditionEngine a = BuiltInConditionEngine.builder().maxLength(10).maxDepth(3).build();
    BuiltInConditionEngine b = BuiltInConditionEngine.builder().maxLength(10).maxDepth(3).build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(BuiltInConditionEngine.builder().maxLength(11).maxDepth(3).build());
    assertThat(a).isNotEqualTo(BuiltInConditionEngine.builder().maxLength(10).maxDepth(4).build());
    assertThat(a.toString()).isEqualTo("BuiltInConditionEngine{maxLength=10, maxDepth=3}");
  }

  @Test
  void rejects_a_null_condition_at_position_0() {
    ConditionSyntaxException e = syntaxError(ConditionEngine.builtIn(), null);

    assertThat(e.position()).isZero();
    assertThat(e.expression()).isNull();
    assertThat(e).hasMessage("condition syntax error at position 0: condition is null");
  }

  @Test
  void rejects_empty_and_blank_conditions_at_position_0() {
    for (String blank : new String[] {"", " ", "  \t\n\r "}) {
      ConditionSyntaxException e = syntaxError(ConditionEngine.builtIn(), blank);

      assertThat(e.position()).isZero();
      assertThat(e.expression()).isEqualTo(blank);
      assertThat(e.getMessage()).endsWith(": condition is empty");
    }
  }

  @Test
  void rejects_text_longer_than_the_maximum_at_position_max_length() {
    String text = "a".repeat(5000);

    ConditionSyntaxException e = syntaxError(ConditionEngine.builtIn(), text);

    assertThat(e.position()).isEqualTo(4096);
    assertThat(e.expression()).isEqualTo(text);
    assertThat(e.getMessage()).endsWith(": condition is too long: 5000 characters, the maximum is 4096");
  }

  @Test
  void accepts_text_of_exactly_the_maximum_length() {
    BuiltInConditionEngine engine = BuiltInConditionEngine.builder().maxLength(10).build();

    assertThat(engine.compile("abcdefghij").fieldsRead()).containsExactly("abcdefghij");
    ConditionSyntaxException e = syntaxError(engine, "abcdefghijk");
    assertThat(e.position()).isEqualTo(10);
    assertThat(e.getMessage()).endsWith("condition is too long: 11 characters, the maximum is 10");
  }

  @Test
  void accepts_parentheses_up_to_the_maximum_depth_and_rejects_one_more_at_its_position() {
    BuiltInConditionEngine engine = withMaxDepth(3);

    assertThat(engine.compile("(((a)))").evaluate(Map.of("a", true))).isTrue();
    ConditionSyntaxException e = syntaxError(engine, "((((a))))");
    assertThat(e.position()).isEqualTo(3);
    assertThat(e.getMessage()).endsWith(": condition is nested too deeply: the maximum depth is 3");
  }

  @Test
  void counts_each_unary_operator_as_a_level() {
    BuiltInConditionEngine engine = withMaxDepth(3);

    assertThat(engine.compile("!!!a").evaluate(Map.of("a", true))).isFalse();
    assertThat(syntaxError(engine, "!!!!a").position()).isEqualTo(3);
    assertThat(syntaxError(engine, "----a").position()).isEqualTo(3);
    assertThat(syntaxError(engine, "!!!(a)").position()).isEqualTo(3);
  }

  @Test
  void counts_the_sign_of_a_negative_literal_as_a_level() {
    BuiltInConditionEngine engine = withMaxDepth(1);

    assertThat(engine.compile("-1").expression()).isEqualTo("-1");
    assertThat(syntaxError(engine, "-1 < x").position()).isEqualTo(3);
    assertThat(syntaxError(engine, "x == -1").position()).isEqualTo(2);
    assertThat(syntaxError(engine, "!-1").position()).isEqualTo(1);
  }

  @Test
  void counts_list_literals_as_levels() {
    BuiltInConditionEngine engine = withMaxDepth(3);

    assertThat(engine.compile("x in [[1]]").evaluate(Map.of("x", 1))).isFalse();
    assertThat(syntaxError(engine, "x in [[[1]]]").position()).isEqualTo(2);
    assertThat(syntaxError(engine, "[[[[1]]]]").position()).isEqualTo(3);
  }

  @Test
  void counts_each_relation_in_a_chain_as_a_level() {
    BuiltInConditionEngine engine = withMaxDepth(3);

    assertThat(engine.compile("a == b == c == d").fieldsRead()).containsExactly("a", "b", "c", "d");
    ConditionSyntaxException e = syntaxError(engine, "a == b == c == d == e");
    assertThat(e.position()).isEqualTo(17);
  }

  @Test
  void counts_a_chain_of_and_or_or_as_one_level_whatever_its_length() {
    BuiltInConditionEngine engine = BuiltInConditionEngine.builder().maxLength(100_000).maxDepth(2).build();
    String chain = "a" + " && a".repeat(500) + " || a" + " || a".repeat(500);

    assertThat(engine.compile(chain).evaluate(Map.of("a", true))).isTrue();
    assertThat(engine.compile("a == b && c").fieldsRead()).containsExactly("a", "b", "c");
    assertThat(syntaxError(engine, "(a == b) && c").position()).isEqualTo(9);
    assertThat(syntaxError(withMaxDepth(1), "(a && b)").position()).isEqualTo(0);
    assertThat(syntaxError(withMaxDepth(1), "a && b || c").position()).isEqualTo(7);
  }

  @Test
  void has_and_paths_do_not_add_depth() {
    BuiltInConditionEngine engine = withMaxDepth(1);

    assertThat(engine.compile("has(a.b.c.d.e) == a.b.c.d.e.f.g").fieldsRead())
        .containsExactly("a.b.c.d.e", "a.b.c.d.e.f.g");
  }

  @Test
  void rejects_33_nested_parentheses_with_the_default_engine() {
    String ok = "(".repeat(32) + "a" + ")".repeat(32);
    String deep = "(".repeat(33) + "a" + ")".repeat(33);

    assertThat(ConditionEngine.builtIn().compile(ok).evaluate(Map.of("a", true))).isTrue();
    assertThat(syntaxError(ConditionEngine.builtIn(), deep).position()).isEqualTo(32);
  }

  @Test
  void survives_100000_nested_operators_of_every_kind() {
    BuiltInConditionEngine engine = BuiltInConditionEngine.builder().maxLength(10_000_000).maxDepth(256).build();
    int n = 100_000;
    String[] deep = {
        "!".repeat(n) + "a",
        "-".repeat(n) + "a",
        "(".repeat(n) + "a" + ")".repeat(n),
        "[".repeat(n) + "a" + "]".repeat(n),
        "(".repeat(n),
        "[".repeat(n),
        "!(".repeat(n) + "a" + ")".repeat(n),
        "a" + " == a".repeat(n),
        "(a == ".repeat(n) + "a" + ")".repeat(n),
        "(a && ".repeat(n) + "a" + ")".repeat(n),
    };
    for (String text : deep) {
      assertThat(syntaxError(engine, text).getMessage()).contains("nested too deeply");
    }
  }

  @Test
  void compiles_and_evaluates_a_chain_of_10000_terms() {
    BuiltInConditionEngine engine = BuiltInConditionEngine.builder().maxLength(1_000_000).build();

    assertThat(engine.compile("a" + " && a".repeat(9_999)).evaluate(Map.of("a", true))).isTrue();
    assertThat(engine.compile("a" + " || a".repeat(9_999)).evaluate(Map.of("a", false))).isFalse();
    assertThat(engine.compile("a" + ".a".repeat(9_999) + " == 1").fieldsRead()).hasSize(1);
  }

  @Test
  void compiles_and_evaluates_nesting_at_the_largest_maximum_depth() {
    BuiltInConditionEngine engine = BuiltInConditionEngine.builder().maxDepth(256).build();
    Map<String, Object> vars = Map.of("a", true);

    assertThat(engine.compile("(".repeat(256) + "a" + ")".repeat(256)).evaluate(vars)).isTrue();
    assertThat(engine.compile("!(".repeat(128) + "a" + ")".repeat(128)).evaluate(vars)).isTrue();
    assertThat(engine.compile("(a == ".repeat(128) + "a" + ")".repeat(128)).evaluate(vars)).isTrue();
    assertThat(engine.compile("a in " + "[".repeat(255) + "1" + "]".repeat(255)).evaluate(vars)).isFalse();
  }
}
