package org.scenariomigration.plan;

import org.scenariomigration.json.MalformedJsonException;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.scenario.AnchorIdentity;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.ChangeSet;
import org.scenariomigration.scenario.CheckpointConflict;
import org.scenariomigration.scenario.DeletedStep;
import org.scenariomigration.scenario.ForkBranch;
import org.scenariomigration.scenario.InsertedNode;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.NewFork;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.scenario.TransitionChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PlanJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant APPROVED_AT = Instant.parse("2025-03-05T10:00:00Z");
  private static final Instant DEPLOYED_AT = Instant.parse("2025-03-06T11:30:00.5Z");

  private static final ScopeFilter NARROW = ScopeFilter.builder()
      .includeChannels("web", "app").excludeChannels("sms")
      .maxSessionAgeDays(30).minSessionAgeDays(1)
      .includeCurrentSteps("checkout").excludeCurrentSteps("confirm")
      .build();

  /** The plan with a policy on every anchor (alternating shapes), approved, deployed and estimated. */
  private static MigrationPlan decorated(MigrationPlan plan) {
    Map<String, AnchorPolicy> policies = new LinkedHashMap<>();
    MigrationScenario[] classes = MigrationScenario.values();
    int i = 0;
    for (AnchorTransformation a : plan.transformationMap().anchors()) {
      AnchorPolicy p = AnchorPolicy.defaults(a);
      p = switch (i++ % 3) {
        case 0 -> p.withScopeFilter(NARROW).withUpdateDownstream(false)
            .withForceScenario(classes[(i) % classes.length]);
        case 1 -> p.withForceScenario(null);
        default -> p.withScopeFilter(ScopeFilter.builder().maxSessionAgeDays(7).build());
      };
      policies.put(a.anchorContentHash(), p);
    }
    return plan.withPolicies(policies).withEstimatedSessionsAffected(1234)
        .withApproval("lead@example.com", APPROVED_AT).withDeployment(DEPLOYED_AT);
  }

  private static ObjectNode tree(MigrationPlan plan) {
    try {
      return (ObjectNode) MAPPER.readTree(PlanJson.write(plan));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String edited(MigrationPlan plan, Consumer<ObjectNode> edit) {
    ObjectNode root = tree(plan);
    edit.accept(root);
    return root.toString();
  }

  private static MalformedJsonException malformed(String json) {
    return catchThrowableOfType(MalformedJsonException.class, () -> PlanJson.read(json));
  }

  private static ObjectNode firstAnchor(ObjectNode root) {
    return (ObjectNode) root.get("transformation_map").get("anchors").get(0);
  }

  // ------------------------------------------------------------------------------------ round trip

  @Test
  void the_fixtures_cover_every_part_of_a_transformation_map() {
    List<MigrationPlan> plans = PlanFixtures.allPlans();
    List<AnchorTransformation> anchors = new ArrayList<>();
    plans.forEach(p -> anchors.addAll(p.transformationMap().anchors()));
    List<ChangeSet> changes = new ArrayList<>();
    anchors.forEach(a -> {
      changes.add(a.upstreamChanges());
      changes.add(a.downstreamChanges());
    });

    assertThat(plans).anyMatch(p -> !p.transformationMap().deletedSteps().isEmpty());
    assertThat(plans).flatMap(p -> p.transformationMap().deletedSteps())
        .anyMatch(d -> d.relocateToAnchorHash() == null).anyMatch(d -> d.relocateToAnchorHash() != null)
        .anyMatch(DeletedStep::checkpoint);
    assertThat(plans).anyMatch(p -> !p.transformationMap().newSteps().isEmpty());
    assertThat(plans).anyMatch(p -> !p.transformationMap().ambiguousAnchors().isEmpty());
    assertThat(plans).anyMatch(p -> !p.transformationMap().unreachableSteps().isEmpty());
    assertThat(plans).anyMatch(p -> !p.manualMappings().isEmpty());
    assertThat(anchors).anyMatch(AnchorTransformation::manualMapping);
    assertThat(anchors).extracting(AnchorTransformation::migrationScenario)
        .contains(MigrationScenario.values());
    assertThat(anchors).flatMap(AnchorTransformation::checkpointConflicts).extracting(CheckpointConflict::kind)
        .contains(CheckpointConflict.Kind.values());
    assertThat(changes).flatMap(ChangeSet::insertedNodes)
        .anyMatch(n -> !n.optionalFields().isEmpty()).anyMatch(InsertedNode::requiredAction)
        .anyMatch(InsertedNode::hasConditions);
    assertThat(changes).anyMatch(c -> !c.removedNodes().isEmpty());
    assertThat(changes).flatMap(ChangeSet::newForks).flatMap(NewFork::branches)
        .anyMatch(b -> b.condition() == null).anyMatch(ForkBranch::leadsToAnchor)
        .anyMatch(b -> !b.leadsToAnchor());
    assertThat(changes).flatMap(ChangeSet::modifiedTransitions).extracting(TransitionChange::change)
        .contains(TransitionChange.Change.values());
    assertThat(anchors).extracting(a -> a.identity().kind()).contains(AnchorIdentity.Kind.values());
    assertThat(changes).flatMap(ChangeSet::editedNodes).anyMatch(n -> !n.collectsFields().isEmpty());
    assertThat(changes).flatMap(ChangeSet::newForks).anyMatch(f -> f.fromStepId() != null)
        .anyMatch(f -> f.fromStepId() == null).anyMatch(f -> !f.computedFields().isEmpty());
    assertThat(plans).flatMap(p -> p.transformationMap().deletedSteps())
        .anyMatch(d -> !d.crossedSteps().isEmpty());
    assertThat(plans).anyMatch(p -> !p.transformationMap().ambiguousEdits().isEmpty());
  }

  @Test
  void a_generated_plan_survives_a_round_trip() {
    for (MigrationPlan plan : PlanFixtures.allPlans()) {
      MigrationPlan back = PlanJson.read(PlanJson.write(plan));

      assertThat(back).isEqualTo(plan);
    }
  }

  @Test
  void a_plan_with_policies_approval_deployment_and_estimate_survives_a_round_trip() {
    for (MigrationPlan plan : PlanFixtures.allPlans()) {
      MigrationPlan rich = decorated(plan);

      MigrationPlan back = PlanJson.read(PlanJson.write(rich));

      assertThat(back).isEqualTo(rich);
      assertThat(back.anchorPolicies()).isEqualTo(rich.anchorPolicies()).isNotEmpty();
      assertThat(back.approvedBy()).isEqualTo("lead@example.com");
      assertThat(back.approvedAt()).isEqualTo(APPROVED_AT);
      assertThat(back.deployedAt()).isEqualTo(DEPLOYED_AT);
      assertThat(back.status()).isEqualTo(PlanStatus.DEPLOYED);
      assertThat(back.summary().estimatedSessionsAffected()).isEqualTo(1234);
    }
  }

  @Test
  void the_creation_time_keeps_its_nanoseconds_and_the_creator_is_kept() {
    MigrationPlan back = PlanJson.read(PlanJson.write(PlanFixtures.gapFillPlan()));

    assertThat(back.createdAt()).isEqualTo(PlanFixtures.CREATED_AT);
    assertThat(back.createdBy()).isEqualTo("op@example.com");
    assertThat(back.id()).isEqualTo("plan-1");
    assertThat(back.tenantId()).isEqualTo("t1");
  }

  @ParameterizedTest
  @EnumSource(PlanStatus.class)
  void every_status_survives_a_round_trip(PlanStatus status) {
    MigrationPlan plan = PlanFixtures.gapFillPlan().withStatus(status);

    assertThat(PlanJson.read(PlanJson.write(plan)).status()).isEqualTo(status);
    assertThat(tree(plan).get("status").textValue()).isEqualTo(status.jsonName());
  }

  // ------------------------------------------------------------------------------------ the seed's shape

  @Test
  void the_json_has_the_seed_field_names() {
    MigrationPlan plan = PlanFixtures.gapFillPlan().withEstimatedSessionsAffected(17);
    AnchorTransformation checkout = PlanFixtures.anchor(plan, "Checkout");

    JsonNode root = tree(plan);

    assertThat(root.get("format_version").intValue()).isEqualTo(PlanJson.FORMAT_VERSION).isEqualTo(1);
    assertThat(root.get("id").textValue()).isEqualTo("plan-1");
    assertThat(root.get("scenario_id").textValue()).isEqualTo("order-flow");
    assertThat(root.get("from_version").intValue()).isEqualTo(1);
    assertThat(root.get("to_version").intValue()).isEqualTo(2);
    assertThat(root.get("from_checksum").textValue()).isEqualTo(Seeds.v1().checksum());
    assertThat(root.get("to_checksum").textValue()).isEqualTo(Seeds.v2AgeInserted().checksum());
    assertThat(root.get("status").textValue()).isEqualTo("pending");
    assertThat(root.get("created_at").textValue()).isEqualTo("2025-03-04T05:06:07.123456789Z");
    assertThat(root.get("approved_by").isNull()).isTrue();
    JsonNode anchor = null;
    for (JsonNode a : root.get("transformation_map").get("anchors")) {
      if (a.get("anchor_name").textValue().equals("Checkout")) {
        anchor = a;
      }
    }
    assertThat(anchor).isNotNull();
    assertThat(anchor.get("anchor_content_hash").textValue()).isEqualTo(checkout.anchorContentHash());
    assertThat(anchor.get("migration_scenario").textValue()).isEqualTo("gap_fill");
    JsonNode inserted = anchor.get("upstream_changes").get("inserted_nodes").get(0);
    assertThat(inserted.get("node_name").textValue()).isEqualTo("Age Verification");
    assertThat(inserted.get("collects_fields").toString()).isEqualTo("[\"age\"]");
    JsonNode summary = root.get("summary");
    assertThat(summary.get("total_anchors").intValue()).isEqualTo(3);
    assertThat(summary.get("anchors_with_gap_fill").intValue()).isEqualTo(2);
    assertThat(summary.get("anchors_with_clean_graft").intValue()).isEqualTo(1);
    assertThat(summary.get("anchors_with_re_route").intValue()).isZero();
    assertThat(summary.get("estimated_sessions_affected").longValue()).isEqualTo(17);
    assertThat(summary.get("fields_to_collect").get(0).get("field").textValue()).isEqualTo("age");
    JsonNode warning = summary.get("warnings").get(0);
    assertThat(warning.get("severity").textValue()).isEqualTo("info");
    assertThat(warning.get("code").textValue()).isEqualTo("field_to_collect");
    assertThat(warning.get("message").textValue()).startsWith("Customers at '");
  }

  @Test
  void policies_are_written_as_the_seed_policy_objects_keyed_by_anchor_hash() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();
    String hash = PlanFixtures.anchor(plan, "Checkout").anchorContentHash();
    plan = plan.withPolicies(Map.of(hash, new AnchorPolicy(hash, "Checkout", NARROW, false,
        MigrationScenario.CLEAN_GRAFT)));

    JsonNode policy = tree(plan).get("anchor_policies").get(hash);

    assertThat(policy.get("anchor_content_hash").textValue()).isEqualTo(hash);
    assertThat(policy.get("anchor_name").textValue()).isEqualTo("Checkout");
    assertThat(policy.get("update_downstream").booleanValue()).isFalse();
    assertThat(policy.get("force_scenario").textValue()).isEqualTo("clean_graft");
    JsonNode filter = policy.get("scope_filter");
    assertThat(filter.get("include_channels").toString()).isEqualTo("[\"app\",\"web\"]");
    assertThat(filter.get("exclude_channels").toString()).isEqualTo("[\"sms\"]");
    assertThat(filter.get("max_session_age_days").intValue()).isEqualTo(30);
    assertThat(filter.get("min_session_age_days").intValue()).isEqualTo(1);
    assertThat(filter.get("include_current_steps").toString()).isEqualTo("[\"checkout\"]");
    assertThat(filter.get("exclude_current_steps").toString()).isEqualTo("[\"confirm\"]");
  }

  @Test
  void a_policy_without_bounds_or_forced_class_writes_nulls() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();
    AnchorTransformation a = PlanFixtures.anchor(plan, "Confirm");
    plan = plan.withPolicies(Map.of(a.anchorContentHash(), AnchorPolicy.defaults(a)));

    JsonNode policy = tree(plan).get("anchor_policies").get(a.anchorContentHash());

    assertThat(policy.get("force_scenario").isNull()).isTrue();
    assertThat(policy.get("update_downstream").booleanValue()).isTrue();
    assertThat(policy.get("scope_filter").get("max_session_age_days").isNull()).isTrue();
    assertThat(policy.get("scope_filter").get("min_session_age_days").isNull()).isTrue();
  }

  @Test
  void a_minimal_policy_object_takes_the_defaults() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();
    String hash = PlanFixtures.anchor(plan, "Checkout").anchorContentHash();
    String json = edited(plan, root -> root.putObject("anchor_policies").putObject(hash));

    AnchorPolicy p = PlanJson.read(json).anchorPolicies().get(hash);

    assertThat(p).isEqualTo(new AnchorPolicy(hash, "", ScopeFilter.ALL, true, null));
  }

  // ------------------------------------------------------------------------------------ the summary

  @Test
  void the_summary_is_recomputed_on_reading_and_a_doctored_count_does_not_survive() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();
    String json = edited(plan, root -> {
      ObjectNode s = (ObjectNode) root.get("summary");
      s.put("total_anchors", 99);
      s.put("anchors_with_gap_fill", 0);
      s.put("anchors_with_clean_graft", 42);
      s.putArray("warnings");
      s.putArray("fields_to_collect");
    });

    MigrationPlan back = PlanJson.read(json);

    assertThat(back.summary()).isEqualTo(plan.summary());
    assertThat(back.summary().totalAnchors()).isEqualTo(3);
    assertThat(back.summary().anchorsWithGapFill()).isEqualTo(2);
    assertThat(back.summary().warnings()).isNotEmpty();
  }

  @Test
  void the_summary_reflects_the_policies_read_not_the_summary_written() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();
    String hash = PlanFixtures.anchor(plan, "Checkout").anchorContentHash();
    String json = edited(plan, root -> root.putObject("anchor_policies").putObject(hash)
        .put("force_scenario", "clean_graft"));

    MigrationPlan back = PlanJson.read(json);

    assertThat(back.summary().anchorsWithGapFill()).isEqualTo(1);
    assertThat(back.summary().anchorsWithCleanGraft()).isEqualTo(2);
    assertThat(back.summary().warnings()).extracting(PlanWarning::code).contains(PlanWarning.Code.FORCED_SCENARIO);
  }

  @Test
  void only_the_session_estimate_is_taken_from_the_summary() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();

    MigrationPlan back = PlanJson.read(edited(plan, root ->
        ((ObjectNode) root.get("summary")).put("estimated_sessions_affected", 5_000_000_000L)));
    MigrationPlan noSummary = PlanJson.read(edited(plan, root -> root.remove("summary")));

    assertThat(back.summary()).isEqualTo(plan.summary().withEstimatedSessionsAffected(5_000_000_000L));
    assertThat(noSummary.summary()).isEqualTo(plan.summary());
  }

  // ------------------------------------------------------------------------------------ tolerance

  @Test
  void unknown_fields_are_ignored() {
    MigrationPlan plan = decorated(PlanFixtures.gapFillPlan());
    String json = edited(plan, root -> {
      root.put("reviewer_notes", "looks fine");
      firstAnchor(root).put("colour", "green");
      ((ObjectNode) root.get("summary")).putObject("extra").put("a", 1);
      ObjectNode policy = (ObjectNode) root.get("anchor_policies").elements().next();
      policy.put("priority", 3);
      ((ObjectNode) policy.get("scope_filter")).put("include_regions", "eu");
    });

    assertThat(PlanJson.read(json)).isEqualTo(plan);
  }

  // ------------------------------------------------------------------------------------ errors

  @Test
  void a_policy_for_an_unknown_anchor_hash_names_the_plan_and_the_hash() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();
    String json = edited(plan, root -> root.putObject("anchor_policies").putObject("deadbeef")
        .put("update_downstream", false));

    MalformedJsonException e = malformed(json);

    assertThat(e.document()).isEqualTo("migration plan");
    assertThat(e.path()).isEqualTo("$.anchor_policies.deadbeef");
    assertThat(e).hasMessage("migration plan JSON is malformed at $.anchor_policies.deadbeef:"
        + " plan 'plan-1' has no anchor with this content hash");
  }

  @Test
  void a_policy_whose_hash_disagrees_with_its_key_names_both() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();
    String hash = PlanFixtures.anchor(plan, "Checkout").anchorContentHash();
    String json = edited(plan, root -> root.putObject("anchor_policies").putObject(hash)
        .put("anchor_content_hash", "cafe"));

    MalformedJsonException e = malformed(json);

    assertThat(e.path()).isEqualTo("$.anchor_policies." + hash + ".anchor_content_hash");
    assertThat(e).hasMessageContaining("'cafe'").hasMessageContaining("'" + hash + "'");
  }

  @Test
  void an_unknown_status_names_path_and_value() {
    MalformedJsonException e = malformed(edited(PlanFixtures.gapFillPlan(), root -> root.put("status", "archived")));

    assertThat(e.path()).isEqualTo("$.status");
    assertThat(e).hasMessage("migration plan JSON is malformed at $.status: unknown value 'archived'");
    assertThat(e.document()).isEqualTo("migration plan");
    assertThat(e.problem()).isEqualTo("unknown value 'archived'");
  }

  @Test
  void a_status_in_upper_case_is_unknown() {
    assertThat(malformed(edited(PlanFixtures.gapFillPlan(), root -> root.put("status", "PENDING"))).path())
        .isEqualTo("$.status");
  }

  @Test
  void a_bad_timestamp_names_path_and_value() {
    MalformedJsonException created = malformed(edited(PlanFixtures.gapFillPlan(),
        root -> root.put("created_at", "yesterday")));
    MalformedJsonException approved = malformed(edited(PlanFixtures.gapFillPlan(),
        root -> root.put("approved_at", "2025-13-01T00:00:00Z")));
    MalformedJsonException numeric = malformed(edited(PlanFixtures.gapFillPlan(),
        root -> root.put("deployed_at", 1700000000)));

    assertThat(created).hasMessage("migration plan JSON is malformed at $.created_at:"
        + " 'yesterday' is not an ISO-8601 instant");
    assertThat(approved.path()).isEqualTo("$.approved_at");
    assertThat(approved).hasMessageContaining("'2025-13-01T00:00:00Z'");
    assertThat(numeric.path()).isEqualTo("$.deployed_at");
    assertThat(numeric).hasMessageContaining("1700000000");
  }

  @Test
  void a_missing_creation_time_is_reported() {
    MalformedJsonException e = malformed(edited(PlanFixtures.gapFillPlan(), root -> root.remove("created_at")));

    assertThat(e).hasMessage("migration plan JSON is malformed at $.created_at: required timestamp is missing");
  }

  @Test
  void an_unknown_migration_scenario_names_the_anchor_path_and_value() {
    MalformedJsonException e = malformed(edited(PlanFixtures.gapFillPlan(),
        root -> firstAnchor(root).put("migration_scenario", "teleport")));

    assertThat(e.path()).isEqualTo("$.transformation_map.anchors[0].migration_scenario");
    assertThat(e).hasMessageContaining("unknown value 'teleport'");
  }

  @Test
  void an_unknown_forced_scenario_names_the_policy_path_and_value() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();
    String hash = PlanFixtures.anchor(plan, "Checkout").anchorContentHash();

    MalformedJsonException e = malformed(edited(plan, root -> root.putObject("anchor_policies").putObject(hash)
        .put("force_scenario", "warp")));

    assertThat(e.path()).isEqualTo("$.anchor_policies." + hash + ".force_scenario");
    assertThat(e).hasMessageContaining("'warp'");
  }

  @Test
  void an_invalid_scope_filter_names_the_path_and_the_bad_values() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();
    String hash = PlanFixtures.anchor(plan, "Checkout").anchorContentHash();

    MalformedJsonException minAboveMax = malformed(edited(plan, root -> root.putObject("anchor_policies")
        .putObject(hash).putObject("scope_filter").put("min_session_age_days", 40).put("max_session_age_days", 30)));
    MalformedJsonException negative = malformed(edited(plan, root -> root.putObject("anchor_policies")
        .putObject(hash).putObject("scope_filter").put("max_session_age_days", -1)));
    MalformedJsonException notAList = malformed(edited(plan, root -> root.putObject("anchor_policies")
        .putObject(hash).putObject("scope_filter").put("include_channels", "web")));

    assertThat(minAboveMax.path()).isEqualTo("$.anchor_policies." + hash + ".scope_filter");
    assertThat(minAboveMax).hasMessageContaining("min_session_age_days (40)")
        .hasMessageContaining("max_session_age_days (30)");
    assertThat(negative).hasMessageContaining("but was -1");
    assertThat(notAList.path()).isEqualTo("$.anchor_policies." + hash + ".scope_filter.include_channels");
  }

  @Test
  void an_unknown_checkpoint_conflict_kind_names_its_path() {
    MigrationPlan plan = PlanFixtures.planner().plan(PlanRequest.builder("t1", Seeds.v1WithPayment(),
        Seeds.v2AgeForkBeforePayment()).build());
    String json = edited(plan, root -> {
      for (JsonNode a : root.get("transformation_map").get("anchors")) {
        ArrayNode cs = (ArrayNode) a.get("checkpoint_conflicts");
        if (!cs.isEmpty()) {
          ((ObjectNode) cs.get(0)).put("kind", "skipped");
        }
      }
    });

    MalformedJsonException e = malformed(json);

    assertThat(e.path()).matches("\\$\\.transformation_map\\.anchors\\[\\d+]\\.checkpoint_conflicts\\[0]\\.kind");
    assertThat(e).hasMessageContaining("'skipped'");
  }

  @Test
  void a_missing_transformation_map_or_id_is_reported() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();

    assertThat(malformed(edited(plan, root -> root.remove("transformation_map"))))
        .hasMessage("migration plan JSON is malformed at $.transformation_map: expected an object but found nothing");
    assertThat(malformed(edited(plan, root -> root.remove("id"))).path()).isEqualTo("$.id");
    assertThat(malformed(edited(plan, root -> root.put("from_version", "one"))).path()).isEqualTo("$.from_version");
  }

  @Test
  void a_newer_format_version_is_rejected() {
    MalformedJsonException e = malformed(edited(PlanFixtures.gapFillPlan(), root -> root.put("format_version", 2)));

    assertThat(e).hasMessage("migration plan JSON is malformed at $.format_version: unsupported format version 2,"
        + " this library reads 1 to 1");
  }

  @Test
  void a_null_or_broken_document_is_malformed_not_a_null_pointer() {
    assertThat(malformed(null)).hasMessage("migration plan JSON is malformed at $: the document is null");
    assertThat(malformed("")).hasMessage("migration plan JSON is malformed at $: the document is empty");
    assertThat(malformed("{\"id\": ")).hasMessageStartingWith("migration plan JSON is malformed at $ (line 1");
    assertThat(malformed("[]")).hasMessage("migration plan JSON is malformed at $: expected an object but found"
        + " array []");
  }

  @Test
  void duplicate_keys_are_rejected() {
    String json = PlanJson.write(PlanFixtures.gapFillPlan()).replaceFirst("\"status\" : \"pending\"",
        "\"status\" : \"pending\", \"status\" : \"approved\"");

    assertThat(malformed(json)).hasMessageContaining("Duplicate field 'status'");
  }
}
