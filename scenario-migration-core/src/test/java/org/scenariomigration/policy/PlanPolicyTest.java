package org.scenariomigration.policy;

import org.scenariomigration.plan.InvalidPlanException;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.MigrationPlanner;
import org.scenariomigration.plan.PlanFixtures;
import org.scenariomigration.plan.PlanJson;
import org.scenariomigration.plan.PlanRequest;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.plan.PlanSummary;
import org.scenariomigration.plan.PlanWarning;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.scenario.StepMapping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.scenariomigration.InvalidIdException;

class PlanPolicyTest {
  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration NANO = Duration.ofNanos(1);

  // ------------------------------------------------------------------------------------ withPolicies

  @Test
  void forcing_clean_graft_on_a_gap_fill_anchor_recomputes_the_summary() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();
    AnchorTransformation checkout = PlanFixtures.anchor(plan, "Checkout");
    AnchorPolicy force = AnchorPolicy.defaults(checkout).withForceScenario(MigrationScenario.CLEAN_GRAFT);

    MigrationPlan forced = plan.withPolicies(Map.of(checkout.anchorContentHash(), force));

    PlanSummary s = forced.summary();
    assertThat(s.anchorsWithGapFill()).isEqualTo(1);
    assertThat(s.anchorsWithCleanGraft()).isEqualTo(2);
    assertThat(s.totalAnchors()).isEqualTo(3);
    assertThat(s.warnings(PlanWarning.Severity.WARNING)).singleElement().satisfies(w -> {
      assertThat(w.code()).isEqualTo(PlanWarning.Code.FORCED_SCENARIO);
      assertThat(w.anchorContentHash()).isEqualTo(checkout.anchorContentHash());
      assertThat(w.anchorName()).isEqualTo("Checkout");
      assertThat(w.message()).isEqualTo("Policy forces clean_graft at 'Checkout' where the diff found gap_fill");
    });
    assertThat(s.fieldsToCollect()).singleElement().satisfies(f -> {
      assertThat(f.field()).isEqualTo("age");
      assertThat(f.anchorNames()).containsExactly("Confirm");
      assertThat(f.anchorContentHashes()).doesNotContain(checkout.anchorContentHash());
    });
    assertThat(s.warnings()).noneMatch(w -> w.code() == PlanWarning.Code.FIELD_TO_COLLECT
        && "Checkout".equals(w.anchorName()));
    assertThat(s.warnings().get(0).severity()).isEqualTo(PlanWarning.Severity.WARNING);
    assertThat(forced.effectiveScenario(checkout)).isEqualTo(MigrationScenario.CLEAN_GRAFT);
    assertThat(forced.policyFor(checkout)).isEqualTo(force);
  }

  @Test
  void forcing_the_computed_class_adds_no_warning() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();
    AnchorTransformation checkout = PlanFixtures.anchor(plan, "Checkout");

    MigrationPlan same = plan.withPolicies(Map.of(checkout.anchorContentHash(),
        AnchorPolicy.defaults(checkout).withForceScenario(MigrationScenario.GAP_FILL)));

    assertThat(same.summary()).isEqualTo(plan.summary());
  }

  @Test
  void forcing_re_route_counts_the_anchor_as_re_route_and_keeps_its_fields() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();
    AnchorTransformation welcome = PlanFixtures.anchor(plan, "Welcome");
    AnchorTransformation checkout = PlanFixtures.anchor(plan, "Checkout");

    MigrationPlan forced = plan.withPolicies(Map.of(
        checkout.anchorContentHash(), AnchorPolicy.defaults(checkout).withForceScenario(MigrationScenario.RE_ROUTE),
        welcome.anchorContentHash(), AnchorPolicy.defaults(welcome).withForceScenario(MigrationScenario.GAP_FILL)));

    assertThat(forced.summary().anchorsWithReRoute()).isEqualTo(1);
    assertThat(forced.summary().anchorsWithGapFill()).isEqualTo(2);
    assertThat(forced.summary().anchorsWithCleanGraft()).isZero();
    assertThat(forced.summary().fieldsToCollect().get(0).anchorNames()).containsExactly("Checkout", "Confirm");
    assertThat(forced.summary().warnings()).filteredOn(w -> w.code() == PlanWarning.Code.FORCED_SCENARIO)
        .extracting(PlanWarning::anchorName).containsExactlyInAnyOrder("Checkout", "Welcome");
  }

  @Test
  void with_policies_merges_with_the_policies_already_set() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();
    AnchorTransformation checkout = PlanFixtures.anchor(plan, "Checkout");
    AnchorTransformation confirm = PlanFixtures.anchor(plan, "Confirm");
    AnchorPolicy first = AnchorPolicy.defaults(checkout).withUpdateDownstream(false);
    AnchorPolicy second = AnchorPolicy.defaults(confirm).withForceScenario(MigrationScenario.CLEAN_GRAFT);

    MigrationPlan both = plan.withPolicies(Map.of(checkout.anchorContentHash(), first))
        .withPolicies(Map.of(confirm.anchorContentHash(), second));
    MigrationPlan replaced = both.withPolicies(Map.of(checkout.anchorContentHash(),
        first.withUpdateDownstream(true)));

    assertThat(both.anchorPolicies()).containsOnly(Map.entry(checkout.anchorContentHash(), first),
        Map.entry(confirm.anchorContentHash(), second));
    assertThat(replaced.anchorPolicies().get(checkout.anchorContentHash()).updateDownstream()).isTrue();
    assertThat(replaced.anchorPolicies().get(confirm.anchorContentHash())).isEqualTo(second);
  }

  @Test
  void with_policies_keeps_everything_else() {
    MigrationPlan plan = PlanFixtures.gapFillPlan().withEstimatedSessionsAffected(77)
        .withApproval("lead", Instant.parse("2025-01-01T00:00:00Z"));
    AnchorTransformation checkout = PlanFixtures.anchor(plan, "Checkout");

    MigrationPlan changed = plan.withPolicies(Map.of(checkout.anchorContentHash(),
        AnchorPolicy.defaults(checkout).withUpdateDownstream(false)));

    assertThat(changed.summary().estimatedSessionsAffected()).isEqualTo(77);
    assertThat(changed.status()).isEqualTo(PlanStatus.APPROVED);
    assertThat(changed.approvedBy()).isEqualTo("lead");
    assertThat(changed.transformationMap()).isSameAs(plan.transformationMap());
    assertThat(changed.id()).isEqualTo(plan.id());
  }

  @Test
  void a_policy_for_an_unknown_anchor_names_the_plan_and_the_hash_and_leaves_the_plan_unchanged() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();
    AnchorTransformation checkout = PlanFixtures.anchor(plan, "Checkout");
    MigrationPlan withOne = plan.withPolicies(Map.of(checkout.anchorContentHash(),
        AnchorPolicy.defaults(checkout).withUpdateDownstream(false)));
    MigrationPlan copy = PlanJson.read(PlanJson.write(withOne));
    AnchorPolicy stray = new AnchorPolicy("0123abcd", "Ghost", null, true, MigrationScenario.RE_ROUTE);

    InvalidPlanException e = catchThrowableOfType(InvalidPlanException.class,
        () -> withOne.withPolicies(Map.of("0123abcd", stray)));

    assertThat(e).hasMessage("plan 'plan-1' has no anchor with content hash '0123abcd'");
    assertThat(e.field()).isEqualTo("anchor_policies");
    assertThat(e.value()).isEqualTo("0123abcd");
    assertThat(withOne).isEqualTo(copy);
    assertThat(withOne.anchorPolicies()).containsOnlyKeys(checkout.anchorContentHash());
  }

  @Test
  void a_policy_under_another_anchors_key_names_the_plan_the_key_and_the_policy_hash() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();
    AnchorTransformation checkout = PlanFixtures.anchor(plan, "Checkout");
    AnchorTransformation confirm = PlanFixtures.anchor(plan, "Confirm");

    assertThatThrownBy(() -> plan.withPolicies(Map.of(checkout.anchorContentHash(),
        AnchorPolicy.defaults(confirm)))).isInstanceOf(InvalidPlanException.class)
        .hasMessage("plan 'plan-1': policy key '" + checkout.anchorContentHash()
            + "' does not match its anchor_content_hash '" + confirm.anchorContentHash() + "'");
    assertThat(plan.anchorPolicies()).isEmpty();
    assertThat(plan.summary()).isEqualTo(PlanFixtures.gapFillPlan().summary());
  }

  @Test
  void the_default_policy_lets_every_session_through_and_uses_the_computed_class() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();
    AnchorTransformation checkout = PlanFixtures.anchor(plan, "Checkout");

    AnchorPolicy p = plan.policyFor(checkout);

    assertThat(p).isEqualTo(new AnchorPolicy(checkout.anchorContentHash(), "Checkout", ScopeFilter.ALL, true, null));
    assertThat(plan.effectiveScenario(checkout)).isEqualTo(MigrationScenario.GAP_FILL);
  }

  @Test
  void anchor_policy_defaults_a_null_filter_and_name_and_with_methods_change_one_component() {
    AnchorPolicy p = new AnchorPolicy("h", null, null, true, null);
    ScopeFilter f = ScopeFilter.builder().includeChannels("web").build();

    assertThat(p.anchorName()).isEmpty();
    assertThat(p.scopeFilter()).isSameAs(ScopeFilter.ALL);
    assertThat(p.withScopeFilter(f)).isEqualTo(new AnchorPolicy("h", "", f, true, null));
    assertThat(p.withUpdateDownstream(false)).isEqualTo(new AnchorPolicy("h", "", null, false, null));
    assertThat(p.withForceScenario(MigrationScenario.RE_ROUTE))
        .isEqualTo(new AnchorPolicy("h", "", null, true, MigrationScenario.RE_ROUTE));
    assertThatNullPointerException().isThrownBy(() -> new AnchorPolicy(null, "", null, true, null));
  }

  // ------------------------------------------------------------------------------------ other copies

  @Test
  void status_approval_deployment_and_estimate_copies_change_only_their_components() {
    MigrationPlan plan = PlanFixtures.gapFillPlan();
    Instant at = Instant.parse("2025-06-01T12:00:00Z");

    MigrationPlan rejected = plan.withStatus(PlanStatus.REJECTED);
    MigrationPlan approved = plan.withApproval("lead", at);
    MigrationPlan deployed = approved.withDeployment(at.plusSeconds(60));
    MigrationPlan estimated = plan.withEstimatedSessionsAffected(9);

    assertThat(rejected.status()).isEqualTo(PlanStatus.REJECTED);
    assertThat(rejected.summary()).isEqualTo(plan.summary());
    assertThat(approved.status()).isEqualTo(PlanStatus.APPROVED);
    assertThat(approved.approvedBy()).isEqualTo("lead");
    assertThat(approved.approvedAt()).isEqualTo(at);
    assertThat(approved.deployedAt()).isNull();
    assertThat(deployed.status()).isEqualTo(PlanStatus.DEPLOYED);
    assertThat(deployed.deployedAt()).isEqualTo(at.plusSeconds(60));
    assertThat(deployed.approvedBy()).isEqualTo("lead");
    assertThat(estimated.summary().estimatedSessionsAffected()).isEqualTo(9);
    assertThat(estimated.summary().withEstimatedSessionsAffected(0)).isEqualTo(plan.summary());
    assertThat(plan.status()).isEqualTo(PlanStatus.PENDING);
    assertThat(plan.approvedBy()).isNull();
  }

  @Test
  void plan_status_json_names_are_lowercase_and_parse_back() {
    for (PlanStatus s : PlanStatus.values()) {
      assertThat(PlanStatus.fromJson(s.jsonName())).isEqualTo(s);
    }
    assertThat(PlanStatus.ROLLED_BACK.jsonName()).isEqualTo("rolled_back");
    assertThatIllegalArgumentException().isThrownBy(() -> PlanStatus.fromJson("live"))
        .withMessage("unknown plan status 'live'");
    assertThatIllegalArgumentException().isThrownBy(() -> MigrationScenario.fromJson("Gap_Fill"))
        .withMessageContaining("'Gap_Fill'");
  }

  // ------------------------------------------------------------------------------------ ScopeFilter

  @Test
  void all_lets_every_session_through() {
    assertThat(ScopeFilter.ALL.matches("web", Duration.ofDays(10_000), "checkout")).isTrue();
    assertThat(ScopeFilter.ALL.matches(null, Duration.ZERO, null)).isTrue();
    assertThat(ScopeFilter.ALL.isAll()).isTrue();
    assertThat(ScopeFilter.builder().build().isAll()).isTrue();
    assertThat(ScopeFilter.builder().excludeChannels("sms").build().isAll()).isFalse();
  }

  @Test
  void include_channels_admit_only_those_channels() {
    ScopeFilter f = ScopeFilter.builder().includeChannels("web", "app").build();

    assertThat(f.matches("web", DAY, "checkout")).isTrue();
    assertThat(f.matches("app", DAY, "checkout")).isTrue();
    assertThat(f.matches("sms", DAY, "checkout")).isFalse();
    assertThat(f.matches(null, DAY, "checkout")).isFalse();
  }

  @Test
  void exclude_channels_reject_those_channels_even_when_included() {
    ScopeFilter f = ScopeFilter.builder().excludeChannels("sms").build();
    ScopeFilter both = ScopeFilter.builder().includeChannels("web", "sms").excludeChannels("sms").build();

    assertThat(f.matches("sms", DAY, "checkout")).isFalse();
    assertThat(f.matches("web", DAY, "checkout")).isTrue();
    assertThat(both.matches("sms", DAY, "checkout")).isFalse();
    assertThat(both.matches("web", DAY, "checkout")).isTrue();
  }

  @Test
  void a_session_exactly_max_days_old_is_included_and_one_nanosecond_older_is_not() {
    ScopeFilter f = ScopeFilter.builder().maxSessionAgeDays(30).build();

    assertThat(f.matches("web", Duration.ofDays(30), "s")).isTrue();
    assertThat(f.matches("web", Duration.ofDays(30).plus(NANO), "s")).isFalse();
    assertThat(f.matches("web", Duration.ZERO, "s")).isTrue();
  }

  @Test
  void a_session_exactly_min_days_old_is_included_and_one_nanosecond_newer_is_not() {
    ScopeFilter f = ScopeFilter.builder().minSessionAgeDays(2).build();

    assertThat(f.matches("web", Duration.ofDays(2), "s")).isTrue();
    assertThat(f.matches("web", Duration.ofDays(2).minus(NANO), "s")).isFalse();
    assertThat(f.matches("web", Duration.ofDays(400), "s")).isTrue();
  }

  @Test
  void equal_min_and_max_admit_exactly_that_age() {
    ScopeFilter f = ScopeFilter.builder().minSessionAgeDays(3).maxSessionAgeDays(3).build();

    assertThat(f.matches("web", Duration.ofDays(3), "s")).isTrue();
    assertThat(f.matches("web", Duration.ofDays(3).plus(NANO), "s")).isFalse();
    assertThat(f.matches("web", Duration.ofDays(3).minus(NANO), "s")).isFalse();
  }

  @Test
  void a_max_of_zero_days_admits_only_sessions_of_age_zero() {
    ScopeFilter f = ScopeFilter.builder().maxSessionAgeDays(0).build();

    assertThat(f.matches("web", Duration.ZERO, "s")).isTrue();
    assertThat(f.matches("web", NANO, "s")).isFalse();
  }

  @Test
  void include_and_exclude_current_steps_filter_on_the_source_step_id() {
    ScopeFilter include = ScopeFilter.builder().includeCurrentSteps("checkout", "confirm").build();
    ScopeFilter exclude = ScopeFilter.builder().excludeCurrentSteps("confirm").build();
    ScopeFilter both = ScopeFilter.builder().includeCurrentSteps("checkout", "confirm")
        .excludeCurrentSteps("confirm").build();

    assertThat(include.matches("web", DAY, "checkout")).isTrue();
    assertThat(include.matches("web", DAY, "welcome")).isFalse();
    assertThat(exclude.matches("web", DAY, "confirm")).isFalse();
    assertThat(exclude.matches("web", DAY, "welcome")).isTrue();
    assertThat(both.matches("web", DAY, "checkout")).isTrue();
    assertThat(both.matches("web", DAY, "confirm")).isFalse();
  }

  @Test
  void every_condition_of_a_filter_must_hold() {
    ScopeFilter f = ScopeFilter.builder().includeChannels("web").maxSessionAgeDays(5)
        .includeCurrentSteps("checkout").build();

    assertThat(f.matches("web", DAY, "checkout")).isTrue();
    assertThat(f.matches("app", DAY, "checkout")).isFalse();
    assertThat(f.matches("web", Duration.ofDays(6), "checkout")).isFalse();
    assertThat(f.matches("web", DAY, "confirm")).isFalse();
  }

  @Test
  void negative_age_bounds_are_rejected_with_the_value() {
    assertThatIllegalArgumentException().isThrownBy(() -> ScopeFilter.builder().maxSessionAgeDays(-1))
        .withMessage("max_session_age_days must not be negative but was -1");
    assertThatIllegalArgumentException().isThrownBy(() -> ScopeFilter.builder().minSessionAgeDays(-2))
        .withMessage("min_session_age_days must not be negative but was -2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ScopeFilter(Set.of(), Set.of(), -3, null, Set.of(), Set.of()))
        .withMessage("max_session_age_days must not be negative but was -3");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ScopeFilter(Set.of(), Set.of(), null, -4, Set.of(), Set.of()))
        .withMessage("min_session_age_days must not be negative but was -4");
  }

  @Test
  void a_min_age_above_the_max_age_is_rejected_with_both_values() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ScopeFilter.builder().minSessionAgeDays(10).maxSessionAgeDays(9).build())
        .withMessage("min_session_age_days (10) must not exceed max_session_age_days (9)");
  }

  @Test
  void null_sets_mean_empty_and_sets_are_copied_and_sorted() {
    Set<String> channels = new HashSet<>(List.of("web", "app"));
    ScopeFilter f = new ScopeFilter(channels, null, null, null, null, null);
    channels.add("sms");

    assertThat(f.includeChannels()).containsExactly("app", "web");
    assertThat(f.excludeChannels()).isEmpty();
    assertThat(f.includeCurrentSteps()).isEmpty();
    assertThat(f.excludeCurrentSteps()).isEmpty();
    assertThat(f).isEqualTo(ScopeFilter.builder().includeChannels("web", "app").build());
  }

  @Test
  void the_builder_accepts_a_value_given_twice() {
    ScopeFilter f = ScopeFilter.builder().includeChannels("web", "web").excludeChannels("sms", "sms")
        .includeCurrentSteps("a", "a").excludeCurrentSteps("b", "b").build();

    assertThat(f.includeChannels()).containsExactly("web");
    assertThat(f.excludeChannels()).containsExactly("sms");
    assertThat(f.includeCurrentSteps()).containsExactly("a");
    assertThat(f.excludeCurrentSteps()).containsExactly("b");
  }

  // ------------------------------------------------------------------------------------ MigrationPlanner

  @Test
  void the_planner_uses_its_clock_and_id_generator_and_starts_pending() {
    MigrationPlanner planner = PlanFixtures.planner();

    MigrationPlan first = planner.plan(PlanRequest.builder("t1", Seeds.v1(), Seeds.v2AgeInserted())
        .createdBy("op").build());
    MigrationPlan second = planner.plan(PlanRequest.builder("t2", Seeds.v1(), Seeds.v2AgeFork()).build());

    assertThat(first.id()).isEqualTo("plan-1");
    assertThat(second.id()).isEqualTo("plan-2");
    assertThat(first.createdAt()).isEqualTo(PlanFixtures.CREATED_AT);
    assertThat(first.status()).isEqualTo(PlanStatus.PENDING);
    assertThat(first.tenantId()).isEqualTo("t1");
    assertThat(first.scenarioId()).isEqualTo("order-flow");
    assertThat(first.fromVersion()).isEqualTo(1);
    assertThat(first.toVersion()).isEqualTo(2);
    assertThat(first.fromChecksum()).isEqualTo(Seeds.v1().checksum());
    assertThat(first.toChecksum()).isEqualTo(Seeds.v2AgeInserted().checksum());
    assertThat(first.createdBy()).isEqualTo("op");
    assertThat(second.createdBy()).isEmpty();
    assertThat(first.approvedBy()).isNull();
    assertThat(first.approvedAt()).isNull();
    assertThat(first.deployedAt()).isNull();
    assertThat(first.anchorPolicies()).isEmpty();
    assertThat(first.summary().estimatedSessionsAffected()).isZero();
  }

  @Test
  void the_plan_is_a_pure_function_of_its_request_apart_from_id_and_time() {
    MigrationPlan a = PlanFixtures.planner().plan(PlanRequest.builder("t1", Seeds.v1(), Seeds.v2AgeFork()).build());
    MigrationPlan b = PlanFixtures.planner().plan(PlanRequest.builder("t1", Seeds.v1(), Seeds.v2AgeFork()).build());

    assertThat(b).isEqualTo(a);
    assertThat(b.transformationMap()).isEqualTo(MigrationPlanner.create().diff(Seeds.v1(), Seeds.v2AgeFork()));
  }

  @Test
  void the_planner_applies_the_policies_of_the_request() {
    AnchorTransformation checkout = PlanFixtures.anchor(PlanFixtures.gapFillPlan(), "Checkout");
    AnchorPolicy force = AnchorPolicy.defaults(checkout).withForceScenario(MigrationScenario.CLEAN_GRAFT);

    MigrationPlan plan = PlanFixtures.planner().plan(PlanRequest.builder("t1", Seeds.v1(), Seeds.v2AgeInserted())
        .createdBy("op@example.com").policy(force).build());

    assertThat(plan).isEqualTo(PlanFixtures.gapFillPlan().withPolicies(Map.of(checkout.anchorContentHash(), force)));
    assertThat(plan.summary().anchorsWithGapFill()).isEqualTo(1);
  }

  @Test
  void the_planner_rejects_a_request_policy_for_an_anchor_it_does_not_have() {
    PlanRequest request = PlanRequest.builder("t1", Seeds.v1(), Seeds.v2AgeInserted())
        .policy(new AnchorPolicy("feedface", "Ghost", null, true, null)).build();

    assertThatThrownBy(() -> PlanFixtures.planner().plan(request)).isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("'feedface'").hasMessageContaining("plan 'plan-1'");
  }

  @Test
  void the_planner_rejects_versions_of_different_scenarios() {
    ScenarioVersion other = ScenarioVersion.builder("returns-flow", 2).step(Seeds.welcome()).build();

    assertThatThrownBy(() -> PlanFixtures.planner().plan(PlanRequest.builder("t1", Seeds.v1(), other).build()))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessage("cannot diff versions of different scenarios: 'order-flow' and 'returns-flow'")
        .isInstanceOfSatisfying(InvalidPlanException.class, e -> {
          assertThat(e.field()).isEqualTo("scenario_id");
          assertThat(e.value()).isEqualTo("returns-flow");
        });
    assertThatThrownBy(() -> MigrationPlanner.create().diff(Seeds.v1(), other))
        .isInstanceOf(InvalidPlanException.class).hasMessageContaining("'returns-flow'");
  }

  @Test
  void the_planner_rejects_a_target_version_that_is_not_newer() {
    ScenarioVersion alsoOne = Seeds.v2AgeInserted();
    ScenarioVersion three = ScenarioVersion.builder("order-flow", 3).step(Seeds.welcome()).build();

    assertThatThrownBy(() -> PlanFixtures.planner().plan(PlanRequest.builder("t1", alsoOne, alsoOne).build()))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessage("target version 2 of scenario 'order-flow' must be newer than source version 2")
        .isInstanceOfSatisfying(InvalidPlanException.class, e -> {
          assertThat(e.field()).isEqualTo("to_version");
          assertThat(e.value()).isEqualTo("2");
        });
    assertThatThrownBy(() -> PlanFixtures.planner().plan(PlanRequest.builder("t1", three, Seeds.v2AgeFork()).build()))
        .isInstanceOf(InvalidPlanException.class).hasMessageContaining("target version 2")
        .hasMessageContaining("source version 3");
  }

  @Test
  void the_planner_rejects_an_id_generator_that_returns_null() {
    MigrationPlanner planner = MigrationPlanner.builder().idGenerator(() -> null).build();

    assertThatNullPointerException()
        .isThrownBy(() -> planner.plan(PlanRequest.builder("t1", Seeds.v1(), Seeds.v2AgeInserted()).build()))
        .withMessageContaining("idGenerator");
  }

  @Test
  void the_default_planner_uses_unique_ids_and_the_current_time() {
    Instant before = Instant.now();
    MigrationPlanner planner = MigrationPlanner.create();

    MigrationPlan a = planner.plan(PlanRequest.builder("t1", Seeds.v1(), Seeds.v2AgeInserted()).build());
    MigrationPlan b = planner.plan(PlanRequest.builder("t1", Seeds.v1(), Seeds.v2AgeInserted()).build());

    assertThat(a.id()).isNotEqualTo(b.id()).hasSize(36);
    assertThat(a.createdAt()).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
  }

  // ------------------------------------------------------------------------------------ PlanRequest

  @Test
  void a_plan_request_needs_a_tenant_and_both_versions() {
    assertThatExceptionOfType(InvalidIdException.class).isThrownBy(() -> PlanRequest.builder(" ", Seeds.v1(),
        Seeds.v2AgeFork()).build()).withMessageStartingWith("tenant id \" \" is invalid: it starts with whitespace");
    assertThatNullPointerException().isThrownBy(() -> PlanRequest.builder(null, Seeds.v1(), Seeds.v2AgeFork())
        .build()).withMessageContaining("tenantId");
    assertThatNullPointerException().isThrownBy(() -> PlanRequest.builder("t1", null, Seeds.v2AgeFork())
        .build()).withMessageContaining("from");
    assertThatNullPointerException().isThrownBy(() -> PlanRequest.builder("t1", Seeds.v1(), null)
        .build()).withMessageContaining("to");
  }

  @Test
  void a_plan_request_defaults_and_copies_its_optional_parts() {
    PlanRequest r = new PlanRequest("t1", Seeds.v1(), Seeds.v2AgeFork(), null, null, null);
    List<StepMapping> mappings = new java.util.ArrayList<>(List.of(new StepMapping("checkout", "checkout")));
    PlanRequest copied = new PlanRequest("t1", Seeds.v1(), Seeds.v2AgeFork(), "op", mappings, Map.of());
    mappings.clear();

    assertThat(r.createdBy()).isEmpty();
    assertThat(r.manualMappings()).isEmpty();
    assertThat(r.policies()).isEmpty();
    assertThat(copied.manualMappings()).containsExactly(new StepMapping("checkout", "checkout"));
  }

  @Test
  void the_plan_request_builder_collects_mappings_and_policies_by_hash() {
    AnchorPolicy p1 = new AnchorPolicy("h1", "A", null, true, null);
    AnchorPolicy p1b = new AnchorPolicy("h1", "A", null, false, null);

    PlanRequest r = PlanRequest.builder("t1", Seeds.v1(), Seeds.v2AgeFork()).createdBy("op")
        .map("a", "b").map("c", "d").policy(p1).policy(p1b).build();

    assertThat(r.createdBy()).isEqualTo("op");
    assertThat(r.manualMappings()).containsExactly(new StepMapping("a", "b"), new StepMapping("c", "d"));
    assertThat(r.policies()).containsOnly(Map.entry("h1", p1b));
    assertThatNullPointerException().isThrownBy(() -> PlanRequest.builder("t1", Seeds.v1(), Seeds.v2AgeFork())
        .createdBy(null));
    assertThatNullPointerException().isThrownBy(() -> new StepMapping(null, "b"));
  }

  @Test
  void a_manual_mapping_of_an_unknown_step_is_an_invalid_plan() {
    assertThatThrownBy(() -> PlanFixtures.planner().plan(PlanRequest.builder("t1", Seeds.v1(), Seeds.v2AgeInserted())
        .map("nope", "checkout").build())).isInstanceOf(InvalidPlanException.class).hasMessageContaining("'nope'");
  }
}
