package org.scenariomigration.scenario;

import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanJson;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.plan.PlanSummary;
import org.scenariomigration.plan.PlanWarning;
import org.scenariomigration.policy.AnchorPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Reads the JSON fixtures of every format version ever written and checks what they say, so that a change to the
 * readers, the content hashes or the summary cannot silently break documents already stored by users.
 *
 * <p>The fixtures live in {@code src/test/resources/fixtures/}: {@code scenario-v1.json} (a scenario version in
 * scenario format 1) and {@code plan-format-v1.json} (a migration plan in plan format 1, from version 1 of the same
 * scenario to the version in {@code scenario-v1.json}). Each was produced once by the writer of its time and committed
 * as a file; they are never regenerated.
 *
 * <p><b>When a format version is added</b> ({@link ScenarioJson#FORMAT_VERSION} or {@link PlanJson#FORMAT_VERSION}
 * goes up): write a new fixture with the new writer ({@code scenario-v2.json}, {@code plan-format-v2.json}, ...), add
 * tests for it here, and keep the old fixtures and their tests unchanged: every old fixture must keep loading with the
 * same content. Only the fixtures of the current format version are expected to be rewritten to identical JSON.
 */
class FormatFixturesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static String fixture(String name) {
    try (InputStream in = FormatFixturesTest.class.getResourceAsStream("/fixtures/" + name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static ScenarioVersion scenarioV1() {
    return ScenarioJson.read(fixture("scenario-v1.json"));
  }

  private static MigrationPlan planV1() {
    return PlanJson.read(fixture("plan-format-v1.json"));
  }

  private static Map<String, AnchorTransformation> anchorsByName(MigrationPlan plan) {
    return plan.transformationMap().anchors().stream()
        .collect(Collectors.toMap(AnchorTransformation::anchorName, Function.identity()));
  }

  // ------------------------------------------------------------------------------------------- scenario, format 1

  @Test
  void scenario_format_1_fixture_is_format_1() {
    assertThat(tree(fixture("scenario-v1.json")).get("format_version").intValue()).isEqualTo(1);
  }

  @Test
  void scenario_format_1_fixture_loads_with_its_identity_and_steps_in_order() {
    ScenarioVersion v = scenarioV1();

    assertThat(v.scenarioId()).isEqualTo("order-flow");
    assertThat(v.version()).isEqualTo(2);
    assertThat(v.name()).isEqualTo("Order Flow");
    assertThat(v.startStepId()).isEqualTo("welcome");
    assertThat(v.steps()).extracting(Step::id).containsExactly("welcome", "browse", "address", "cart", "age_check",
        "rejection", "checkout_v2", "payment", "confirm", "faq");
  }

  @Test
  void scenario_format_1_fixture_keeps_collected_fields_rules_requirements_and_checkpoints() {
    ScenarioVersion v = scenarioV1();

    assertThat(v.requireStep("address").collectsFields()).containsExactly(CollectedField.required("address"),
        new CollectedField("floor", true, "the floor, if the address is an apartment"));
    assertThat(v.requireStep("address").requiredAction()).isTrue();
    assertThat(v.requireStep("age_check").collectsFields()).containsExactly(CollectedField.required("age"),
        CollectedField.optional("nickname"));
    assertThat(v.requireStep("checkout_v2").ruleIds()).containsExactly("r-7", "r-12");
    assertThat(v.requireStep("checkout_v2").requiresFields()).containsExactly("age");
    assertThat(v.requireStep("payment").checkpoint()).isTrue();
    assertThat(v.requireStep("payment").checkpointDescription()).isEqualTo("payment processed");
    assertThat(v.requireStep("confirm").checkpoint()).isFalse();
  }

  @Test
  void scenario_format_1_fixture_keeps_its_fork_and_compiles_its_conditions() {
    ScenarioVersion v = scenarioV1();
    Step ageCheck = v.requireStep("age_check");

    assertThat(ageCheck.transitions()).containsExactly(Transition.when("age < 18", "rejection"),
        Transition.when("age >= 18 && has(customer.tier)", "checkout_v2"), Transition.to("rejection"));
    assertThat(ageCheck.isFork()).isTrue();
    assertThat(v.condition(ageCheck.transitions().get(1)).fieldsRead()).containsExactly("age", "customer.tier");
    assertThat(v.condition(ageCheck.transitions().get(1)).evaluate(Map.of("age", 30L,
        "customer", Map.of("tier", "gold")))).isTrue();
  }

  @Test
  void scenario_format_1_fixture_reports_its_unreachable_step_as_a_warning() {
    assertThat(scenarioV1().warnings()).extracting(ScenarioProblem::stepId).containsExactly("faq");
  }

  @Test
  void scenario_format_1_fixture_rewrites_to_the_same_json() {
    String json = fixture("scenario-v1.json");

    assertThat(tree(ScenarioJson.write(ScenarioJson.read(json)))).isEqualTo(tree(json));
  }

  // ----------------------------------------------------------------------------------------------- plan, format 1

  @Test
  void plan_format_1_fixture_is_format_1() {
    assertThat(tree(fixture("plan-format-v1.json")).get("format_version").intValue()).isEqualTo(1);
  }

  @Test
  void plan_format_1_fixture_loads_with_its_identity_lifecycle_and_audit_fields() {
    MigrationPlan p = planV1();

    assertThat(p.id()).isEqualTo("plan-2025-0001");
    assertThat(p.tenantId()).isEqualTo("acme");
    assertThat(p.scenarioId()).isEqualTo("order-flow");
    assertThat(p.fromVersion()).isEqualTo(1);
    assertThat(p.toVersion()).isEqualTo(2);
    assertThat(p.status()).isEqualTo(PlanStatus.DEPLOYED);
    assertThat(p.createdBy()).isEqualTo("author@example.com");
    assertThat(p.createdAt()).isEqualTo(Instant.parse("2025-03-04T05:06:07.123456789Z"));
    assertThat(p.approvedBy()).isEqualTo("lead@example.com");
    assertThat(p.approvedAt()).isEqualTo(Instant.parse("2025-03-05T10:00:00Z"));
    assertThat(p.deployedAt()).isEqualTo(Instant.parse("2025-03-06T11:30:00.5Z"));
    assertThat(p.rolloutPercent()).isEqualTo(25);
  }

  @Test
  void plan_format_1_fixture_has_anchors_of_all_three_classes() {
    MigrationPlan p = planV1();

    assertThat(p.transformationMap().anchors())
        .extracting(AnchorTransformation::anchorName, AnchorTransformation::fromStepId,
            AnchorTransformation::toStepId, AnchorTransformation::migrationScenario,
            AnchorTransformation::manualMapping)
        .containsExactlyInAnyOrder(
            tuple("Welcome", "welcome", "welcome", MigrationScenario.CLEAN_GRAFT, false),
            tuple("Browse", "browse", "browse", MigrationScenario.CLEAN_GRAFT, false),
            tuple("Cart", "cart", "cart", MigrationScenario.GAP_FILL, false),
            tuple("Checkout", "checkout", "checkout_v2", MigrationScenario.RE_ROUTE, true),
            tuple("Confirm", "confirm", "confirm", MigrationScenario.RE_ROUTE, false));
    assertThat(p.manualMappings()).containsExactly(new StepMapping("checkout", "checkout_v2"));
  }

  @Test
  void plan_format_1_fixture_keeps_the_upstream_changes_of_the_manually_mapped_anchor() {
    AnchorTransformation checkout = anchorsByName(planV1()).get("Checkout");

    assertThat(checkout.fromContentHash()).isNotEqualTo(checkout.anchorContentHash());
    assertThat(checkout.upstreamChanges().insertedNodes()).extracting(InsertedNode::nodeId)
        .containsExactly("address", "age_check");
    assertThat(checkout.upstreamChanges().removedNodes()).extracting(StepRef::stepId)
        .containsExactly("legacy_upsell");
    NewFork fork = checkout.upstreamChanges().newForks().get(0);
    assertThat(fork.forkStepId()).isEqualTo("age_check");
    assertThat(fork.branches()).extracting(ForkBranch::targetStepId, ForkBranch::condition,
        ForkBranch::leadsToAnchor).containsExactly(tuple("rejection", "age < 18", false),
        tuple("checkout_v2", "age >= 18 && has(customer.tier)", true), tuple("rejection", null, false));
    assertThat(fork.fieldsRead()).containsExactly("age", "customer.tier");
    assertThat(checkout.downstreamChanges().insertedNodes()).extracting(InsertedNode::nodeId)
        .containsExactly("payment");
    assertThat(checkout.checkpointConflicts()).extracting(CheckpointConflict::kind,
        CheckpointConflict::checkpointName, CheckpointConflict::targetStepId)
        .containsExactly(tuple(CheckpointConflict.Kind.CONTRADICTED, "Legacy Upsell", "rejection"));
  }

  @Test
  void plan_format_1_fixture_keeps_its_policies_with_scope_filters_and_a_forced_class() {
    MigrationPlan p = planV1();
    Map<String, AnchorTransformation> anchors = anchorsByName(p);

    assertThat(p.anchorPolicies()).hasSize(3);
    AnchorPolicy cart = p.policyFor(anchors.get("Cart"));
    assertThat(cart.scopeFilter().includeChannels()).containsExactlyInAnyOrder("web", "app");
    assertThat(cart.scopeFilter().excludeChannels()).containsExactly("sms");
    assertThat(cart.scopeFilter().maxSessionAgeDays()).isEqualTo(30);
    assertThat(cart.scopeFilter().minSessionAgeDays()).isEqualTo(1);
    assertThat(cart.scopeFilter().includeCurrentSteps()).containsExactly("cart");
    assertThat(cart.scopeFilter().excludeCurrentSteps()).containsExactly("browse");
    assertThat(cart.updateDownstream()).isTrue();
    assertThat(cart.forceScenario()).isNull();
    AnchorPolicy checkout = p.policyFor(anchors.get("Checkout"));
    assertThat(checkout.scopeFilter().maxSessionAgeDays()).isEqualTo(7);
    assertThat(checkout.scopeFilter().minSessionAgeDays()).isNull();
    assertThat(checkout.scopeFilter().includeChannels()).isEmpty();
    assertThat(checkout.updateDownstream()).isFalse();
    assertThat(p.policyFor(anchors.get("Confirm")).forceScenario()).isEqualTo(MigrationScenario.GAP_FILL);
    assertThat(p.effectiveScenario(anchors.get("Confirm"))).isEqualTo(MigrationScenario.GAP_FILL);
    assertThat(p.policyFor(anchors.get("Welcome")).scopeFilter().isAll()).isTrue();
  }

  @Test
  void plan_format_1_fixture_keeps_deleted_new_and_unreachable_steps() {
    TransformationMap map = planV1().transformationMap();

    assertThat(map.deletedSteps()).extracting(DeletedStep::stepId, DeletedStep::relocateToStepId,
        DeletedStep::checkpoint).containsExactly(tuple("legacy_upsell", "checkout_v2", true),
        tuple("survey", "confirm", false));
    assertThat(map.newSteps()).extracting(StepRef::stepId)
        .containsExactlyInAnyOrder("rejection", "faq", "payment", "address", "age_check");
    assertThat(map.unreachableSteps()).extracting(StepRef::stepId).containsExactly("faq");
    assertThat(map.ambiguousAnchors()).isEmpty();
  }

  @Test
  void plan_format_1_fixture_gives_the_summary_counts_fields_and_warnings() {
    PlanSummary s = planV1().summary();

    assertThat(s.totalAnchors()).isEqualTo(5);
    assertThat(s.anchorsWithCleanGraft()).isEqualTo(2);
    assertThat(s.anchorsWithGapFill()).isEqualTo(2); // Cart, and Confirm forced by its policy
    assertThat(s.anchorsWithReRoute()).isEqualTo(1);
    assertThat(s.deletedSteps()).isEqualTo(2);
    assertThat(s.newSteps()).isEqualTo(5);
    assertThat(s.ambiguousAnchors()).isZero();
    assertThat(s.estimatedSessionsAffected()).isEqualTo(1234);
    assertThat(s.fieldsToCollect()).extracting(FieldToCollect::field)
        .containsExactly("address", "age", "card", "customer.tier");
    assertThat(s.warnings()).hasSize(17);
    assertThat(s.warnings()).extracting(PlanWarning::severity, PlanWarning::code, PlanWarning::anchorName)
        .contains(
            tuple(PlanWarning.Severity.CRITICAL, PlanWarning.Code.CHECKPOINT_CONFLICT, "Checkout"),
            tuple(PlanWarning.Severity.WARNING, PlanWarning.Code.RE_ROUTE, "Checkout"),
            tuple(PlanWarning.Severity.WARNING, PlanWarning.Code.REQUIRED_ACTION, "Cart"),
            tuple(PlanWarning.Severity.CRITICAL, PlanWarning.Code.DELETED_CHECKPOINT, null),
            tuple(PlanWarning.Severity.WARNING, PlanWarning.Code.FORCED_SCENARIO, "Confirm"),
            tuple(PlanWarning.Severity.INFO, PlanWarning.Code.FIELD_TO_COLLECT, "Cart"),
            tuple(PlanWarning.Severity.INFO, PlanWarning.Code.UNREACHABLE_STEP, null));
  }

  @Test
  void plan_format_1_fixture_summary_agrees_with_the_summary_it_was_written_with() {
    JsonNode written = tree(fixture("plan-format-v1.json")).get("summary");

    assertThat(tree(PlanJson.write(planV1())).get("summary")).isEqualTo(written);
  }

  @Test
  void plan_format_1_fixture_rewrites_to_the_same_json() {
    String json = fixture("plan-format-v1.json");

    assertThat(tree(PlanJson.write(PlanJson.read(json)))).isEqualTo(tree(json));
  }

  // ----------------------------------------------------------------------------------------- both, format 1

  @Test
  void the_content_hashes_of_format_1_documents_still_agree() {
    ScenarioVersion to = scenarioV1();
    MigrationPlan p = planV1();

    assertThat(p.toChecksum()).isEqualTo(to.checksum());
    for (AnchorTransformation a : p.transformationMap().anchors()) {
      assertThat(to.requireStep(a.toStepId()).contentHash()).as(a.anchorName()).isEqualTo(a.anchorContentHash());
    }
    List<String> newStepHashes = p.transformationMap().newSteps().stream()
        .map(r -> to.requireStep(r.stepId()).contentHash()).toList();
    assertThat(newStepHashes).isEqualTo(p.transformationMap().newSteps().stream().map(StepRef::contentHash)
        .toList());
  }
}
