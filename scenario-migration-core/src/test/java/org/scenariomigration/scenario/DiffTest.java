package org.scenariomigration.scenario;

import org.scenariomigration.plan.InvalidPlanException;
import org.scenariomigration.plan.MigrationPlanner;
import org.scenariomigration.plan.PlanRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.scenariomigration.scenario.ScenarioGenerators.Renamed;
import org.scenariomigration.scenario.TransitionChange.Change;

class DiffTest {
  private final MigrationPlanner planner = MigrationPlanner.create();

  // ---------------------------------------------------------------------------------------------------------------
  // Helpers

  /** A message-only step whose name is its id capitalised and whose description names it. */
  private static Step.Builder step(String id) {
    String name = Character.toUpperCase(id.charAt(0)) + id.substring(1).replace('_', ' ');
    return Step.builder(id).name(name).description("Step " + name);
  }

  /** A twin of every other {@code receipt(...)} step: same content, different id. */
  private static Step.Builder receipt(String id) {
    return Step.builder(id).name("Send receipt").description("Sends the receipt by e-mail");
  }

  private static ScenarioVersion version(int number, Step.Builder... steps) {
    ScenarioVersion.Builder b = ScenarioVersion.builder("flow", number).name("Flow");
    for (Step.Builder s : steps) {
      b.step(s);
    }
    return b.build();
  }

  /** A version of the seed's "order-flow" scenario, to diff against {@link Seeds#v1()}. */
  private static ScenarioVersion orderFlow(int number, Step.Builder... steps) {
    ScenarioVersion.Builder b = ScenarioVersion.builder("order-flow", number).name("Order Flow");
    for (Step.Builder s : steps) {
      b.step(s);
    }
    return b.build();
  }

  private static AnchorTransformation anchor(TransformationMap map, String name) {
    List<AnchorTransformation> found = map.anchors().stream().filter(a -> a.anchorName().equals(name)).toList();
    assertThat(found).as("anchors named %s", name).hasSize(1);
    return found.get(0);
  }

  private static AnchorTransformation anchorFrom(TransformationMap map, String fromStepId) {
    return map.anchorAtFromStep(fromStepId)
        .orElseThrow(() -> new AssertionError("no anchor at " + fromStepId + " in " + map.anchors()));
  }

  /** Anchor content hash to class: what does not depend on step ids. */
  private static Map<String, List<MigrationScenario>> classesByHash(TransformationMap map) {
    return map.anchors().stream().collect(Collectors.groupingBy(AnchorTransformation::anchorContentHash,
        Collectors.mapping(AnchorTransformation::migrationScenario,
            Collectors.collectingAndThen(Collectors.toList(), l -> l.stream().sorted().toList()))));
  }

  private TransformationMap diffWithin(Duration limit, ScenarioVersion v1, ScenarioVersion v2) {
    return assertTimeoutPreemptively(limit, () -> planner.diff(v1, v2));
  }

  // ---------------------------------------------------------------------------------------------------------------

  @Nested
  class Identity_and_disguise {
    @Test
    void diffing_a_version_with_itself_gives_only_clean_grafts_with_empty_change_sets() {
      for (ScenarioVersion v : List.of(Seeds.v1(), Seeds.v2AgeFork(), Seeds.v2AgeForkBeforePayment())) {
        TransformationMap map = planner.diff(v, v);

        assertThat(map.anchors()).hasSize(v.steps().size()).allSatisfy(a -> {
          assertThat(a.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
          assertThat(a.upstreamChanges().isEmpty()).isTrue();
          assertThat(a.downstreamChanges().isEmpty()).isTrue();
          assertThat(a.checkpointConflicts()).isEmpty();
          assertThat(a.toStepId()).isEqualTo(a.fromStepId());
          assertThat(a.manualMapping()).isFalse();
        });
        assertThat(map.deletedSteps()).isEmpty();
        assertThat(map.newSteps()).isEmpty();
        assertThat(map.ambiguousAnchors()).isEmpty();
        assertThat(map.isEmpty()).isTrue();
      }
    }

    @Test
    void diffing_a_cyclic_version_with_itself_is_empty() {
      ScenarioVersion v = version(1,
          step("start").to("ask"),
          step("ask").when("tries < 3", "ask").to("confirm"),
          step("confirm").when("again == true", "start").to("end"),
          step("end"));

      assertThat(diffWithin(Duration.ofSeconds(5), v, v).isEmpty()).isTrue();
    }

    @Test
    void renaming_every_step_id_and_reordering_steps_changes_no_anchor_and_no_class() {
      ScenarioVersion v1 = Seeds.v1WithPayment();
      ScenarioVersion v2 = Seeds.v2AgeForkBeforePayment();
      Renamed r1 = ScenarioGenerators.disguise(v1, 1);
      Renamed r2 = ScenarioGenerators.disguise(v2, 2);
      assertThat(r2.version().steps()).extracting(Step::id).doesNotContainAnyElementsOf(
          v2.steps().stream().map(Step::id).toList());

      TransformationMap plain = planner.diff(v1, v2);
      TransformationMap disguised = planner.diff(r1.version(), r2.version());

      assertThat(classesByHash(disguised)).isEqualTo(classesByHash(plain)).isNotEmpty();
      assertThat(disguised.anchors()).extracting(AnchorTransformation::anchorContentHash)
          .containsExactlyElementsOf(plain.anchors().stream().map(AnchorTransformation::anchorContentHash).toList());
      for (AnchorTransformation a : plain.anchors()) {
        AnchorTransformation d = anchorFrom(disguised, r1.ids().get(a.fromStepId()));
        assertThat(d.toStepId()).isEqualTo(r2.ids().get(a.toStepId()));
        assertThat(d.upstreamChanges().insertedNodes()).extracting(InsertedNode::contentHash)
            .containsExactlyElementsOf(a.upstreamChanges().insertedNodes().stream()
                .map(InsertedNode::contentHash).toList());
        assertThat(d.checkpointConflicts()).extracting(CheckpointConflict::kind, CheckpointConflict::checkpointHash)
            .containsExactlyElementsOf(a.checkpointConflicts().stream()
                .map(c -> tuple(c.kind(), c.checkpointHash())).toList());
      }
      assertThat(disguised.newSteps()).extracting(StepRef::contentHash)
          .containsExactlyElementsOf(plain.newSteps().stream().map(StepRef::contentHash).toList());
    }

    @Test
    void diffing_a_version_with_a_renamed_and_reordered_copy_of_itself_is_empty() {
      ScenarioVersion v = Seeds.v2AgeForkBeforePayment();
      Renamed r = ScenarioGenerators.disguise(v, 42);

      TransformationMap map = planner.diff(v, r.version());

      assertThat(map.isEmpty()).isTrue();
      assertThat(map.anchors()).allSatisfy(a -> assertThat(a.toStepId()).isEqualTo(r.ids().get(a.fromStepId())));
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  @Nested
  class Cycles {
    @Test
    void a_self_loop_terminates_and_a_step_inserted_after_it_is_downstream_only() {
      ScenarioVersion v1 = version(1,
          step("start").to("retry"),
          step("retry").when("attempts < 3", "retry").to("done"),
          step("done"));
      ScenarioVersion v2 = version(2,
          step("start").to("retry"),
          step("retry").when("attempts < 3", "retry").to("thanks"),
          step("thanks").to("done"),
          step("done"));

      TransformationMap map = diffWithin(Duration.ofSeconds(5), v1, v2);

      AnchorTransformation retry = anchor(map, "Retry");
      assertThat(retry.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      assertThat(retry.upstreamChanges().insertedNodes()).isEmpty();
      assertThat(retry.downstreamChanges().insertedNodes()).extracting(InsertedNode::nodeName)
          .containsExactly("Thanks");
      assertThat(anchor(map, "Start").migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      AnchorTransformation done = anchor(map, "Done");
      assertThat(done.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      assertThat(done.upstreamChanges().insertedNodes()).extracting(InsertedNode::nodeName)
          .containsExactly("Thanks");
    }

    @Test
    void a_two_cycle_terminates_and_a_field_collected_inside_it_is_a_gap_fill_for_both_members() {
      // ask <-> clarify, then done; v2 puts "collect phone" between clarify and ask
      ScenarioVersion v1 = version(1,
          step("start").to("ask"),
          step("ask").when("unclear == true", "clarify").to("done"),
          step("clarify").to("ask"),
          step("done"));
      ScenarioVersion v2 = version(2,
          step("start").to("ask"),
          step("ask").when("unclear == true", "clarify").to("done"),
          step("clarify").to("collect_phone"),
          step("collect_phone").collects("phone").to("ask"),
          step("done"));

      TransformationMap map = diffWithin(Duration.ofSeconds(5), v1, v2);

      // The new step is reached only through Ask and Clarify (they dominate it): it lies ahead of sessions there,
      // not behind them, however the loop leads back.
      assertThat(anchor(map, "Ask").migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      assertThat(anchor(map, "Clarify").migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      assertThat(anchor(map, "Clarify").upstreamChanges().insertedNodes()).isEmpty();
      // Nor is it behind the exit: it lies on the loop's way back to Ask, which every way to Done passes again
      assertThat(anchor(map, "Done").migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      // Nothing new is upstream of the start step.
      assertThat(anchor(map, "Start").migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      assertThat(anchor(map, "Start").upstreamChanges().isEmpty()).isTrue();
    }

    @Test
    void a_loop_back_to_the_start_terminates_and_a_new_fork_in_it_re_routes_the_whole_loop() {
      ScenarioVersion v1 = version(1,
          step("start").to("order"),
          step("order").to("confirm"),
          step("confirm").when("another == true", "start").to("end"),
          step("end"));
      ScenarioVersion v2 = version(2,
          step("start").to("order"),
          step("order").to("age_gate"),
          step("age_gate").collects("age").when("age < 18", "reject").to("confirm"),
          step("reject"),
          step("confirm").when("another == true", "start").to("end"),
          step("end"));

      TransformationMap map = diffWithin(Duration.ofSeconds(5), v1, v2);

      // The new fork lies ahead of Start and Order (each dominates it: reached only through them, the loop back
      // notwithstanding); it is behind Confirm and End, whose sessions came through where it now is.
      for (String name : List.of("Start", "Order")) {
        AnchorTransformation a = anchor(map, name);
        assertThat(a.migrationScenario()).as(name).isEqualTo(MigrationScenario.CLEAN_GRAFT);
        assertThat(a.upstreamChanges().newForks()).as(name).isEmpty();
      }
      for (String name : List.of("Confirm", "End")) {
        AnchorTransformation a = anchor(map, name);
        assertThat(a.migrationScenario()).as(name).isEqualTo(MigrationScenario.RE_ROUTE);
        assertThat(a.upstreamChanges().newForks()).extracting(NewFork::forkName).containsExactly("Age gate");
      }
      NewFork fork = anchor(map, "Confirm").upstreamChanges().newForks().get(0);
      assertThat(fork.branches()).extracting(ForkBranch::targetName, ForkBranch::leadsToAnchor)
          .containsExactly(tuple("Reject", false), tuple("Confirm", true));
      // For Order the new fork is downstream too, since the loop returns to it.
      assertThat(anchor(map, "Order").downstreamChanges().newForks()).extracting(NewFork::forkName)
          .containsExactly("Age gate");
    }

    @Test
    void a_generated_large_cyclic_version_diffs_quickly() {
      ScenarioVersion v1 = ScenarioGenerators.scenario(30, 12345L);
      ScenarioVersion v2 = ScenarioGenerators.applyAll(v1, List.of(
          new ScenarioGenerators.Edit(ScenarioGenerators.EditKind.ADD_FORK, 1),
          new ScenarioGenerators.Edit(ScenarioGenerators.EditKind.DELETE_STEP, 2),
          new ScenarioGenerators.Edit(ScenarioGenerators.EditKind.INSERT_UPSTREAM, 3)));

      TransformationMap map = diffWithin(Duration.ofSeconds(5), v1, v2);

      assertThat(map.anchors().size() + map.deletedSteps().size()).isEqualTo(v1.steps().size());
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  @Nested
  class Twins {
    /** start → pay: [method == "card"] card → receipt_card → end, [method == "cash"] cash → receipt_cash → end. */
    private ScenarioVersion twoReceipts(int number, Step.Builder... extra) {
      List<Step.Builder> steps = new ArrayList<>(List.of(
          step("start").to("pay"),
          step("pay").when("method == \"card\"", "card").when("method == \"cash\"", "cash"),
          step("card").requiredAction(true).to("receipt_card"),
          step("cash").to("receipt_cash"),
          receipt("receipt_card").to("end"),
          receipt("receipt_cash").to("end"),
          step("end")));
      steps.addAll(List.of(extra));
      return version(number, steps.toArray(Step.Builder[]::new));
    }

    @Test
    void twins_share_a_hash() {
      ScenarioVersion v = twoReceipts(1);
      assertThat(v.stepsWithHash(v.requireStep("receipt_card").contentHash())).extracting(Step::id)
          .containsExactly("receipt_card", "receipt_cash");
    }

    @Test
    void twins_are_paired_by_context_after_renaming_ids_and_reordering() {
      ScenarioVersion v1 = twoReceipts(1);
      Renamed r = ScenarioGenerators.disguise(ScenarioGenerators.withVersion(v1, 2), 7);

      TransformationMap map = planner.diff(v1, r.version());

      assertThat(map.ambiguousAnchors()).isEmpty();
      assertThat(map.anchorsWithHash(v1.requireStep("receipt_card").contentHash())).hasSize(2);
      assertThat(anchorFrom(map, "receipt_card").toStepId()).isEqualTo(r.ids().get("receipt_card"));
      assertThat(anchorFrom(map, "receipt_cash").toStepId()).isEqualTo(r.ids().get("receipt_cash"));
      assertThat(map.isEmpty()).isTrue();
    }

    @Test
    void twins_are_paired_correctly_when_a_step_is_inserted_upstream_of_one_of_them() {
      ScenarioVersion v1 = twoReceipts(1);
      // v2: card → ask_tip (collects tip) → receipt_card; ids of everything else renamed too
      ScenarioVersion edited = version(2,
          step("start").to("pay"),
          step("pay").when("method == \"card\"", "card").when("method == \"cash\"", "cash"),
          step("card").requiredAction(true).to("ask_tip"),
          step("ask_tip").collects("tip").to("receipt_card"),
          step("cash").to("receipt_cash"),
          receipt("receipt_card").to("end"),
          receipt("receipt_cash").to("end"),
          step("end"));
      Renamed r = ScenarioGenerators.disguise(edited, 3);

      TransformationMap map = planner.diff(v1, r.version());

      assertThat(map.ambiguousAnchors()).isEmpty();
      AnchorTransformation cardReceipt = anchorFrom(map, "receipt_card");
      AnchorTransformation cashReceipt = anchorFrom(map, "receipt_cash");
      assertThat(cardReceipt.toStepId()).isEqualTo(r.ids().get("receipt_card"));
      assertThat(cashReceipt.toStepId()).isEqualTo(r.ids().get("receipt_cash"));
      assertThat(cardReceipt.migrationScenario()).isEqualTo(MigrationScenario.GAP_FILL);
      assertThat(cardReceipt.fieldsToCollect()).containsExactly("tip");
      assertThat(cashReceipt.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      assertThat(cashReceipt.upstreamChanges().isEmpty()).isTrue();
      assertThat(map.newSteps()).extracting(StepRef::stepName).containsExactly("Ask tip");
    }

    @Test
    void twins_are_paired_through_a_chain_of_twins_resolved_one_after_the_other() {
      // receipt → survey twins on both branches; the surveys are resolved by their receipts' pairing
      ScenarioVersion v1 = version(1,
          step("start").when("vip == true", "vip").to("regular"),
          step("vip").to("receipt_vip"),
          step("regular").to("receipt_regular"),
          receipt("receipt_vip").to("survey_vip"),
          receipt("receipt_regular").to("survey_regular"),
          Step.builder("survey_vip").name("Survey").to("end"),
          Step.builder("survey_regular").name("Survey").to("end"),
          step("end"));
      Renamed r = ScenarioGenerators.disguise(ScenarioGenerators.withVersion(v1, 2), 11);

      TransformationMap map = planner.diff(v1, r.version());

      assertThat(map.ambiguousAnchors()).isEmpty();
      for (String id : List.of("receipt_vip", "receipt_regular", "survey_vip", "survey_regular")) {
        assertThat(anchorFrom(map, id).toStepId()).as(id).isEqualTo(r.ids().get(id));
      }
    }

    /**
     * Found by {@code DiffProperties}: two anchored "Verify age" twins, verify_1 after start and verify_2 after both
     * start and docs. The context of verify_2 has two anchors, which used to be listed in step order, so the order of
     * the twin anchors and the relocation of the deleted router depended on the order of the steps. The docs step is
     * named so that its hash sorts after the start step's, which made the old order visible.
     */
    private ScenarioVersion twinsWithRichContext(int number, boolean withRouter) {
      String startHash = step("start").build().contentHash();
      String docsName = IntStream.range(0, 1000).mapToObj(i -> "Docs " + i)
          .filter(n -> step("docs").name(n).build().contentHash().compareTo(startHash) > 0).findFirst().orElseThrow();
      List<Step.Builder> steps = new ArrayList<>();
      steps.add(step("start").to(withRouter ? "router" : "verify_1"));
      if (withRouter) {
        steps.add(step("router").when("f2 >= 8", "verify_1").to("verify_2"));
      } else {
        steps.set(0, step("start").when("f2 >= 8", "verify_1").to("verify_2"));
      }
      steps.add(Step.builder("verify_1").name("Verify age").to("docs"));
      steps.add(step("docs").name(docsName).to("verify_2"));
      steps.add(Step.builder("verify_2").name("Verify age").to("address"));
      steps.add(step("address").to("end"));
      steps.add(step("end"));
      return version(number, steps.toArray(Step.Builder[]::new));
    }

    @Test
    void twin_anchors_and_relocations_do_not_depend_on_step_ids_or_step_order() {
      ScenarioVersion v1 = twinsWithRichContext(1, true);
      ScenarioVersion v2 = twinsWithRichContext(2, false);
      TransformationMap plain = planner.diff(v1, v2);
      DeletedStep router = plain.deletedStep("router").orElseThrow();
      List<String> anchorOrder = plain.anchors().stream().map(AnchorTransformation::fromStepId).toList();
      assertThat(plain.anchorsWithHash(v1.requireStep("verify_1").contentHash())).hasSize(2);

      for (long seed = 0; seed < 40; seed++) {
        Renamed r2 = ScenarioGenerators.disguise(v2, seed);
        TransformationMap disguised = planner.diff(v1, r2.version());

        assertThat(disguised.deletedStep("router").orElseThrow().relocateToStepId()).as("seed %s", seed)
            .isEqualTo(r2.ids().get(router.relocateToStepId()));
        assertThat(disguised.anchors()).extracting(AnchorTransformation::fromStepId).as("seed %s", seed)
            .containsExactlyElementsOf(anchorOrder);
      }
    }

    @Test
    void twins_whose_ancestors_and_descendants_point_to_different_partners_are_not_crossed() {
      // "Notice" moves from the card branch to the cash branch. By ancestors the card receipt of v1 (after Notice)
      // looks like the cash receipt of v2 (now after Notice); by descendants each receipt is still itself. The
      // evidence conflicts, so the twins must not be paired across branches: they are reported ambiguous.
      ScenarioVersion v1 = version(1,
          step("start").when("method == \"card\"", "card").to("receipt_cash"),
          step("card").to("notice"),
          step("notice").to("receipt_card"),
          receipt("receipt_card").to("end"),
          receipt("receipt_cash").to("survey"),
          step("survey").to("end"),
          step("end"));
      ScenarioVersion v2 = version(2,
          step("start").when("method == \"card\"", "card").to("notice"),
          step("card").to("receipt_card"),
          step("notice").to("receipt_cash"),
          receipt("receipt_card").to("end"),
          receipt("receipt_cash").to("survey"),
          step("survey").to("end"),
          step("end"));

      TransformationMap map = planner.diff(v1, v2);

      assertThat(map.anchors()).allSatisfy(a -> assertThat(a.toStepId()).isEqualTo(a.fromStepId()));
      assertThat(map.ambiguousAnchors()).singleElement().satisfies(a -> {
        assertThat(a.fromStepIds()).containsExactly("receipt_card", "receipt_cash");
        assertThat(a.toStepIds()).containsExactly("receipt_card", "receipt_cash");
      });
    }

    @Test
    void twins_with_identical_context_are_reported_ambiguous_and_are_not_anchors() {
      // both receipts sit between pay and end: nothing tells them apart
      ScenarioVersion v1 = version(1,
          step("start").to("pay"),
          step("pay").when("method == \"card\"", "receipt_a").to("receipt_b"),
          receipt("receipt_a").to("end"),
          receipt("receipt_b").to("end"),
          step("end"));
      ScenarioVersion v2 = ScenarioGenerators.disguise(ScenarioGenerators.withVersion(v1, 2), 5).version();
      String hash = v1.requireStep("receipt_a").contentHash();

      TransformationMap map = planner.diff(v1, v2);

      assertThat(map.ambiguousAnchors()).singleElement().satisfies(a -> {
        assertThat(a.contentHash()).isEqualTo(hash);
        assertThat(a.stepName()).isEqualTo("Send receipt");
        assertThat(a.fromStepIds()).containsExactly("receipt_a", "receipt_b");
        assertThat(a.toStepIds()).hasSize(2);
      });
      assertThat(map.anchorsWithHash(hash)).isEmpty();
      assertThat(map.anchorAtFromStep("receipt_a")).isEmpty();
      assertThat(map.deletedSteps()).extracting(DeletedStep::stepId, DeletedStep::relocateToAnchorHash)
          .containsExactlyInAnyOrder(tuple("receipt_a", v1.requireStep("end").contentHash()),
              tuple("receipt_b", v1.requireStep("end").contentHash()));
      assertThat(map.newSteps()).extracting(StepRef::contentHash).containsExactly(hash, hash);
      assertThat(map.isEmpty()).isFalse();
    }

    /**
     * Found by {@code DiffProperties} (seed -2085064215429066723): v1 has two "Notify 0" twins, s0 before "Send
     * receipt 1" and s2 after it; v2 keeps s2 unchanged under its id, edits s0 and s1, and inserts a copy of the
     * receipt after s2. The receipt's hash anchors s1 to the copy, so by context v1's s0 (before the receipt) looks
     * like v2's s2 (now before it), while the ids say s2 is s2. s0 used to be paired with v2's s2, and s2, kept under
     * its id, dropped as deleted. The evidence conflicts, so the twins are reported ambiguous.
     */
    @Test
    void a_twin_kept_under_its_id_is_not_dropped_when_moved_content_makes_its_context_point_to_the_other_twin() {
      ScenarioVersion v1 = ScenarioVersion.builder(ScenarioGenerators.SCENARIO_ID, 1).name("Generated").startStep("s0")
          .steps(List.of(
              notify("s2").build(),
              sendReceipt("s1", "Does send receipt 1").to("s2").build(),
              notify("s0").to("s1").build()))
          .build();
      ScenarioVersion v2 = ScenarioVersion.builder(ScenarioGenerators.SCENARIO_ID, 2).name("Generated").startStep("s0")
          .steps(List.of(
              notify("s2").to("down3").build(),
              sendReceipt("down3", "Does send receipt 1").build(),
              sendReceipt("s1", "Does send receipt 1 (edited)").to("s2").build(),
              notify("s0").description("Does notify 0 (edited)").to("s1").build()))
          .build();
      String hash = v1.requireStep("s2").contentHash();
      assertThat(v1.requireStep("s0").contentHash()).isEqualTo(hash);
      assertThat(v2.requireStep("s2").contentHash()).isEqualTo(hash);

      TransformationMap map = planner.diff(v1, v2);

      boolean anchored = map.anchorAtFromStep("s2").map(a -> a.toStepId().equals("s2")).orElse(false);
      boolean ambiguous = map.ambiguousAnchors().stream()
          .anyMatch(a -> a.fromStepIds().contains("s2") && a.toStepIds().contains("s2"));
      assertThat(anchored || ambiguous).as("s2 kept: %s", map).isTrue();
      assertThat(map.anchors()).noneMatch(a -> a.fromStepId().equals("s0") && a.toStepId().equals("s2"));
      assertThat(anchorFrom(map, "s1").toStepId()).isEqualTo("down3");
      assertThat(map.ambiguousAnchors()).singleElement().satisfies(a -> {
        assertThat(a.contentHash()).isEqualTo(hash);
        assertThat(a.fromStepIds()).containsExactly("s0", "s2");
        assertThat(a.toStepIds()).containsExactly("s2");
      });
    }

    private static Step.Builder notify(String id) {
      return Step.builder(id).name("Notify 0").description("Does notify 0").checkpoint("irreversible 0");
    }

    private static Step.Builder sendReceipt(String id, String description) {
      return Step.builder(id).name("Send receipt 1").description(description).ruleIds("rule-1", "rule-4")
          .requires("f0");
    }

    @Test
    void a_manual_mapping_resolves_ambiguous_twins() {
      ScenarioVersion v1 = version(1,
          step("start").to("pay"),
          step("pay").when("method == \"card\"", "receipt_a").to("receipt_b"),
          receipt("receipt_a").to("end"),
          receipt("receipt_b").to("end"),
          step("end"));
      ScenarioVersion v2 = ScenarioGenerators.withVersion(v1, 2);

      TransformationMap map = planner.diff(v1, v2, List.of(new StepMapping("receipt_a", "receipt_a")));

      assertThat(map.ambiguousAnchors()).isEmpty();
      assertThat(anchorFrom(map, "receipt_a").manualMapping()).isTrue();
      assertThat(anchorFrom(map, "receipt_b").toStepId()).isEqualTo("receipt_b");
      assertThat(anchorFrom(map, "receipt_b").manualMapping()).isFalse();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  @Nested
  class Manual_mappings {
    private final ScenarioVersion edited = version(2,
        step("welcome").to("checkout_v2"),
        Step.builder("checkout_v2").name("Checkout").description("Takes the order and the tip").to("confirm"),
        step("confirm"));
    private final ScenarioVersion original = version(1,
        step("welcome").to("checkout"),
        Step.builder("checkout").name("Checkout").description("Takes the order").to("confirm"),
        step("confirm"));

    @Test
    void without_a_mapping_an_edited_step_with_a_new_id_is_an_edited_anchor_by_its_neighbours() {
      TransformationMap map = planner.diff(original, edited);

      AnchorTransformation a = map.anchorAtFromStep("checkout").orElseThrow();
      assertThat(a.toStepId()).isEqualTo("checkout_v2");
      assertThat(a.identity().kind()).isEqualTo(AnchorIdentity.Kind.EDITED);
      assertThat(a.identity().reason()).isEqualTo("same neighbours (id changed); changed: description");
      assertThat(a.identity().score()).isEqualTo(0.8);
      assertThat(a.manualMapping()).isFalse();
      assertThat(map.deletedSteps()).isEmpty();
      assertThat(map.newSteps()).isEmpty();
    }

    @Test
    void steps_sharing_one_place_are_not_paired_as_edits_and_the_plan_warns() {
      ScenarioVersion v1 = version(1, step("a").when("x == 1", "p").to("q"), step("p").to("b"),
          step("q").to("b"), step("b"));
      ScenarioVersion v2 = version(2, step("a").when("x == 1", "p2").to("q2"),
          Step.builder("p2").name("P").description("Other").to("b"),
          Step.builder("q2").name("Q").description("Other").to("b"), step("b"));

      TransformationMap map = planner.diff(v1, v2);

      assertThat(map.anchorAtFromStep("p")).isEmpty();
      assertThat(map.anchorAtFromStep("q")).isEmpty();
      assertThat(map.ambiguousEdits()).singleElement().satisfies(e -> {
        assertThat(e.fromStepIds()).containsExactly("p", "q");
        assertThat(e.toStepIds()).containsExactly("p2", "q2");
      });
    }

    @Test
    void a_manual_mapping_rescues_a_step_whose_description_was_edited() {
      TransformationMap map = planner.diff(original, edited, List.of(new StepMapping("checkout", "checkout_v2")));

      AnchorTransformation checkout = anchorFrom(map, "checkout");
      assertThat(checkout.toStepId()).isEqualTo("checkout_v2");
      assertThat(checkout.manualMapping()).isTrue();
      assertThat(checkout.fromContentHash()).isEqualTo(original.requireStep("checkout").contentHash())
          .isNotEqualTo(checkout.anchorContentHash());
      assertThat(checkout.anchorContentHash()).isEqualTo(edited.requireStep("checkout_v2").contentHash());
      assertThat(checkout.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      assertThat(map.deletedSteps()).isEmpty();
      assertThat(map.newSteps()).isEmpty();
      // the rescued anchor keeps its neighbours' transitions intact
      assertThat(anchorFrom(map, "welcome").downstreamChanges().isEmpty()).isTrue();
      assertThat(anchorFrom(map, "confirm").upstreamChanges().isEmpty()).isTrue();
      assertThat(map.anchors()).filteredOn(a -> !a.fromStepId().equals("checkout"))
          .allSatisfy(a -> assertThat(a.manualMapping()).isFalse());
    }

    @Test
    void a_manual_mapping_overrides_hash_matching() {
      // map welcome onto confirm: both lose their hash partners
      TransformationMap map = planner.diff(original, ScenarioGenerators.withVersion(original, 2),
          List.of(new StepMapping("welcome", "confirm")));

      assertThat(anchorFrom(map, "welcome").toStepId()).isEqualTo("confirm");
      assertThat(map.anchorAtFromStep("confirm")).isEmpty();
      assertThat(map.deletedSteps()).extracting(DeletedStep::stepId).containsExactly("confirm");
      assertThat(map.newSteps()).extracting(StepRef::stepId).containsExactly("welcome");
    }

    @Test
    void a_mapping_from_an_unknown_source_step_is_rejected_naming_the_step() {
      assertThatThrownBy(() -> planner.diff(original, edited, List.of(new StepMapping("nope", "checkout_v2"))))
          .isInstanceOf(InvalidPlanException.class).hasMessageContaining("'nope'")
          .hasMessageContaining("source");
    }

    @Test
    void a_mapping_to_an_unknown_target_step_is_rejected_naming_the_step() {
      assertThatThrownBy(() -> planner.diff(original, edited, List.of(new StepMapping("checkout", "checkout"))))
          .isInstanceOf(InvalidPlanException.class).hasMessageContaining("'checkout'")
          .hasMessageContaining("target");
    }

    @Test
    void mapping_the_same_source_step_twice_is_rejected_naming_the_step() {
      assertThatThrownBy(() -> planner.diff(original, edited, List.of(new StepMapping("checkout", "checkout_v2"),
          new StepMapping("checkout", "confirm"))))
          .isInstanceOf(InvalidPlanException.class).hasMessageContaining("'checkout'")
          .hasMessageContaining("more than once");
    }

    @Test
    void mapping_the_same_target_step_twice_is_rejected_naming_the_step() {
      assertThatThrownBy(() -> planner.diff(original, edited, List.of(new StepMapping("checkout", "checkout_v2"),
          new StepMapping("welcome", "checkout_v2"))))
          .isInstanceOf(InvalidPlanException.class).hasMessageContaining("'checkout_v2'")
          .hasMessageContaining("more than once");
    }

    @Test
    void a_plan_request_with_a_bad_mapping_is_rejected_too() {
      PlanRequest request = PlanRequest.builder("t1", original, edited).map("checkout", "missing").build();
      assertThatThrownBy(() -> planner.plan(request)).isInstanceOf(InvalidPlanException.class)
          .hasMessageContaining("'missing'");
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  @Nested
  class Deleted_steps {
    @Test
    void a_deleted_step_is_relocated_forward_to_its_nearest_anchored_successor() {
      ScenarioVersion v1 = version(1, step("a").to("b"), step("b").to("c"), step("c").to("d"), step("d"));
      ScenarioVersion v2 = version(2, step("a").to("d"), step("d"));

      TransformationMap map = planner.diff(v1, v2);

      Function<String, DeletedStep> deleted = id -> map.deletedStep(id).orElseThrow();
      assertThat(deleted.apply("b").relocateToStepId()).isEqualTo("d");
      assertThat(deleted.apply("b").relocateToAnchorHash()).isEqualTo(v2.requireStep("d").contentHash());
      assertThat(deleted.apply("c").relocateToStepId()).isEqualTo("d");
    }

    @Test
    void a_deleted_step_without_anchored_successor_is_relocated_backward_to_its_nearest_anchored_predecessor() {
      ScenarioVersion v1 = version(1, step("a").to("b"), step("b").to("c"), step("c").to("d"), step("d"));
      ScenarioVersion v2 = version(2, step("a").to("b"), step("b"));

      TransformationMap map = planner.diff(v1, v2);

      assertThat(map.deletedSteps()).extracting(DeletedStep::stepId, DeletedStep::relocateToStepId)
          .containsExactlyInAnyOrder(tuple("c", "b"), tuple("d", "b"));
    }

    @Test
    void a_deleted_fork_is_relocated_back_to_its_anchor_never_down_a_branch_the_plan_would_choose_for_the_session() {
      // v1: a → x; x → y → c and x → b; v2 drops x and y. Which branch a session at x takes is not known.
      ScenarioVersion v1 = version(1, step("a").to("x"), step("x").when("fast == true", "y").to("b"),
          step("y").to("c"), step("b"), step("c"));
      ScenarioVersion v2 = version(2, step("a").when("fast == true", "c").to("b"), step("b"), step("c"));

      TransformationMap map = planner.diff(v1, v2);

      assertThat(map.deletedStep("x").orElseThrow()).satisfies(x -> {
        assertThat(x.relocateToStepId()).isEqualTo("a");
        assertThat(x.relocation()).isEqualTo(DeletedStep.Relocation.UPSTREAM);
      });
      assertThat(map.deletedStep("y").orElseThrow()).satisfies(y -> {
        assertThat(y.relocateToStepId()).isEqualTo("c");
        assertThat(y.relocation()).isEqualTo(DeletedStep.Relocation.DOWNSTREAM);
      });
    }

    @Test
    void the_relocation_of_a_deleted_fork_does_not_depend_on_step_ids() {
      // v1: a → x, x → b and x → c; v2 drops x. b and c are both one step from x: neither is chosen.
      ScenarioVersion v1 = version(1, step("a").to("x"), step("x").when("fast == true", "c").to("b"),
          step("b").to("c"), step("c"));
      ScenarioVersion v2 = version(2, step("a").to("b"), step("b").to("c"), step("c"));

      DeletedStep x = planner.diff(v1, v2).deletedStep("x").orElseThrow();
      Renamed r2 = ScenarioGenerators.disguise(v2, 9);
      DeletedStep disguised = planner.diff(v1, r2.version()).deletedStep("x").orElseThrow();

      assertThat(x.relocateToAnchorHash()).isEqualTo(v2.requireStep("a").contentHash());
      assertThat(x.relocation()).isEqualTo(DeletedStep.Relocation.UPSTREAM);
      assertThat(disguised.relocateToAnchorHash()).isEqualTo(x.relocateToAnchorHash());
      assertThat(disguised.relocateToStepId()).isEqualTo(r2.ids().get(x.relocateToStepId()));
    }

    @Test
    void a_deleted_step_with_no_anchored_neighbour_at_all_has_no_relocation() {
      ScenarioVersion v1 = version(1, step("a").to("b"), step("b"));
      ScenarioVersion v2 = version(2, step("c").to("d"), step("d"));

      TransformationMap map = planner.diff(v1, v2);

      assertThat(map.anchors()).isEmpty();
      assertThat(map.deletedSteps()).allSatisfy(d -> {
        assertThat(d.relocateToStepId()).isNull();
        assertThat(d.relocateToAnchorHash()).isNull();
      }).hasSize(2);
    }

    @Test
    void a_deleted_checkpoint_is_flagged() {
      ScenarioVersion v1 = version(1, step("a").to("pay"), step("pay").checkpoint("paid").to("b"), step("b"));
      ScenarioVersion v2 = version(2, step("a").to("b"), step("b"));

      DeletedStep pay = planner.diff(v1, v2).deletedStep("pay").orElseThrow();

      assertThat(pay.checkpoint()).isTrue();
      assertThat(pay.relocateToStepId()).isEqualTo("b");
    }

    @Test
    void a_deleted_step_on_a_cycle_terminates_and_relocates() {
      ScenarioVersion v1 = version(1, step("a").to("loop"), step("loop").when("again == true", "loop").to("b"),
          step("b").to("a"));
      ScenarioVersion v2 = version(2, step("a").to("b"), step("b").to("a"));

      DeletedStep loop = diffWithin(Duration.ofSeconds(5), v1, v2).deletedStep("loop").orElseThrow();

      assertThat(loop.relocateToStepId()).isEqualTo("b");
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  @Nested
  class Changes {
    @Test
    void modified_transitions_between_kept_steps_are_reported() {
      // v2 swaps b and c
      ScenarioVersion v1 = version(1, step("a").to("b"), step("b").to("c"), step("c").to("d"), step("d"));
      ScenarioVersion v2 = version(2, step("a").to("c"), step("c").to("b"), step("b").to("d"), step("d"));

      AnchorTransformation d = anchor(planner.diff(v1, v2), "D");

      assertThat(d.upstreamChanges().modifiedTransitions())
          .extracting(TransitionChange::change, TransitionChange::fromStepName, TransitionChange::toStepName)
          .containsExactlyInAnyOrder(
              tuple(Change.ADDED, "A", "C"), tuple(Change.REMOVED, "A", "B"),
              tuple(Change.ADDED, "C", "B"), tuple(Change.REMOVED, "B", "C"),
              tuple(Change.ADDED, "B", "D"), tuple(Change.REMOVED, "C", "D"));
      assertThat(d.upstreamChanges().insertedNodes()).isEmpty();
      assertThat(d.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      AnchorTransformation a = anchor(planner.diff(v1, v2), "A");
      assertThat(a.downstreamChanges().modifiedTransitions()).hasSize(6);
      assertThat(a.upstreamChanges().isEmpty()).isTrue();
    }

    @Test
    void a_step_that_moved_from_upstream_to_downstream_is_removed_upstream_and_inserted_downstream() {
      ScenarioVersion v1 = version(1, step("a").to("b"), step("b").to("c"), step("c"));
      ScenarioVersion v2 = version(2, step("a").to("c"), step("c").to("b"), step("b"));

      TransformationMap map = planner.diff(v1, v2);

      AnchorTransformation c = anchor(map, "C");
      assertThat(c.upstreamChanges().removedNodes()).extracting(StepRef::stepName).containsExactly("B");
      assertThat(c.downstreamChanges().insertedNodes()).extracting(InsertedNode::nodeName).containsExactly("B");
      AnchorTransformation b = anchor(map, "B");
      assertThat(b.upstreamChanges().insertedNodes()).extracting(InsertedNode::nodeName).containsExactly("C");
      assertThat(b.downstreamChanges().removedNodes()).extracting(StepRef::stepName).containsExactly("C");
    }

    @Test
    void removed_upstream_nodes_are_reported() {
      ScenarioVersion v1 = version(1, step("a").to("survey"), step("survey").collects("score").to("b"), step("b"));
      ScenarioVersion v2 = version(2, step("a").to("b"), step("b"));

      AnchorTransformation b = anchor(planner.diff(v1, v2), "B");

      assertThat(b.upstreamChanges().removedNodes()).extracting(StepRef::stepId, StepRef::stepName)
          .containsExactly(tuple("survey", "Survey"));
      // A is no fork: the review lists its transitions as they changed
      assertThat(b.upstreamChanges().modifiedTransitions()).extracting(TransitionChange::change,
          TransitionChange::fromStepName, TransitionChange::toStepName)
          .containsExactlyInAnyOrder(tuple(Change.ADDED, "A", "B"), tuple(Change.REMOVED, "A", "Survey"));
      assertThat(b.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
    }

    @Test
    void a_fork_whose_branch_now_leads_to_another_anchor_is_reported_with_its_source_step() {
      ScenarioVersion v1 = version(1, step("a").when("x == 1", "c").to("survey"),
          step("survey").collects("score").to("b"), step("b"), step("c"));
      ScenarioVersion v2 = version(2, step("a").when("x == 1", "c").to("b2"), step("b2").to("c"), step("b"),
          step("c"));

      AnchorTransformation c = anchor(planner.diff(v1, v2), "C");

      // A's default branch led to B through the deleted plain step and now leads to C: the fork changed
      assertThat(c.upstreamChanges().newForks()).extracting(NewFork::forkStepId, NewFork::fromStepId)
          .containsExactly(tuple("a", "a"));
    }

    @Test
    void an_inserted_upstream_step_that_only_sends_a_message_is_a_clean_graft() {
      ScenarioVersion v2 = orderFlow(2, Seeds.welcome().to("promo"),
          step("promo").description("Tells the customer about the sale").ruleIds("tone-friendly").to("checkout"),
          Seeds.checkout().to("confirm"), Seeds.confirm());

      AnchorTransformation checkout = anchor(planner.diff(Seeds.v1(), v2), "Checkout");

      assertThat(checkout.upstreamChanges().insertedNodes()).extracting(InsertedNode::nodeName)
          .containsExactly("Promo");
      assertThat(checkout.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      assertThat(checkout.fieldsToCollect()).isEmpty();
    }

    @Test
    void an_inserted_upstream_step_with_a_required_action_is_a_gap_fill() {
      ScenarioVersion v2 = orderFlow(2, Seeds.welcome().to("account"),
          step("account").description("Creates the customer account").requiredAction(true).to("checkout"),
          Seeds.checkout().to("confirm"), Seeds.confirm());

      TransformationMap map = planner.diff(Seeds.v1(), v2);

      AnchorTransformation checkout = anchor(map, "Checkout");
      assertThat(checkout.migrationScenario()).isEqualTo(MigrationScenario.GAP_FILL);
      assertThat(checkout.upstreamChanges().insertedNodes()).singleElement()
          .satisfies(n -> assertThat(n.requiredAction()).isTrue());
      assertThat(checkout.fieldsToCollect()).isEmpty();
      assertThat(anchor(map, "Welcome").migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
    }

    @Test
    void an_inserted_upstream_step_collecting_only_optional_fields_is_a_clean_graft() {
      ScenarioVersion v2 = orderFlow(2, Seeds.welcome().to("newsletter"),
          step("newsletter").collects(CollectedField.optional("email"), CollectedField.optional("phone"))
              .to("checkout"),
          Seeds.checkout().to("confirm"), Seeds.confirm());

      AnchorTransformation checkout = anchor(planner.diff(Seeds.v1(), v2), "Checkout");

      assertThat(checkout.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      assertThat(checkout.upstreamChanges().insertedNodes()).singleElement().satisfies(n -> {
        assertThat(n.collectsFields()).isEmpty();
        assertThat(n.optionalFields()).containsExactly("email", "phone");
      });
      assertThat(checkout.fieldsToCollect()).isEmpty();
    }

    @Test
    void an_inserted_upstream_step_collecting_a_required_and_an_optional_field_is_a_gap_fill_for_the_required_one() {
      ScenarioVersion v2 = orderFlow(2, Seeds.welcome().to("contact"),
          step("contact").collects(CollectedField.required("email"), CollectedField.optional("phone"))
              .to("checkout"),
          Seeds.checkout().to("confirm"), Seeds.confirm());

      AnchorTransformation checkout = anchor(planner.diff(Seeds.v1(), v2), "Checkout");

      assertThat(checkout.migrationScenario()).isEqualTo(MigrationScenario.GAP_FILL);
      assertThat(checkout.fieldsToCollect()).containsExactly("email");
    }

    @Test
    void a_new_fork_whose_branches_all_lead_to_the_anchor_is_not_a_re_route() {
      ScenarioVersion v2 = orderFlow(2, Seeds.welcome().to("vip_check"),
          step("vip_check").when("tier == \"gold\"", "vip_gift").to("checkout"),
          step("vip_gift").description("Offers a gift").to("checkout"),
          Seeds.checkout().to("confirm"), Seeds.confirm());

      AnchorTransformation checkout = anchor(planner.diff(Seeds.v1(), v2), "Checkout");

      assertThat(checkout.upstreamChanges().newForks()).singleElement().satisfies(f -> {
        assertThat(f.canDivert()).isFalse();
        assertThat(f.fieldsRead()).containsExactly("tier");
        assertThat(f.branches()).extracting(ForkBranch::targetName, ForkBranch::leadsToAnchor)
            .containsExactly(tuple("Vip gift", true), tuple("Checkout", true));
      });
      assertThat(checkout.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      assertThat(checkout.fieldsToCollect()).isEmpty();
    }

    @Test
    void a_re_route_wins_over_a_gap_fill() {
      // the seed's age fork collects the age and can divert: re_route, with the age to collect
      AnchorTransformation checkout = anchor(planner.diff(Seeds.v1(), Seeds.v2AgeFork()), "Checkout");

      assertThat(checkout.migrationScenario()).isEqualTo(MigrationScenario.RE_ROUTE);
      assertThat(checkout.fieldsToCollect()).containsExactly("age");
    }

    @Test
    void a_changed_condition_on_an_upstream_fork_is_reported_as_a_new_fork() {
      ScenarioVersion v1 = version(1, step("a").when("age >= 18", "b").to("reject"), step("b"), step("reject"));
      ScenarioVersion v2 = version(2, step("a").when("age >= 21", "b").to("reject"), step("b"), step("reject"));

      TransformationMap map = planner.diff(v1, v2);

      AnchorTransformation b = anchor(map, "B");
      assertThat(b.upstreamChanges().newForks()).singleElement().satisfies(f ->
          assertThat(f.branches()).extracting(ForkBranch::condition).containsExactly("age >= 21", null));
      assertThat(b.migrationScenario()).isEqualTo(MigrationScenario.RE_ROUTE);
      assertThat(anchor(map, "A").downstreamChanges().newForks()).hasSize(1);
      assertThat(anchor(map, "A").migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
    }

    @Test
    void a_step_added_downstream_only_leaves_the_anchor_a_clean_graft_with_downstream_changes() {
      AnchorTransformation checkout = anchor(planner.diff(Seeds.v1(), Seeds.v2PaymentDownstream()), "Checkout");

      assertThat(checkout.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      assertThat(checkout.upstreamChanges().isEmpty()).isTrue();
      assertThat(checkout.downstreamChanges().insertedNodes()).extracting(InsertedNode::nodeName)
          .containsExactly("Payment");
    }
  }
}
