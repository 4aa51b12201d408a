package org.scenariomigration.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.scenariomigration.ScenarioMigrationException;

class ConditionExceptionsTest {

  @Test
  void syntax_exception_formats_the_position_text_and_problem() {
    ConditionSyntaxException e =
        new ConditionSyntaxException("age >= ", 7, "expected an operand but found end of input");

    assertThat(e).isInstanceOf(ScenarioMigrationException.class)
        .hasMessage("condition syntax error at position 7 in 'age >= ': expected an operand but found end of input")
        .hasNoCause();
    assertThat(e.expression()).isEqualTo("age >= ");
    assertThat(e.position()).isEqualTo(7);
    assertThat(e.problem()).isEqualTo("expected an operand but found end of input");
  }

  @Test
  void syntax_exception_keeps_a_cause() {
    IllegalStateException cause = new IllegalStateException("boom");

    ConditionSyntaxException e = new ConditionSyntaxException("x ~ y", 2, "bad operator", cause);

    assertThat(e).hasCause(cause).hasMessage("condition syntax error at position 2 in 'x ~ y': bad operator");
    assertThat(e.position()).isEqualTo(2);
    assertThat(e.expression()).isEqualTo("x ~ y");
  }

  @Test
  void syntax_exception_without_text_omits_it_from_the_message() {
    ConditionSyntaxException e = new ConditionSyntaxException(null, 0, "condition is null");

    assertThat(e).hasMessage("condition syntax error at position 0: condition is null");
    assertThat(e.expression()).isNull();
  }

  @Test
  void syntax_exception_rejects_a_negative_position() {
    assertThatThrownBy(() -> new ConditionSyntaxException("x", -1, "problem"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("position must not be negative but was -1");
  }

  @Test
  void syntax_exception_cuts_long_text_in_the_message_but_keeps_it_whole() {
    String text = "x".repeat(300);

    ConditionSyntaxException e = new ConditionSyntaxException(text, 299, "problem");

    assertThat(e.getMessage()).isEqualTo("condition syntax error at position 299 in '" + "x".repeat(200)
        + "...': problem");
    assertThat(e.expression()).isEqualTo(text);
  }

  @Test
  void cutting_long_text_never_splits_a_surrogate_pair() {
    String text = "x".repeat(199) + "😀" + "x".repeat(100);

    ConditionSyntaxException e = new ConditionSyntaxException(text, 0, "problem");

    assertThat(e.getMessage()).contains("'" + "x".repeat(199) + "...'");
  }

  @Test
  void evaluation_exception_formats_the_text_and_problem() {
    ConditionEvaluationException e = new ConditionEvaluationException("age >= 18", "no such field 'age'");

    assertThat(e).isInstanceOf(ScenarioMigrationException.class)
        .hasMessage("cannot evaluate 'age >= 18': no such field 'age'")
        .hasNoCause();
    assertThat(e.expression()).isEqualTo("age >= 18");
    assertThat(e.problem()).isEqualTo("no such field 'age'");
  }

  @Test
  void evaluation_exception_keeps_a_cause_and_cuts_long_text() {
    IllegalStateException cause = new IllegalStateException("boom");
    String text = "y".repeat(250);

    ConditionEvaluationException e = new ConditionEvaluationException(text, "problem", cause);

    assertThat(e).hasCause(cause).hasMessage("cannot evaluate '" + "y".repeat(200) + "...': problem");
    assertThat(e.expression()).isEqualTo(text);
  }

  @Test
  void engine_errors_carry_the_whole_text_of_a_long_condition() {
    String text = "a && ".repeat(100) + "+";

    assertThatThrownBy(() -> ConditionEngine.builtIn().compile(text))
        .isInstanceOfSatisfying(ConditionSyntaxException.class, e -> {
          assertThat(e.expression()).isEqualTo(text);
          assertThat(e.position()).isEqualTo(500);
          assertThat(e.getMessage()).contains("...': unsupported operator '+'");
        });
  }
}
