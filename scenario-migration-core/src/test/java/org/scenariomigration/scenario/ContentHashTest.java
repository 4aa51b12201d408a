package org.scenariomigration.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContentHashTest {

  /** A step with every attribute set, the base of the "changes with" cases. */
  private static Step.Builder base() {
    return Step.builder("pay").name("Payment").description("Takes the payment")
        .ruleIds("r-1", "r-2")
        .collects(CollectedField.required("card"), CollectedField.optional("coupon"))
        .requires("amount")
        .requiredAction(true)
        .checkpoint("payment processed")
        .to("confirm");
  }

  private static String hash(Step.Builder b) {
    return b.build().contentHash();
  }

  // ------------------------------------------------------------------------------------ what is not covered

  @Test
  void the_step_id_is_not_part_of_the_hash() {
    Step renamed = Step.builder("payment_2").name("Payment").description("Takes the payment")
        .ruleIds("r-1", "r-2")
        .collects(CollectedField.required("card"), CollectedField.optional("coupon"))
        .requires("amount").requiredAction(true).checkpoint("payment processed").to("confirm").build();

    assertThat(renamed.contentHash()).isEqualTo(hash(base()));
  }

  @Test
  void transitions_are_not_part_of_the_hash() {
    assertThat(hash(base().clearTransitions())).isEqualTo(hash(base()));
    assertThat(hash(base().clearTransitions().when("age >= 18", "elsewhere").to("other")))
        .isEqualTo(hash(base()));
  }

  @Test
  void extraction_hints_of_collected_fields_are_not_part_of_the_hash() {
    Step hinted = Step.builder("pay").name("Payment").description("Takes the payment")
        .ruleIds("r-1", "r-2")
        .collects(new CollectedField("card", false, "the card number"),
            new CollectedField("coupon", true, "a discount code, if any"))
        .requires("amount").requiredAction(true).checkpoint("payment processed").build();

    assertThat(hinted.contentHash()).isEqualTo(hash(base()));
  }

  @Test
  void the_checkpoint_description_of_a_step_that_is_not_a_checkpoint_is_not_part_of_the_hash() {
    assertThat(hash(base().checkpoint(false, "left over")))
        .isEqualTo(hash(base().checkpoint(false, "")));
  }

  // ------------------------------------------------------------------------------------ what is covered

  static Stream<Arguments> semantic_changes() {
    return Stream.of(
        change("another name", b -> b.name("Payments")),
        change("a name differing only in case", b -> b.name("payment")),
        change("another description", b -> b.description("Takes the money")),
        change("an empty description", b -> b.description("")),
        change("an extra rule id", b -> b.ruleIds("r-3")),
        change("a duplicated rule id", b -> b.ruleIds("r-1")),
        change("an extra collected field", b -> b.collects("email")),
        change("an optional field made required", b -> rebuildFields(b,
            CollectedField.required("card"), CollectedField.required("coupon"))),
        change("a required field made optional", b -> rebuildFields(b,
            CollectedField.optional("card"), CollectedField.optional("coupon"))),
        change("an extra required input field", b -> b.requires("currency")),
        change("the required action cleared", b -> b.requiredAction(false)),
        change("the checkpoint flag cleared", b -> b.checkpoint(false, "payment processed")),
        change("another checkpoint description", b -> b.checkpoint("card charged")),
        change("an empty checkpoint description", b -> b.checkpoint("")));
  }

  private static Arguments change(String what, UnaryOperator<Step.Builder> edit) {
    return Arguments.of(Named.of(what, edit));
  }

  private static Step.Builder rebuildFields(Step.Builder ignored, CollectedField... fields) {
    return Step.builder("pay").name("Payment").description("Takes the payment").ruleIds("r-1", "r-2")
        .collects(fields).requires("amount").requiredAction(true).checkpoint("payment processed");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("semantic_changes")
  void the_hash_changes_with(UnaryOperator<Step.Builder> edit) {
    assertThat(hash(edit.apply(base()))).isNotEqualTo(hash(base()));
  }

  @Test
  void a_value_moved_from_one_attribute_to_another_changes_the_hash() {
    Step asRule = Step.builder("s").ruleIds("x").build();
    Step asField = Step.builder("s").collects("x").build();
    Step asInput = Step.builder("s").requires("x").build();

    assertThat(List.of(asRule.contentHash(), asField.contentHash(), asInput.contentHash()))
        .doesNotHaveDuplicates();
  }

  @Test
  void text_shifted_between_name_and_description_changes_the_hash() {
    assertThat(hash(Step.builder("s").name("ab").description("c")))
        .isNotEqualTo(hash(Step.builder("s").name("a").description("bc")));
  }

  @Test
  void list_boundaries_are_part_of_the_hash() {
    assertThat(hash(Step.builder("s").name("n").ruleIds("ab")))
        .isNotEqualTo(hash(Step.builder("s").name("n").ruleIds("a", "b")));
    assertThat(hash(Step.builder("s").name("n").ruleIds("a").requires("b")))
        .isNotEqualTo(hash(Step.builder("s").name("n").ruleIds("a", "b")));
  }

  // ------------------------------------------------------------------------------------ order and normalisation

  @Test
  void the_hash_does_not_depend_on_the_order_of_rule_ids_fields_and_required_inputs() {
    Step shuffled = Step.builder("pay").name("Payment").description("Takes the payment")
        .ruleIds("r-2", "r-1")
        .collects(CollectedField.optional("coupon"), CollectedField.required("card"))
        .requires("amount").requiredAction(true).checkpoint("payment processed").build();
    Step a = Step.builder("s").requires("x", "y", "z").build();
    Step b = Step.builder("s").requires("z", "x", "y").build();

    assertThat(shuffled.contentHash()).isEqualTo(hash(base()));
    assertThat(a.contentHash()).isEqualTo(b.contentHash());
  }

  @Test
  void leading_trailing_and_repeated_white_space_is_ignored_in_every_string_but_ids() {
    Step spaced = Step.builder("pay").name("  Payment\t").description("Takes   the\n payment ")
        .ruleIds(" r-1", "r-2 ")
        .collects(CollectedField.required("card"), CollectedField.optional("coupon"))
        .requires("amount").requiredAction(true).checkpoint("payment \r\n processed ").to("confirm").build();

    assertThat(spaced.contentHash()).isEqualTo(hash(base()));
  }

  @Test
  void white_space_between_words_is_not_removed_altogether() {
    assertThat(hash(Step.builder("s").name("Check out"))).isNotEqualTo(hash(Step.builder("s").name("Checkout")));
  }

  @Test
  void no_break_spaces_count_as_white_space_also_at_the_start_of_a_string() {
    assertThat(hash(Step.builder("s").name("Check\u00A0out"))).isEqualTo(hash(Step.builder("s").name("Check out")));
    assertThat(hash(Step.builder("s").name("Checkout\u00A0"))).isEqualTo(hash(Step.builder("s").name("Checkout")));
    assertThat(hash(Step.builder("s").name("\u00A0Checkout"))).isEqualTo(hash(Step.builder("s").name("Checkout")));
    assertThat(hash(Step.builder("s").name("\u2003\u00A0Checkout")))
        .isEqualTo(hash(Step.builder("s").name("Checkout")));
  }

  @Test
  void normalise_trims_folds_white_space_runs_to_one_space_and_composes() {
    assertThat(ContentHash.normalise("\u00A0 Check \t\u2003 out\u00A0")).isEqualTo("Check out");
    assertThat(ContentHash.normalise("\u00A0\u00A0a\u00A0b")).isEqualTo("a b");
    assertThat(ContentHash.normalise("Cafe\u0301")).isEqualTo("Caf\u00e9");
    assertThat(ContentHash.normalise(" \n ")).isEmpty();
  }

  @Test
  void strings_are_compared_in_unicode_nfc() {
    String composed = "Caf\u00e9";
    String decomposed = "Cafe\u0301";

    assertThat(hash(Step.builder("s").name(composed).collects(composed)))
        .isEqualTo(hash(Step.builder("s").name(decomposed).collects(decomposed)));
    assertThat(hash(Step.builder("s").name(composed))).isNotEqualTo(hash(Step.builder("s").name("Cafe")));
  }

  // ------------------------------------------------------------------------------------ the encoding

  @Test
  void the_hash_is_64_lowercase_hex_characters_and_equals_content_hash_of_step() {
    Step s = base().build();

    assertThat(s.contentHash()).hasSize(64).matches("[0-9a-f]{64}");
    assertThat(ContentHash.ofStep(s)).isEqualTo(s.contentHash());
  }

  @Test
  void the_hash_of_a_fixed_step_is_pinned_so_that_a_change_of_encoding_is_caught() {
    Step s = Step.builder("pay").name("Payment").description("Takes the payment").ruleIds("r-2", "r-1")
        .collects(CollectedField.required("card"), CollectedField.optional("coupon")).requires("amount")
        .requiredAction(true).checkpoint("payment processed").build();

    assertThat(s.contentHash()).isEqualTo("dc1ccdb18452f2f7440cda83fbd3f6f8e6f436965747b9764d8db1cd877fdf16");
  }

  @Test
  void a_step_without_a_name_hashes_like_a_step_named_after_its_id() {
    assertThat(Step.builder("welcome").build().contentHash())
        .isEqualTo(ContentHash.ofStep(Step.builder("other").name("welcome").build()))
        .isEqualTo(Step.builder("welcome").build().toBuilder().build().contentHash());
  }

  @Test
  void short_form_is_the_first_12_characters() {
    String h = base().build().contentHash();

    assertThat(ContentHash.shortForm(h)).hasSize(12).isEqualTo(h.substring(0, 12));
    assertThat(ContentHash.shortForm("abc")).isEqualTo("abc");
    assertThat(ContentHash.shortForm(null)).isNull();
  }

  // ------------------------------------------------------------------------------------ scenario checksum

  private static ScenarioVersion.Builder order(int version) {
    return ScenarioVersion.builder("order-flow", version).name("Order Flow");
  }

  private static ScenarioVersion fork(int version) {
    return order(version)
        .step(Seeds.welcome().to("age_check"))
        .step(Seeds.ageCheck().when("age < 18", "rejection").when("age >= 18", "checkout"))
        .step(Seeds.rejection())
        .step(Seeds.checkout())
        .build();
  }

  @Test
  void the_checksum_is_the_same_for_equal_versions_and_independent_of_step_order() {
    ScenarioVersion reversed = order(2).startStep("welcome")
        .step(Seeds.checkout())
        .step(Seeds.rejection())
        .step(Seeds.ageCheck().when("age < 18", "rejection").when("age >= 18", "checkout"))
        .step(Seeds.welcome().to("age_check"))
        .build();

    assertThat(fork(2).checksum()).isEqualTo(fork(2).checksum()).isEqualTo(reversed.checksum())
        .matches("[0-9a-f]{64}");
    assertThat(reversed).isEqualTo(fork(2)).hasSameHashCodeAs(fork(2));
  }

  static Stream<Arguments> version_changes() {
    return Stream.of(
        Arguments.of(Named.of("another version number", fork(3))),
        Arguments.of(Named.of("another scenario id", ScenarioVersion.builder("order-flow-b", 2).name("Order Flow")
            .step(Seeds.welcome().to("age_check"))
            .step(Seeds.ageCheck().when("age < 18", "rejection").when("age >= 18", "checkout"))
            .step(Seeds.rejection()).step(Seeds.checkout()).build())),
        Arguments.of(Named.of("another start step", fork(2).toBuilder().startStep("checkout").build())),
        Arguments.of(Named.of("another condition", order(2)
            .step(Seeds.welcome().to("age_check"))
            .step(Seeds.ageCheck().when("age < 21", "rejection").when("age >= 18", "checkout"))
            .step(Seeds.rejection()).step(Seeds.checkout()).build())),
        Arguments.of(Named.of("a conditional transition made unconditional", order(2)
            .step(Seeds.welcome().to("age_check"))
            .step(Seeds.ageCheck().when("age < 18", "rejection").to("checkout"))
            .step(Seeds.rejection()).step(Seeds.checkout()).build())),
        Arguments.of(Named.of("another transition target", order(2)
            .step(Seeds.welcome().to("age_check"))
            .step(Seeds.ageCheck().when("age < 18", "checkout").when("age >= 18", "rejection"))
            .step(Seeds.rejection()).step(Seeds.checkout()).build())),
        Arguments.of(Named.of("transitions in another order", order(2)
            .step(Seeds.welcome().to("age_check"))
            .step(Seeds.ageCheck().when("age >= 18", "checkout").when("age < 18", "rejection"))
            .step(Seeds.rejection()).step(Seeds.checkout()).build())),
        Arguments.of(Named.of("an extra transition", order(2)
            .step(Seeds.welcome().to("age_check"))
            .step(Seeds.ageCheck().when("age < 18", "rejection").when("age >= 18", "checkout"))
            .step(Seeds.rejection().to("welcome")).step(Seeds.checkout()).build())),
        Arguments.of(Named.of("a step id renamed", order(2)
            .step(Seeds.welcome().to("age_check"))
            .step(Seeds.ageCheck().when("age < 18", "reject").when("age >= 18", "checkout"))
            .step(Step.builder("reject").name("Rejection").description("Tells minors we cannot sell"))
            .step(Seeds.checkout()).build())),
        Arguments.of(Named.of("a step's content", order(2)
            .step(Seeds.welcome().to("age_check"))
            .step(Seeds.ageCheck().when("age < 18", "rejection").when("age >= 18", "checkout"))
            .step(Seeds.rejection()).step(Seeds.checkout().checkpoint("order placed")).build())),
        Arguments.of(Named.of("an extraction hint", order(2)
            .step(Seeds.welcome().to("age_check"))
            .step(Step.builder("age_check").name("Age Verification").description("Asks for the customer's age")
                .collects(new CollectedField("age", false, "in years"))
                .when("age < 18", "rejection").when("age >= 18", "checkout"))
            .step(Seeds.rejection()).step(Seeds.checkout()).build())),
        Arguments.of(Named.of("an extra step", order(2)
            .step(Seeds.welcome().to("age_check"))
            .step(Seeds.ageCheck().when("age < 18", "rejection").when("age >= 18", "checkout"))
            .step(Seeds.rejection()).step(Seeds.checkout()).step(Seeds.confirm()).build())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("version_changes")
  void the_checksum_changes_with(ScenarioVersion changed) {
    assertThat(changed.checksum()).isNotEqualTo(fork(2).checksum());
    assertThat(changed).isNotEqualTo(fork(2));
  }

  @Test
  void the_checksum_equals_content_hash_of_scenario_over_the_same_values() {
    ScenarioVersion v = fork(2);

    assertThat(ContentHash.ofScenario(v.scenarioId(), v.version(), v.name(), v.startStepId(), v.steps()))
        .isEqualTo(v.checksum());
    assertThat(ContentHash.ofScenario(v.scenarioId(), v.version(), v.name(), v.startStepId(),
        com.google.common.collect.Lists.reverse(v.steps())))
        .isEqualTo(v.checksum());
  }

  @Test
  void versions_that_differ_only_in_display_name_have_different_checksums() {
    ScenarioVersion renamed = fork(2).toBuilder().name("Orders").build();

    assertThat(renamed.checksum()).isNotEqualTo(fork(2).checksum());
    assertThat(renamed).isNotEqualTo(fork(2));
  }

  @Test
  void a_required_field_named_with_a_question_mark_does_not_collide_with_an_optional_field() {
    Step required = Step.builder("s").collects(CollectedField.required("x?")).build();
    Step optional = Step.builder("s").collects(CollectedField.optional("x")).build();

    assertThat(required.contentHash()).isNotEqualTo(optional.contentHash());
  }

  @Test
  void to_builder_keeps_a_custom_condition_engine() {
    java.util.concurrent.atomic.AtomicInteger compiled = new java.util.concurrent.atomic.AtomicInteger();
    org.scenariomigration.condition.ConditionEngine counting = expr -> {
      compiled.incrementAndGet();
      return org.scenariomigration.condition.ConditionEngine.builtIn().compile(expr);
    };
    ScenarioVersion v = fork(2).toBuilder().conditionEngine(counting).build();
    int afterFirst = compiled.get();

    v.toBuilder().build();

    assertThat(afterFirst).isPositive();
    assertThat(compiled.get()).isEqualTo(2 * afterFirst);
  }
}
