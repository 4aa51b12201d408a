package org.scenariomigration.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.PlanFixtures;

/** {@link TransformationMap#anchorFor}: an operator names an anchor by step id or (short) hash, as the review shows. */
class AnchorReferenceTest {
  /** start → pay → [card] a → end, [cash] b → end: a and b are twins (same content) that context tells apart. */
  private static ScenarioVersion receipts(int number) {
    return ScenarioVersion.builder("flow", number).name("Flow")
        .step(Step.builder("welcome").name("Welcome").to("pay"))
        .step(Step.builder("pay").name("Pay").when("method == \"card\"", "card").when("method == \"cash\"", "cash"))
        .step(Step.builder("card").name("Card").requiredAction(true).to("a"))
        .step(Step.builder("cash").name("Cash").to("b"))
        .step(Step.builder("a").name("Receipt").description("Send the receipt").to("confirm"))
        .step(Step.builder("b").name("Receipt").description("Send the receipt").to("confirm"))
        .step(Step.builder("confirm").name("Confirm"))
        .build();
  }

  private final TransformationMap twins = PlanFixtures.planner().diff(receipts(1), receipts(2), List.of());

  @Test
  void a_step_id_names_its_anchor_and_twins_apart() {
    assertThat(twins.anchorFor("a").fromStepId()).isEqualTo("a");
    assertThat(twins.anchorFor("b").fromStepId()).isEqualTo("b");
    assertThat(twins.anchorFor("a").anchorContentHash()).isEqualTo(twins.anchorFor("b").anchorContentHash());
  }

  @Test
  void the_full_hash_or_the_reviews_short_form_names_an_anchor_with_a_hash_of_its_own() {
    AnchorTransformation confirm = twins.anchorFor("confirm");
    assertThat(twins.anchorFor(confirm.anchorContentHash())).isEqualTo(confirm);
    assertThat(twins.anchorFor(ContentHash.shortForm(confirm.anchorContentHash()))).isEqualTo(confirm);
    assertThat(twins.anchorFor(confirm.anchorContentHash().substring(0, TransformationMap.MIN_HASH_PREFIX)))
        .isEqualTo(confirm);
  }

  @Test
  void the_hash_of_twins_is_ambiguous_and_the_error_names_both_by_step_id() {
    String hash = twins.anchorFor("a").anchorContentHash();
    for (String ref : List.of(hash, ContentHash.shortForm(hash))) {
      assertThatThrownBy(() -> twins.anchorFor(ref)).isInstanceOfSatisfying(
          AmbiguousAnchorReferenceException.class, e -> {
            assertThat(e.reference()).isEqualTo(ref);
            assertThat(e.candidates()).containsExactlyInAnyOrder("a [" + ContentHash.shortForm(hash) + "]",
                "b [" + ContentHash.shortForm(hash) + "]");
            assertThat(e).hasMessageContaining("'" + ref + "' names 2 anchors").hasMessageContaining("step id");
          });
    }
  }

  @Test
  void an_unknown_reference_or_a_prefix_shorter_than_the_minimum_is_unknown_and_the_error_lists_the_anchors() {
    String confirmHash = twins.anchorFor("confirm").anchorContentHash();
    for (String ref : List.of("nope", confirmHash.substring(0, TransformationMap.MIN_HASH_PREFIX - 1), "")) {
      assertThatThrownBy(() -> twins.anchorFor(ref)).isInstanceOfSatisfying(UnknownAnchorException.class, e -> {
        assertThat(e.reference()).isEqualTo(ref);
        assertThat(e.anchors()).contains("welcome", "pay", "a", "b", "confirm");
        assertThat(e).hasMessageContaining("'" + ref + "'");
      });
    }
  }

  @Test
  void a_target_version_step_id_names_the_anchor_when_the_ids_changed() {
    ScenarioVersion v1 = Seeds.v1();
    ScenarioGenerators.Renamed r = ScenarioGenerators.disguise(ScenarioGenerators.withVersion(v1, 2), 7);
    TransformationMap map = PlanFixtures.planner().diff(v1, r.version(), List.of());
    String renamed = r.ids().get("checkout");
    assertThat(renamed).isNotEqualTo("checkout");
    assertThat(map.anchorFor(renamed).fromStepId()).isEqualTo("checkout");
    assertThat(map.anchorFor("checkout").toStepId()).isEqualTo(renamed);
  }
}
