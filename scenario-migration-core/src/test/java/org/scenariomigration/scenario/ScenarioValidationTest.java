package org.scenariomigration.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scenariomigration.InvalidIdException;
import org.scenariomigration.condition.ConditionEngine;
import org.scenariomigration.condition.ConditionSyntaxException;
import org.scenariomigration.scenario.ScenarioProblem.Kind;

class ScenarioValidationTest {

  private static InvalidScenarioException invalid(ScenarioVersion.Builder b) {
    return catchThrowableOfType(InvalidScenarioException.class, b::build);
  }

  private static ScenarioVersion.Builder order(int version) {
    return ScenarioVersion.builder("order-flow", version);
  }

  // ------------------------------------------------------------------------------------ each error

  @Test
  void duplicate_step_ids_are_reported_with_scenario_version_and_id() {
    InvalidScenarioException e = invalid(order(3)
        .step(Seeds.welcome().to("checkout"))
        .step(Seeds.checkout())
        .step(Step.builder("checkout").name("Checkout again")));

    assertThat(e.scenarioId()).isEqualTo("order-flow");
    assertThat(e.version()).isEqualTo(3);
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Kind.DUPLICATE_STEP_ID);
      assertThat(p.isError()).isTrue();
      assertThat(p.scenarioId()).isEqualTo("order-flow");
      assertThat(p.version()).isEqualTo(3);
      assertThat(p.stepId()).isEqualTo("checkout");
      assertThat(p.value()).isEqualTo("checkout");
      assertThat(p.message()).contains("'order-flow'", "version 3", "duplicate step id 'checkout'");
    });
    assertThat(e).hasMessageContaining("scenario 'order-flow' version 3 is invalid (1 error)")
        .hasMessageContaining("duplicate step id 'checkout'");
  }

  @Test
  void a_transition_to_an_unknown_step_is_reported_with_the_step_and_the_target() {
    InvalidScenarioException e = invalid(order(1)
        .step(Seeds.welcome().to("checkout"))
        .step(Seeds.checkout().to("confrim"))
        .step(Seeds.confirm()));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Kind.UNKNOWN_TRANSITION_TARGET);
      assertThat(p.stepId()).isEqualTo("checkout");
      assertThat(p.value()).isEqualTo("confrim");
      assertThat(p.message()).contains("'order-flow'", "version 1", "step 'checkout'", "unknown step 'confrim'");
    });
  }

  @Test
  void a_blank_start_step_is_reported_as_missing() {
    InvalidScenarioException e = invalid(order(1).startStep("  ").step(Seeds.welcome()));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Kind.MISSING_START_STEP);
      assertThat(p.stepId()).isNull();
      assertThat(p.message()).contains("'order-flow'", "version 1", "start step is missing");
    });
  }

  @Test
  void a_start_step_that_names_no_step_is_reported_with_the_value() {
    InvalidScenarioException e = invalid(order(2).startStep("welcom").step(Seeds.welcome()));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Kind.UNKNOWN_START_STEP);
      assertThat(p.value()).isEqualTo("welcom");
      assertThat(p.message()).contains("'order-flow'", "version 2", "start step 'welcom'");
    });
  }

  @Test
  void a_condition_that_does_not_parse_is_reported_with_its_position() {
    InvalidScenarioException e = invalid(order(1)
        .step(Seeds.ageCheck().when("age >= ", "checkout").to("checkout"))
        .step(Seeds.checkout()));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Kind.CONDITION_SYNTAX);
      assertThat(p.stepId()).isEqualTo("age_check");
      assertThat(p.value()).isEqualTo("age >= ");
      assertThat(p.message()).contains("'order-flow'", "version 1", "step 'age_check'", "condition 'age >= '",
          "position 7");
    });
  }

  @Test
  void a_version_without_steps_is_reported() {
    InvalidScenarioException e = invalid(order(4));

    assertThat(e.problems()).extracting(ScenarioProblem::kind).contains(Kind.NO_STEPS);
    assertThat(e.problems()).filteredOn(p -> p.kind() == Kind.NO_STEPS).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("'order-flow'", "version 4", "has no steps"));
    assertThat(e.problems()).allMatch(ScenarioProblem::isError);
  }

  @Test
  void every_error_is_reported_at_once() {
    InvalidScenarioException e = invalid(order(1).startStep("nowhere")
        .step(Seeds.welcome().to("age_check"))
        .step(Seeds.ageCheck().when("age <", "checkout").to("missing"))
        .step(Seeds.checkout())
        .step(Step.builder("welcome").name("Second welcome")));

    assertThat(e.problems()).extracting(ScenarioProblem::kind).containsExactlyInAnyOrder(
        Kind.DUPLICATE_STEP_ID, Kind.UNKNOWN_START_STEP, Kind.UNKNOWN_TRANSITION_TARGET, Kind.CONDITION_SYNTAX);
    assertThat(e).hasMessageContaining("(4 errors)")
        .hasMessageContaining("'welcome'").hasMessageContaining("'nowhere'")
        .hasMessageContaining("'missing'").hasMessageContaining("'age <'");
  }

  @Test
  void the_same_bad_condition_is_reported_for_every_step_that_uses_it() {
    InvalidScenarioException e = invalid(order(1)
        .step(Step.builder("a").when("x ==", "b").to("b"))
        .step(Step.builder("b").when("x ==", "a").to("a")));

    assertThat(e.problems()).extracting(ScenarioProblem::kind, ScenarioProblem::stepId).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(Kind.CONDITION_SYNTAX, "a"),
        org.assertj.core.groups.Tuple.tuple(Kind.CONDITION_SYNTAX, "b"));
  }

  @Test
  void a_very_long_list_of_errors_is_cut_in_the_message_but_kept_in_full() {
    ScenarioVersion.Builder b = order(1).step(Step.builder("start"));
    for (int i = 0; i < 200; i++) {
      b.step(Step.builder("s" + i).to("unknown-target-" + i));
    }

    InvalidScenarioException e = invalid(b);

    assertThat(e.problems()).hasSize(200);
    assertThat(e.getMessage()).contains("(200 errors)").endsWith(" ...").hasSizeLessThan(4500);
  }

  // ------------------------------------------------------------------------------------ what is legal

  @Test
  void an_unreachable_step_is_a_warning_not_an_error() {
    ScenarioVersion v = order(1)
        .step(Seeds.welcome().to("checkout"))
        .step(Seeds.checkout())
        .step(Step.builder("orphan").name("Orphan"))
        .build();

    assertThat(v.warnings()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Kind.UNREACHABLE_STEP);
      assertThat(p.isError()).isFalse();
      assertThat(p.stepId()).isEqualTo("orphan");
      assertThat(p.message()).contains("'order-flow'", "version 1", "step 'orphan'", "start step 'welcome'");
    });
    assertThat(v.steps()).extracting(Step::id).containsExactly("welcome", "checkout", "orphan");
  }

  @Test
  void a_version_whose_steps_are_all_reachable_has_no_warnings() {
    assertThat(Seeds.v2AgeFork().warnings()).isEmpty();
  }

  @Test
  void cycles_are_legal() {
    ScenarioVersion v = order(1)
        .step(Step.builder("ask").when("n > 1", "ask").to("thanks"))
        .step(Step.builder("thanks").to("ask"))
        .build();

    assertThat(v.warnings()).isEmpty();
    assertThat(v.upstreamOf("ask")).containsExactlyInAnyOrder("ask", "thanks");
    assertThat(v.canReach("thanks", "thanks")).isTrue();
  }

  @Test
  void only_the_error_kinds_stop_a_version_from_loading() {
    List<Kind> errors = new ArrayList<>();
    for (Kind k : Kind.values()) {
      if (k.isError()) {
        errors.add(k);
      }
    }

    assertThat(errors).containsExactlyInAnyOrder(Kind.DUPLICATE_STEP_ID, Kind.UNKNOWN_TRANSITION_TARGET,
        Kind.MISSING_START_STEP, Kind.UNKNOWN_START_STEP, Kind.CONDITION_SYNTAX, Kind.NO_STEPS,
        Kind.CONFLICTING_FIELD_TYPE, Kind.TOO_MANY_STEPS, Kind.TOO_MANY_TRANSITIONS);
    assertThat(Kind.UNREACHABLE_STEP.isError()).isFalse();
  }

  @Test
  void the_start_step_defaults_to_the_first_step() {
    ScenarioVersion v = order(1).step(Seeds.welcome().to("checkout")).step(Seeds.checkout()).build();

    assertThat(v.startStepId()).isEqualTo("welcome");
  }

  @Test
  void conditions_are_compiled_with_the_engine_given_to_the_builder() {
    List<String> compiled = new ArrayList<>();
    ConditionEngine builtIn = ConditionEngine.builtIn();
    ConditionEngine strict = text -> {
      compiled.add(text);
      if (text.contains("legacy")) {
        throw new ConditionSyntaxException(text, 0, "legacy conditions are not allowed");
      }
      return builtIn.compile(text);
    };

    InvalidScenarioException e = invalid(order(1).conditionEngine(strict)
        .step(Step.builder("a").when("legacy_flag", "b").when("age > 1", "b"))
        .step(Step.builder("b")));

    assertThat(compiled).containsExactly("legacy_flag", "age > 1");
    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message())
        .contains("'legacy_flag'", "position 0", "legacy conditions are not allowed"));
  }

  @Test
  void a_compiled_condition_is_available_for_each_conditional_transition_only() {
    ScenarioVersion v = Seeds.v2AgeFork();
    Step age = v.requireStep("age_check");

    assertThat(v.condition(age.transitions().get(0))).isNotNull();
    assertThatIllegalArgumentException().isThrownBy(() -> v.condition(Transition.to("checkout")))
        .withMessageContaining("'checkout'");
  }

  @Test
  void looking_up_an_unknown_step_names_scenario_version_and_id() {
    ScenarioVersion v = Seeds.v1();

    assertThat(v.step("nope")).isEmpty();
    assertThatIllegalArgumentException().isThrownBy(() -> v.requireStep("nope"))
        .withMessage("scenario 'order-flow' version 1 has no step 'nope'");
    assertThatIllegalArgumentException().isThrownBy(() -> v.upstreamOf("nope")).withMessageContaining("'nope'");
  }

  // ------------------------------------------------------------------------------------ builder arguments

  @Test
  void a_blank_scenario_id_is_rejected_with_the_value() {
    assertThatExceptionOfType(InvalidIdException.class).isThrownBy(() -> ScenarioVersion.builder(" ", 1))
        .withMessageStartingWith("scenario id \" \" is invalid: it starts with whitespace");
    assertThatNullPointerException().isThrownBy(() -> ScenarioVersion.builder(null, 1))
        .withMessageContaining("scenarioId");
  }

  @Test
  void a_version_below_1_is_rejected_with_the_value() {
    assertThatIllegalArgumentException().isThrownBy(() -> ScenarioVersion.builder("order-flow", 0))
        .withMessage("version of scenario 'order-flow' must be at least 1 but was 0");
    assertThatIllegalArgumentException().isThrownBy(() -> ScenarioVersion.builder("order-flow", -5))
        .withMessageContaining("but was -5");
    assertThat(ScenarioVersion.builder("order-flow", 1).step(Seeds.welcome()).build().version()).isEqualTo(1);
  }

  @Test
  void a_blank_step_id_is_rejected_with_the_value() {
    assertThatExceptionOfType(InvalidIdException.class).isThrownBy(() -> Step.builder("\t"))
        .withMessageStartingWith("step id \"\\u0009\" is invalid: it contains a control character, U+0009 at index 0");
    assertThatNullPointerException().isThrownBy(() -> Step.builder(null));
  }

  @Test
  void blank_field_names_are_rejected_with_the_value() {
    assertThatExceptionOfType(InvalidIdException.class).isThrownBy(() -> CollectedField.required(" "))
        .withMessageStartingWith("field name \" \" is invalid: it starts with whitespace");
    assertThatExceptionOfType(InvalidIdException.class).isThrownBy(() -> Step.builder("s").collects(""))
        .withMessageStartingWith("field name \"\" is invalid: it is empty");
    assertThatExceptionOfType(InvalidIdException.class).isThrownBy(() -> Step.builder("s").requires("  "))
        .withMessageStartingWith("field name \"  \" is invalid: it starts with whitespace");
  }
}
