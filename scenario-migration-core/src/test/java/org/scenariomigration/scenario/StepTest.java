package org.scenariomigration.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepTest {

  @Test
  void the_name_defaults_to_the_id_and_the_other_attributes_to_empty() {
    Step s = Step.builder("welcome").build();

    assertThat(s.name()).isEqualTo("welcome");
    assertThat(s.description()).isEmpty();
    assertThat(s.ruleIds()).isEmpty();
    assertThat(s.collectsFields()).isEmpty();
    assertThat(s.requiresFields()).isEmpty();
    assertThat(s.requiredAction()).isFalse();
    assertThat(s.checkpoint()).isFalse();
    assertThat(s.checkpointDescription()).isEmpty();
    assertThat(s.transitions()).isEmpty();
  }

  @Test
  void to_builder_gives_back_an_equal_step() {
    Step s = Seeds.payment().ruleIds("r-1").requires("amount").requiredAction(true)
        .collects(new CollectedField("coupon", true, "a code")).to("confirm").build();

    Step copy = s.toBuilder().build();

    assertThat(copy).isEqualTo(s).hasSameHashCodeAs(s);
    assertThat(copy.checkpointDescription()).isEqualTo("payment processed");
    assertThat(copy.collectsFields()).isEqualTo(s.collectsFields());
  }

  @Test
  void steps_differing_in_id_transitions_or_hints_are_not_equal() {
    Step s = Seeds.checkout().to("confirm").build();

    assertThat(s).isNotEqualTo(Seeds.checkout().build());
    assertThat(s).isNotEqualTo(Step.builder("checkout2").name("Checkout").description("Takes the order")
        .to("confirm").build());
    assertThat(Seeds.ageCheck().build())
        .isNotEqualTo(Step.builder("age_check").name("Age Verification").description("Asks for the customer's age")
            .collects(new CollectedField("age", false, "in years")).build());
  }

  @Test
  void the_lists_of_a_step_cannot_be_modified() {
    Step s = Seeds.ageCheck().to("checkout").build();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.transitions().add(Transition.to("x")))
        .isInstanceOf(UnsupportedOperationException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.collectsFields().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void a_fork_has_several_transitions_and_at_least_one_condition() {
    assertThat(Step.builder("a").when("age < 18", "b").to("c").build().isFork()).isTrue();
    assertThat(Step.builder("a").to("b").to("c").build().isFork()).isFalse();
    assertThat(Step.builder("a").when("age < 18", "b").build().isFork()).isFalse();
    assertThat(Step.builder("a").build().isFork()).isFalse();
  }

  @Test
  void required_collected_field_names_leave_out_optional_fields() {
    Step s = Step.builder("a").collects(CollectedField.required("age"), CollectedField.optional("nickname"),
        CollectedField.required("email")).build();

    assertThat(s.requiredCollectedFieldNames()).containsExactly("age", "email");
  }

  @Test
  void a_blank_condition_makes_a_transition_unconditional() {
    assertThat(new Transition("b", "  ").condition()).isNull();
    assertThat(new Transition("b", "  ").isConditional()).isFalse();
    assertThat(Transition.when("x > 1", "b").isConditional()).isTrue();
    assertThat(Transition.to("b")).isEqualTo(new Transition("b", null));
    assertThatNullPointerException().isThrownBy(() -> Transition.to(null));
    assertThatNullPointerException().isThrownBy(() -> Transition.when(null, "b"));
  }

  @Test
  void a_collected_field_without_a_hint_has_an_empty_hint() {
    assertThat(new CollectedField("age", false, null).extractionHint()).isEmpty();
    assertThat(CollectedField.optional("age")).isEqualTo(new CollectedField("age", true, ""));
    assertThat(CollectedField.required("age").optional()).isFalse();
  }

  @Test
  void a_null_checkpoint_description_is_empty() {
    Step s = Step.builder("pay").checkpoint(null).build();

    assertThat(s.checkpoint()).isTrue();
    assertThat(s.checkpointDescription()).isEmpty();
  }

  @Test
  void builder_setters_reject_nulls() {
    Step.Builder b = Step.builder("a");

    assertThatNullPointerException().isThrownBy(() -> b.name(null));
    assertThatNullPointerException().isThrownBy(() -> b.description(null));
    assertThatNullPointerException().isThrownBy(() -> b.ruleIds((String) null));
    assertThatNullPointerException().isThrownBy(() -> b.collects((CollectedField) null));
    assertThatNullPointerException().isThrownBy(() -> b.transitions(java.util.Arrays.asList((Transition) null)));
  }

  @Test
  void collects_all_and_transitions_add_in_order() {
    Step s = Step.builder("a")
        .collectsAll(List.of(CollectedField.required("x"), CollectedField.optional("y")))
        .transitions(List.of(Transition.when("x > 1", "b"), Transition.to("c")))
        .build();

    assertThat(s.collectsFields()).extracting(CollectedField::name).containsExactly("x", "y");
    assertThat(s.transitions()).extracting(Transition::toStepId).containsExactly("b", "c");
  }

  @Test
  void to_string_shows_id_name_and_short_hash() {
    Step s = Seeds.checkout().build();

    assertThat(s.toString()).isEqualTo("Step{id=checkout, name=Checkout, hash="
        + s.contentHash().substring(0, 12) + "}");
  }
}
