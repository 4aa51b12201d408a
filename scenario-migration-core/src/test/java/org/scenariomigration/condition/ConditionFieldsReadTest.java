package org.scenariomigration.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ConditionFieldsReadTest {

  private static Set<String> fieldsRead(String expression) {
    return ConditionEngine.builtIn().compile(expression).fieldsRead();
  }

  @Test
  void lists_the_paths_read_directly_and_through_has_in_sorted_order() {
    assertThat(fieldsRead("customer.age >= 18 && has(a.b)")).containsExactly("a.b", "customer.age");
  }

  @Test
  void lists_the_left_side_of_in_with_a_literal_list() {
    assertThat(fieldsRead("x in [1, 2]")).containsExactly("x");
  }

  @Test
  void lists_fields_inside_list_literals_and_under_unary_operators() {
    assertThat(fieldsRead("x in [y, z.w] || !p || -q < 0")).containsExactly("p", "q", "x", "y", "z.w");
  }

  @Test
  void lists_each_path_once_and_keeps_a_prefix_and_its_extension_apart() {
    assertThat(fieldsRead("a == a && a.b == a && has(a.b)")).containsExactly("a", "a.b");
  }

  @Test
  void is_empty_for_a_condition_of_literals_only() {
    assertThat(fieldsRead("1 == 1.0 && 'has(x)' != 'y'")).isEmpty();
  }

  @Test
  void lists_a_top_level_has() {
    assertThat(fieldsRead("has(x)")).containsExactly("x");
  }

  @Test
  void lists_fields_even_in_operands_that_may_not_be_evaluated() {
    assertThat(fieldsRead("false && never.read")).containsExactly("never.read");
  }

  @Test
  void is_immutable() {
    Set<String> fields = fieldsRead("a || b");

    assertThatThrownBy(() -> fields.add("c")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(fields::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThat(fields).containsExactly("a", "b");
  }

  @Test
  void sorts_paths_by_their_text() {
    assertThat(fieldsRead("b.a || a.z || a || B || a_b || a.b")).containsExactly("B", "a", "a.b", "a.z", "a_b", "b.a");
  }
}
