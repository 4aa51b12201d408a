package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;
import static org.scenariomigration.runtime.RuntimeFixtures.T0;
import static org.scenariomigration.runtime.RuntimeFixtures.anchor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.spi.Extractor;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionState;

class ReconcileTest {

  private static Env v1Env() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    return env;
  }

  private static Extractor fixedExtractor(Object value, double confidence, AtomicInteger calls) {
    return request -> {
      calls.incrementAndGet();
      return Optional.of(new Extractor.Extraction(value, confidence));
    };
  }

  // ------------------------------------------------------------------------------------------- the quickstart

  @Test
  void the_seed_quickstart_runs_end_to_end() {
    Env env = v1Env();
    env.session("s-web", "web", "checkout");
    env.session("s-sms", "sms", "checkout");
    env.session("s-welcome", "whatsapp");

    MigrationPlan plan = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2AgeInserted(),
        "op@example.com");
    assertThat(plan.status()).isEqualTo(PlanStatus.PENDING);
    assertThat(plan.summary().totalAnchors()).isEqualTo(3);
    assertThat(plan.summary().anchorsWithGapFill()).isEqualTo(2);
    assertThat(plan.summary().anchorsWithCleanGraft()).isEqualTo(1);
    assertThat(plan.summary().estimatedSessionsAffected()).isEqualTo(3);
    assertThat(plan.summary().fieldsToCollect()).singleElement().satisfies(f -> assertThat(f.field()).isEqualTo("age"));

    String checkoutHash = anchor(plan, "Checkout").anchorContentHash();
    String welcomeHash = anchor(plan, "Welcome").anchorContentHash();
    AnchorPolicy noSms = AnchorPolicy.defaults(anchor(plan, "Checkout"))
        .withScopeFilter(ScopeFilter.builder().excludeChannels("sms").build());
    env.engine.operations().updatePolicies(TENANT, plan.id(), Map.of(checkoutHash, noSms));
    env.engine.operations().approve(TENANT, plan.id(), "lead@example.com");
    DeploymentResult result = env.engine.operations().deploy(TENANT, plan.id());

    assertThat(result.planId()).isEqualTo(plan.id());
    assertThat(result.sessionsMarked()).isEqualTo(2);
    assertThat(result.sessionsByAnchor()).containsOnly(Map.entry(checkoutHash, 1L), Map.entry(welcomeHash, 1L));
    assertThat(result.deployedAt()).isEqualTo(T0);
    assertThat(env.engine.currentVersion(TENANT, "order-flow").version()).isEqualTo(2);
    // positions unchanged after deploy
    SessionState web = env.engine.session(TENANT, "s-web");
    assertThat(web.version()).isEqualTo(1);
    assertThat(web.currentStepId()).isEqualTo("checkout");
    assertThat(web.pending()).isNull(); // deploying wrote no session: the session is judged at its next message
    PendingMigration awaiting = env.engine.pendingMigration(TENANT, "s-web").orElseThrow();
    assertThat(awaiting.planId()).isEqualTo(plan.id());
    assertThat(awaiting.anchorContentHash()).isEqualTo(checkoutHash);
    assertThat(env.engine.pendingMigration(TENANT, "s-sms").orElse(null)).isNull();
    assertThat(env.engine.session(TENANT, "s-welcome").version()).isEqualTo(1);

    // the next message migrates
    assertThat(env.engine.reconcile(TENANT, "s-web")).isEqualTo(new Outcome.Collect(List.of("age"),
        ((Outcome.Collect) env.engine.reconcile(TENANT, "s-web")).prompt()));
    env.engine.setVariables(TENANT, "s-web", Map.of("age", 30));
    assertThat(env.engine.reconcile(TENANT, "s-web"))
        .isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));
    assertThat(env.engine.reconcile(TENANT, "s-welcome"))
        .isEqualTo(new Outcome.Teleport("welcome", 2, Outcome.TeleportReason.CLEAN_GRAFT, null));
    assertThat(env.engine.reconcile(TENANT, "s-sms")).isEqualTo(Outcome.CONTINUE);

    assertThat(env.engine.session(TENANT, "s-web").version()).isEqualTo(2);
    assertThat(env.engine.session(TENANT, "s-sms").version()).isEqualTo(1);
    assertThat(env.journal("s-web")).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(JournalRecord.Kind.MIGRATED);
      assertThat(r.migrationScenario()).isEqualTo(MigrationScenario.GAP_FILL);
      assertThat(r.askedFields()).containsExactly("age");
      assertThat(r.filledFields()).containsExactly(new FilledField("age", 30, FilledField.Source.SESSION, 1.0));
    });
    assertThat(env.journal("s-sms")).extracting(JournalRecord::kind).containsExactly(JournalRecord.Kind.PINNED);
  }

  // ------------------------------------------------------------------------------------------- each outcome

  @Test
  void a_session_with_nothing_pending_continues_and_nothing_is_journaled() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    SessionState before = env.engine.session(TENANT, "s1");

    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);

    assertThat(env.engine.session(TENANT, "s1")).isEqualTo(before);
    assertThat(env.journal("s1")).isEmpty();
  }

  @Test
  void reconcile_with_state_answers_the_state_it_read_or_the_state_it_stored() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    env.session("s2", "web", "checkout");
    SessionState read = env.engine.session(TENANT, "s1");

    Reconciled unchanged = env.engine.reconcileWithState(TENANT, "s1");
    assertThat(unchanged.outcome()).isSameAs(Outcome.CONTINUE);
    assertThat(unchanged.session()).isSameAs(read); // the very state the store holds: nothing copied

    MigrationPlan plan = env.deploy(RuntimeFixtures.v2AgeInserted());
    Reconciled asked = env.engine.reconcileWithState(TENANT, "s1");
    assertThat(asked.outcome()).isInstanceOf(Outcome.Collect.class);
    assertThat(asked.session()).isEqualTo(env.engine.session(TENANT, "s1")); // the asked fields were recorded
    assertThat(asked.session().pending().askedFields()).containsExactly("age");

    env.engine.setVariables(TENANT, "s1", Map.of("age", 30));
    Reconciled moved = env.engine.reconcileWithState(TENANT, "s1");
    assertThat(moved.outcome()).isInstanceOf(Outcome.Teleport.class);
    assertThat(moved.session()).isEqualTo(env.engine.session(TENANT, "s1"));
    assertThat(moved.session().version()).isEqualTo(2);
    assertThat(moved.session().settledPlans()).containsExactly(plan.id());
    assertThat(moved.session().variables()).containsEntry("age", 30L);
    assertThat(env.engine.reconcileWithState(TENANT, "s1").outcome()).isSameAs(Outcome.CONTINUE);

    env.engine.operations().setMode(TENANT, MigrationMode.OFF);
    Reconciled off = env.engine.reconcileWithState(TENANT, "s2");
    assertThat(off.outcome()).isSameAs(Outcome.CONTINUE);
    assertThat(off.session()).isEqualTo(env.engine.session(TENANT, "s2"));
    assertThat(off.session().version()).isEqualTo(1); // nothing applied, the state read
    assertThat(env.engine.pendingMigration(TENANT, "s2")).isEmpty(); // off: its next message acts on nothing
    env.engine.operations().setMode(TENANT, null);
    assertThat(env.engine.pendingMigration(TENANT, "s2")).isPresent(); // and it is still covered

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> env.engine.reconcileWithState(TENANT, "nobody"))
        .isInstanceOf(UnknownSessionException.class);
  }

  @Test
  void a_clean_graft_teleports_silently_to_the_anchor_in_the_new_version() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    MigrationPlan plan = env.deploy(RuntimeFixtures.v2PaymentDownstream());
    SessionState before = env.engine.session(TENANT, "s1");

    Outcome o = env.engine.reconcile(TENANT, "s1");

    assertThat(o).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.CLEAN_GRAFT, null));
    assertThat(o.kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(o.blockedByCheckpoint()).isFalse();
    SessionState after = env.engine.session(TENANT, "s1");
    assertThat(after.version()).isEqualTo(2);
    assertThat(after.currentStepId()).isEqualTo("checkout");
    assertThat(after.scenarioChecksum()).isEqualTo(RuntimeFixtures.v2PaymentDownstream().checksum());
    assertThat(after.pending()).isNull();
    assertThat(after.pinned()).isFalse();
    assertThat(after.settledPlans()).containsExactly(plan.id());
    assertThat(after.variables()).isEmpty();
    assertThat(env.journal("s1")).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(JournalRecord.Kind.MIGRATED);
      assertThat(r.planId()).isEqualTo(plan.id());
      assertThat(r.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      assertThat(r.before()).isEqualTo(before);
      assertThat(r.after()).isEqualTo(after);
      assertThat(r.filledFields()).isEmpty();
      assertThat(r.askedFields()).isEmpty();
      assertThat(r.checkpointWarning()).isNull();
      assertThat(r.at()).isEqualTo(T0);
    });
    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
  }

  @Test
  void a_gap_fill_with_a_missing_field_collects_it_and_keeps_the_marker() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    MigrationPlan plan = env.deploy(RuntimeFixtures.v2AgeInserted());

    Outcome o = env.engine.reconcile(TENANT, "s1");

    assertThat(o).isInstanceOfSatisfying(Outcome.Collect.class, c -> {
      assertThat(c.fields()).containsExactly("age");
      assertThat(c.prompt()).contains("age");
    });
    SessionState s = env.engine.session(TENANT, "s1");
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.currentStepId()).isEqualTo("checkout");
    assertThat(s.pending().planId()).isEqualTo(plan.id());
    assertThat(s.pending().askedFields()).containsExactly("age");
    assertThat(s.pinned()).isFalse();
    assertThat(env.journal("s1")).isEmpty();
  }

  @Test
  void a_collect_is_retried_at_the_next_message_after_set_variables() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    env.engine.setVariables(TENANT, "s1", Map.of("name", "Ann"));
    MigrationPlan plan = env.deploy(RuntimeFixtures.v2AgeInserted());
    assertThat(env.engine.reconcile(TENANT, "s1").kind()).isEqualTo(Outcome.Kind.COLLECT);
    assertThat(env.engine.reconcile(TENANT, "s1").kind()).isEqualTo(Outcome.Kind.COLLECT);

    env.engine.setVariables(TENANT, "s1", Map.of("age", 42));
    Outcome o = env.engine.reconcile(TENANT, "s1");

    assertThat(o).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));
    SessionState s = env.engine.session(TENANT, "s1");
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.variables()).containsOnly(Map.entry("name", "Ann"), Map.entry("age", 42L));
    assertThat(s.pending()).isNull();
    assertThat(env.journal("s1")).singleElement().satisfies(r -> {
      assertThat(r.planId()).isEqualTo(plan.id());
      assertThat(r.askedFields()).containsExactly("age");
      assertThat(r.filledFields()).extracting(FilledField::field, FilledField::value, FilledField::source)
          .containsExactly(tuple("age", 42L, FilledField.Source.SESSION));
    });
  }

  @Test
  void a_migration_stores_one_state_which_is_the_journal_after_state_with_the_arrival_stamped_at_the_record_time() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    env.deploy(RuntimeFixtures.v2PaymentDownstream());
    SessionState before = env.engine.session(TENANT, "s1");
    env.clock.advance(Duration.ofMinutes(3));

    env.engine.reconcile(TENANT, "s1");

    SessionState after = env.engine.session(TENANT, "s1");
    JournalRecord r = env.journal("s1").get(0);
    assertThat(r.after()).isSameAs(after);
    assertThat(after.revision()).isEqualTo(before.revision() + 1);
    // one more visit; checkout is the same step in both versions (same id and content), so its entry counts it
    assertThat(after.visitCount()).isEqualTo(before.visitCount() + 1);
    assertThat(after.history()).hasSameSizeAs(before.history());
    assertThat(after.history().get(0)).isEqualTo(before.history().get(0));
    org.scenariomigration.session.StepVisit arrival = after.history().get(after.history().size() - 1);
    assertThat(arrival.visits()).isEqualTo(before.history().get(1).visits() + 1);
    assertThat(arrival.lastVisit()).isEqualTo(before.visitCount());
    assertThat(arrival.stepId()).isEqualTo("checkout");
    assertThat(arrival.contentHash())
        .isEqualTo(RuntimeFixtures.v2PaymentDownstream().requireStep("checkout").contentHash());
    assertThat(arrival.visitedAt()).isEqualTo(r.at()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
  }

  @Test
  void a_gap_fill_keeps_a_variable_present_without_a_value_and_appends_the_filled_field() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    Map<String, Object> vars = new java.util.LinkedHashMap<>();
    vars.put("coupon", null);
    vars.put("email", "a@example.com");
    env.engine.setVariables(TENANT, "s1", vars);
    env.profiles.put(TENANT, "customer-s1", new ProfileField("age", 51, "crm", 1.0, null));
    env.deploy(RuntimeFixtures.v2AgeInserted());

    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));

    Map<String, Object> after = env.engine.session(TENANT, "s1").variables();
    assertThat(after.keySet()).containsExactly("age", "coupon", "email"); // in key order, as VariableValues keeps maps
    assertThat(after).containsEntry("coupon", null).containsEntry("email", "a@example.com").containsEntry("age", 51L);
  }

  @Test
  void a_profile_value_fills_the_gap_without_asking() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    env.profiles.put(TENANT, "customer-s1", new ProfileField("age", 51, "crm", 1.0, T0.plus(Duration.ofDays(1))));
    env.deploy(RuntimeFixtures.v2AgeInserted());

    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));

    assertThat(env.engine.session(TENANT, "s1").variables()).containsEntry("age", 51L);
    assertThat(env.journal("s1")).singleElement().satisfies(r -> {
      assertThat(r.filledFields()).containsExactly(new FilledField("age", 51, FilledField.Source.PROFILE, 1.0));
      assertThat(r.askedFields()).isEmpty();
    });
  }

  @Test
  void an_expired_profile_value_is_skipped() {
    AtomicInteger calls = new AtomicInteger();
    Env env = new Env(MigrationConfig.DEFAULTS, request -> {
      calls.incrementAndGet();
      return Optional.empty();
    });
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    env.profiles.put(TENANT, "customer-s1", new ProfileField("age", 51, "crm", 1.0, T0));
    env.deploy(RuntimeFixtures.v2AgeInserted());

    assertThat(env.engine.reconcile(TENANT, "s1")).isInstanceOfSatisfying(Outcome.Collect.class,
        c -> assertThat(c.fields()).containsExactly("age"));
    assertThat(calls).hasValue(1);

    env.engine.setVariables(TENANT, "s1", Map.of("age", 33));
    env.engine.reconcile(TENANT, "s1");
    assertThat(env.journal("s1")).singleElement().satisfies(r -> assertThat(r.filledFields())
        .containsExactly(new FilledField("age", 33, FilledField.Source.SESSION, 1.0)));
  }

  @Test
  void an_extraction_below_the_extraction_threshold_is_not_used_and_the_field_is_collected() {
    AtomicInteger calls = new AtomicInteger();
    Env env = new Env(MigrationConfig.DEFAULTS, fixedExtractor(30, 0.84, calls));
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    env.deploy(RuntimeFixtures.v2AgeInserted());

    assertThat(env.engine.reconcile(TENANT, "s1")).isInstanceOfSatisfying(Outcome.Collect.class,
        c -> assertThat(c.fields()).containsExactly("age"));

    assertThat(calls).hasValue(1);
    assertThat(env.profiles.find(TENANT, "customer-s1", "age")).isEmpty();
    assertThat(env.engine.session(TENANT, "s1").version()).isEqualTo(1);
  }

  @Test
  void an_extraction_between_the_thresholds_is_confirmed_first_and_retried_after_confirmation() {
    AtomicInteger calls = new AtomicInteger();
    Env env = new Env(MigrationConfig.DEFAULTS, fixedExtractor(30, 0.9, calls));
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    MigrationPlan plan = env.deploy(RuntimeFixtures.v2AgeInserted());

    Outcome o = env.engine.reconcile(TENANT, "s1");

    assertThat(o).isInstanceOfSatisfying(Outcome.Confirm.class, c -> {
      assertThat(c.field()).isEqualTo("age");
      assertThat(c.value()).isEqualTo(30L);
      assertThat(c.confidence()).isEqualTo(0.9);
      assertThat(c.prompt()).contains("age").contains("30");
    });
    SessionState s = env.engine.session(TENANT, "s1");
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.currentStepId()).isEqualTo("checkout");
    assertThat(s.pending().planId()).isEqualTo(plan.id());
    assertThat(s.pending().askedFields()).containsExactly("age");
    assertThat(env.journal("s1")).isEmpty();
    assertThat(env.profiles.find(TENANT, "customer-s1", "age")).isEmpty();

    // the customer confirms: the host sets the value
    env.engine.setVariables(TENANT, "s1", Map.of("age", 30));
    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));
    assertThat(calls).hasValue(1);
    assertThat(env.journal("s1")).singleElement().satisfies(r -> {
      assertThat(r.askedFields()).containsExactly("age");
      assertThat(r.filledFields()).containsExactly(new FilledField("age", 30, FilledField.Source.SESSION, 1.0));
    });
  }

  @Test
  void an_extraction_at_the_confirmation_threshold_is_used_and_written_to_the_profile() {
    AtomicInteger calls = new AtomicInteger();
    Env env = new Env(MigrationConfig.DEFAULTS, fixedExtractor(27, 0.95, calls));
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    env.deploy(RuntimeFixtures.v2AgeInserted());

    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));

    assertThat(env.engine.session(TENANT, "s1").variables()).containsEntry("age", 27L);
    assertThat(env.profiles.find(TENANT, "customer-s1", "age")).hasValueSatisfying(p -> {
      assertThat(p.value()).isEqualTo(27L);
      assertThat(p.source()).isEqualTo("extraction");
      assertThat(p.confidence()).isEqualTo(0.95);
      assertThat(p.isExpired(T0)).isFalse();
    });
    assertThat(env.journal("s1")).singleElement().satisfies(r -> assertThat(r.filledFields())
        .containsExactly(new FilledField("age", 27, FilledField.Source.EXTRACTION, 0.95)));
  }

  @Test
  void with_extraction_disabled_the_extractor_is_never_called() {
    AtomicInteger calls = new AtomicInteger();
    Env env = new Env(MigrationConfig.custom().extractionEnabled(false).build(), fixedExtractor(27, 1.0, calls));
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    env.deploy(RuntimeFixtures.v2AgeInserted());

    assertThat(env.engine.reconcile(TENANT, "s1").kind()).isEqualTo(Outcome.Kind.COLLECT);
    env.engine.setVariables(TENANT, "s1", Map.of("age", 20));
    assertThat(env.engine.reconcile(TENANT, "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);

    assertThat(calls).hasValue(0);
  }

  @Test
  void an_inserted_required_action_is_returned_as_execute_actions() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    MigrationPlan plan = env.deploy(RuntimeFixtures.v2RequiredActionInserted());

    Outcome o = env.engine.reconcile(TENANT, "s1");

    assertThat(o).isEqualTo(new Outcome.ExecuteActions(List.of("id_check"), "checkout", 2, o.effectId()));
    assertThat(o.effectId()).isNotNull();
    assertThat(o.kind()).isEqualTo(Outcome.Kind.EXECUTE_ACTIONS);
    SessionState s = env.engine.session(TENANT, "s1");
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.currentStepId()).isEqualTo("checkout");
    assertThat(s.pending()).isNull();
    assertThat(env.journal("s1")).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(JournalRecord.Kind.MIGRATED);
      assertThat(r.planId()).isEqualTo(plan.id());
      assertThat(r.after().version()).isEqualTo(2);
    });
  }

  @Test
  void a_re_route_teleports_to_the_new_branch_with_the_notification() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    env.engine.setVariables(TENANT, "s1", Map.of("age", 15));
    MigrationPlan plan = env.deploy(RuntimeFixtures.v2AgeFork());

    Outcome o = env.engine.reconcile(TENANT, "s1");

    assertThat(o).isEqualTo(new Outcome.Teleport("rejection", 2, Outcome.TeleportReason.RE_ROUTE,
        "I have new instructions. Let me redirect our conversation.", o.effectId()));
    assertThat(o.effectId()).isNotNull();
    SessionState s = env.engine.session(TENANT, "s1");
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.currentStepId()).isEqualTo("rejection");
    assertThat(s.pending()).isNull();
    assertThat(s.pinned()).isFalse();
    assertThat(env.journal("s1")).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(JournalRecord.Kind.MIGRATED);
      assertThat(r.planId()).isEqualTo(plan.id());
      assertThat(r.migrationScenario()).isEqualTo(MigrationScenario.RE_ROUTE);
      assertThat(r.before().currentStepId()).isEqualTo("checkout");
      assertThat(r.after().currentStepId()).isEqualTo("rejection");
      assertThat(r.filledFields()).containsExactly(new FilledField("age", 15, FilledField.Source.SESSION, 1.0));
    });
  }

  @Test
  void a_re_route_first_collects_the_fields_the_fork_reads() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    env.deploy(RuntimeFixtures.v2AgeFork());

    assertThat(env.engine.reconcile(TENANT, "s1")).isInstanceOfSatisfying(Outcome.Collect.class,
        c -> assertThat(c.fields()).containsExactly("age"));
    env.engine.setVariables(TENANT, "s1", Map.of("age", 12));

    assertThat(env.engine.reconcile(TENANT, "s1")).isInstanceOfSatisfying(Outcome.Teleport.class,
        t -> assertThat(t.targetStepId()).isEqualTo("rejection"));
    assertThat(env.journal("s1")).singleElement().satisfies(r -> assertThat(r.askedFields()).containsExactly("age"));
  }

  @Test
  void a_re_route_without_notify_user_is_silent() {
    Env env = new Env(MigrationConfig.custom().notifyUser(false).build());
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    env.engine.setVariables(TENANT, "s1", Map.of("age", 15));
    env.deploy(RuntimeFixtures.v2AgeFork());

    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("rejection", 2, Outcome.TeleportReason.RE_ROUTE, null));
  }

  @Test
  void a_session_that_belongs_on_its_current_branch_continues_as_a_gap_fill() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    env.engine.setVariables(TENANT, "s1", Map.of("age", 30));
    env.deploy(RuntimeFixtures.v2AgeFork());

    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));
    assertThat(env.engine.session(TENANT, "s1").currentStepId()).isEqualTo("checkout");
  }

  @Test
  void with_re_routing_disabled_a_re_route_is_applied_as_a_gap_fill() {
    Env env = new Env(MigrationConfig.custom().reRoutingEnabled(false).build());
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    env.engine.setVariables(TENANT, "s1", Map.of("age", 15));
    env.deploy(RuntimeFixtures.v2AgeFork());

    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));
    assertThat(env.engine.session(TENANT, "s1").currentStepId()).isEqualTo("checkout");
  }

  @Test
  void with_re_routing_disabled_fields_only_a_fork_reads_are_not_collected() {
    // v2: Welcome → VIP fork (collects nothing, reads vip) → [vip] Lounge / [else] Checkout
    ScenarioVersion v2 = ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(RuntimeFixtures.welcome().to("vip_fork"))
        .step(Step.builder("vip_fork").name("VIP Fork").description("Sends VIPs to the lounge")
            .when("vip == true", "lounge").to("checkout"))
        .step(Step.builder("lounge").name("Lounge").description("VIP lounge"))
        .step(RuntimeFixtures.checkout().to("confirm"))
        .step(RuntimeFixtures.confirm())
        .build();
    Env env = new Env(MigrationConfig.custom().reRoutingEnabled(false).build());
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    MigrationPlan plan = env.deploy(v2);
    assertThat(anchor(plan, "Checkout").migrationScenario()).isEqualTo(MigrationScenario.RE_ROUTE);

    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));
  }

  @Test
  void a_re_route_that_would_contradict_a_passed_checkpoint_is_blocked() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1WithPayment());
    env.session("s1", "web", "payment", "checkout");
    env.engine.setVariables(TENANT, "s1", Map.of("age", 15));
    MigrationPlan plan = env.deploy(RuntimeFixtures.v2AgeForkBeforePayment());
    SessionState before = env.engine.session(TENANT, "s1");

    Outcome o = env.engine.reconcile(TENANT, "s1");

    assertThat(o).isInstanceOfSatisfying(Outcome.CheckpointBlocked.class, c -> {
      assertThat(c.kind()).isEqualTo(Outcome.Kind.CHECKPOINT_BLOCKED);
      assertThat(c.blockedByCheckpoint()).isTrue();
      assertThat(c.warning()).contains("Payment").contains("rejection");
    });
    SessionState s = env.engine.session(TENANT, "s1");
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.currentStepId()).isEqualTo("checkout");
    assertThat(s.pending()).isNull();
    assertThat(s.pinned()).isTrue();
    assertThat(s.settledPlans()).containsExactly(plan.id());
    assertThat(env.journal("s1")).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(JournalRecord.Kind.CHECKPOINT_BLOCKED);
      assertThat(r.planId()).isEqualTo(plan.id());
      assertThat(r.before()).isEqualTo(before);
      assertThat(r.after()).isEqualTo(s);
      assertThat(r.checkpointWarning()).isEqualTo(o.warning());
    });
    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(env.engine.operations().markSessions(TENANT, plan.id()).sessionsMarked()).isZero();
  }

  @Test
  void an_adult_who_paid_is_not_blocked_by_the_upstream_age_fork() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1WithPayment());
    env.session("s1", "web", "payment", "checkout");
    env.engine.setVariables(TENANT, "s1", Map.of("age", 40));
    env.deploy(RuntimeFixtures.v2AgeForkBeforePayment());

    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));
  }

  @Test
  void a_teleport_that_would_run_a_passed_checkpoint_again_is_blocked() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1WithPayment());
    env.session("s1", "web", "payment", "checkout");
    env.deploy(RuntimeFixtures.v2PaymentAfterCheckout());

    Outcome o = env.engine.reconcile(TENANT, "s1");

    assertThat(o.kind()).isEqualTo(Outcome.Kind.CHECKPOINT_BLOCKED);
    assertThat(o.blockedByCheckpoint()).isTrue();
    assertThat(o.warning()).contains("Payment").contains("run again");
    assertThat(env.engine.session(TENANT, "s1").version()).isEqualTo(1);
    assertThat(env.journal("s1")).extracting(JournalRecord::kind)
        .containsExactly(JournalRecord.Kind.CHECKPOINT_BLOCKED);
  }

  @Test
  void a_session_that_has_not_paid_yet_is_not_blocked_by_a_moved_checkpoint() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1WithPayment());
    env.session("s1", "web");
    env.deploy(RuntimeFixtures.v2PaymentAfterCheckout());

    assertThat(env.engine.reconcile(TENANT, "s1")).isInstanceOfSatisfying(Outcome.Teleport.class,
        t -> assertThat(t.targetStepId()).isEqualTo("welcome"));
  }

  @Test
  void with_checkpoint_blocking_disabled_the_teleport_happens() {
    Env env = new Env(MigrationConfig.custom().blockTeleportPastCheckpoint(false).build());
    env.engine.publish(TENANT, RuntimeFixtures.v1WithPayment());
    env.session("s1", "web", "payment", "checkout");
    env.deploy(RuntimeFixtures.v2PaymentAfterCheckout());

    Outcome o = env.engine.reconcile(TENANT, "s1");

    assertThat(o.kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(env.engine.session(TENANT, "s1").version()).isEqualTo(2);
  }

  // ------------------------------------------------------------------------------------------- policies, config

  @Test
  void update_downstream_false_pins_the_session_and_it_is_never_marked_again_by_the_plan() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    MigrationPlan plan = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2AgeInserted(), "op");
    String hash = anchor(plan, "Checkout").anchorContentHash();
    env.engine.operations().updatePolicies(TENANT, plan.id(),
        Map.of(hash, AnchorPolicy.defaults(anchor(plan, "Checkout")).withUpdateDownstream(false)));
    env.engine.operations().approve(TENANT, plan.id(), "lead");
    assertThat(env.engine.operations().deploy(TENANT, plan.id()).sessionsMarked()).isEqualTo(1);
    SessionState before = env.engine.session(TENANT, "s1");

    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(Outcome.CONTINUE);

    SessionState s = env.engine.session(TENANT, "s1");
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.currentStepId()).isEqualTo("checkout");
    assertThat(s.pending()).isNull();
    assertThat(s.pinned()).isTrue();
    assertThat(s.settledPlans()).containsExactly(plan.id());
    assertThat(env.journal("s1")).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(JournalRecord.Kind.PINNED);
      assertThat(r.before()).isEqualTo(before);
      assertThat(r.after()).isEqualTo(s);
    });
    assertThat(env.engine.operations().markSessions(TENANT, plan.id()).sessionsMarked()).isZero();
    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(Outcome.CONTINUE);
    env.engine.advance(TENANT, "s1", "confirm");
    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(Outcome.CONTINUE);
    assertThat(env.engine.session(TENANT, "s1").version()).isEqualTo(1);
    assertThat(env.journal("s1")).hasSize(1);
  }

  @Test
  void with_the_master_switch_off_deploy_marks_nothing_and_reconcile_always_continues() {
    Env env = new Env(MigrationConfig.custom().enabled(false).build());
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    MigrationPlan plan = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2PaymentDownstream(), "op");
    env.engine.operations().approve(TENANT, plan.id(), "lead");

    DeploymentResult r = env.engine.operations().deploy(TENANT, plan.id());

    assertThat(r.sessionsMarked()).isZero();
    assertThat(r.sessionsByAnchor()).isEmpty();
    assertThat(env.engine.pendingMigration(TENANT, "s1").orElse(null)).isNull();
    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(env.engine.session(TENANT, "s1").version()).isEqualTo(1);
    assertThat(env.journal("s1")).isEmpty();
  }

  @Test
  void deploy_marks_only_sessions_at_anchors_that_pass_the_scope_filter() {
    Env env = v1Env();
    env.session("old", "web", "checkout");
    env.clock.advance(Duration.ofDays(10));
    env.session("new-web", "web", "checkout");
    env.session("new-app", "app", "checkout");
    env.session("at-welcome", "web");
    env.session("at-confirm", "web", "checkout", "confirm");
    MigrationPlan plan = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2PaymentDownstream(), "op");
    String checkout = anchor(plan, "Checkout").anchorContentHash();
    String welcome = anchor(plan, "Welcome").anchorContentHash();
    env.engine.operations().updatePolicies(TENANT, plan.id(), Map.of(
        checkout, AnchorPolicy.defaults(anchor(plan, "Checkout"))
            .withScopeFilter(ScopeFilter.builder().includeChannels("web").maxSessionAgeDays(5).build()),
        welcome, AnchorPolicy.defaults(anchor(plan, "Welcome"))
            .withScopeFilter(ScopeFilter.builder().excludeCurrentSteps("welcome").build())));
    env.engine.operations().approve(TENANT, plan.id(), "lead");

    DeploymentResult r = env.engine.operations().deploy(TENANT, plan.id());

    assertThat(r.sessionsMarked()).isEqualTo(2);
    assertThat(r.sessionsByAnchor()).containsOnly(Map.entry(checkout, 1L),
        Map.entry(anchor(plan, "Confirm").anchorContentHash(), 1L));
    assertThat(env.engine.pendingMigration(TENANT, "new-web").orElse(null)).isNotNull();
    assertThat(env.engine.pendingMigration(TENANT, "at-confirm").orElse(null)).isNotNull();
    for (String id : List.of("old", "new-app", "at-welcome")) {
      assertThat(env.engine.pendingMigration(TENANT, id).orElse(null)).as(id).isNull();
      assertThat(env.engine.reconcile(TENANT, id)).as(id).isEqualTo(Outcome.CONTINUE);
      assertThat(env.engine.session(TENANT, id).version()).as(id).isEqualTo(1);
    }
  }

  @Test
  void a_min_session_age_keeps_young_sessions_out() {
    Env env = v1Env();
    env.session("old", "web", "checkout");
    env.clock.advance(Duration.ofDays(3));
    env.session("young", "web", "checkout");
    MigrationPlan plan = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2PaymentDownstream(), "op");
    env.engine.operations().updatePolicies(TENANT, plan.id(), Map.of(anchor(plan, "Checkout").anchorContentHash(),
        AnchorPolicy.defaults(anchor(plan, "Checkout"))
            .withScopeFilter(ScopeFilter.builder().minSessionAgeDays(2).includeCurrentSteps("checkout").build())));
    env.engine.operations().approve(TENANT, plan.id(), "lead");

    assertThat(env.engine.operations().deploy(TENANT, plan.id()).sessionsMarked()).isEqualTo(1);
    assertThat(env.engine.pendingMigration(TENANT, "old").orElse(null)).isNotNull();
    assertThat(env.engine.pendingMigration(TENANT, "young").orElse(null)).isNull();
  }

  // ------------------------------------------------------------------------------------------- composite, relocation

  @Test
  void a_session_two_versions_behind_migrates_once_and_is_never_asked_for_a_field_v3_dropped() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    MigrationPlan p12 = env.deploy(RuntimeFixtures.v2AgeAndLoyalty());
    MigrationPlan p23 = env.deploy(RuntimeFixtures.v3LoyaltyDropped());
    assertThat(env.engine.operations().plan(TENANT, p12.id()).status()).isEqualTo(PlanStatus.SUPERSEDED);
    assertThat(env.engine.pendingMigration(TENANT, "s1").orElse(null).planId()).isEqualTo(p12.id());

    assertThat(env.engine.reconcile(TENANT, "s1")).isInstanceOfSatisfying(Outcome.Collect.class,
        c -> assertThat(c.fields()).containsExactly("age"));
    env.engine.setVariables(TENANT, "s1", Map.of("age", 44));
    Outcome o = env.engine.reconcile(TENANT, "s1");

    assertThat(o).isEqualTo(new Outcome.Teleport("checkout", 3, Outcome.TeleportReason.GAP_FILL, null));
    SessionState s = env.engine.session(TENANT, "s1");
    assertThat(s.version()).isEqualTo(3);
    assertThat(s.currentStepId()).isEqualTo("checkout");
    assertThat(s.pending()).isNull();
    assertThat(s.settledPlans()).containsExactlyInAnyOrder(p12.id(), p23.id());
    assertThat(env.journal("s1")).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(JournalRecord.Kind.MIGRATED);
      assertThat(r.before().version()).isEqualTo(1);
      assertThat(r.after().version()).isEqualTo(3);
      assertThat(r.askedFields()).containsExactly("age");
      assertThat(r.filledFields()).extracting(FilledField::field).containsExactly("age");
    });
    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
  }

  @Test
  void making_a_version_current_without_a_plan_relocates_and_fills_the_gap_as_a_plan_would() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    env.engine.publish(TENANT, RuntimeFixtures.v2AgeInserted());
    assertThat(env.engine.currentVersion(TENANT, "order-flow").version()).isEqualTo(1);
    env.engine.operations().makeCurrent(TENANT, "order-flow", 2);

    // version 2 asks for the age before checkout: the relocated session is asked too, never landed without it
    assertThat(env.engine.reconcile(TENANT, "s1").kind()).isEqualTo(Outcome.Kind.COLLECT);
    assertThat(env.engine.session(TENANT, "s1").version()).isEqualTo(1);
    env.engine.setVariables(TENANT, "s1", Map.of("age", 41));
    Outcome o = env.engine.reconcile(TENANT, "s1");

    assertThat(o).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.RELOCATION, null));
    SessionState s = env.engine.session(TENANT, "s1");
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.currentStepId()).isEqualTo("checkout");
    assertThat(env.journal("s1")).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(JournalRecord.Kind.RELOCATED);
      assertThat(r.planId()).isNull();
      assertThat(r.before().version()).isEqualTo(1);
      assertThat(r.after()).isEqualTo(s);
      assertThat(r.filledFields()).containsExactly(new FilledField("age", 41, FilledField.Source.SESSION, 1.0));
    });
  }

  @Test
  void an_edited_step_keeps_its_sessions_in_place_when_relocating_without_a_plan() {
    ScenarioVersion v2 = ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(RuntimeFixtures.welcome().to("checkout"))
        .step(RuntimeFixtures.checkout().description("Takes the order and the money"))
        .build();
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    env.engine.publish(TENANT, v2);
    env.engine.operations().makeCurrent(TENANT, "order-flow", 2);

    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.RELOCATION,
        null));
  }

  @Test
  void relocation_falls_back_to_the_most_recent_history_step_that_exists() {
    // checkout is replaced by a step in another place and confirm is gone: nothing ahead of the session survives,
    // so it goes back
    ScenarioVersion v2 = ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(RuntimeFixtures.welcome().to("checkout_v2"))
        .step(Step.builder("checkout_v2").name("Checkout").description("Takes the order and the money"))
        .build();
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    env.engine.publish(TENANT, v2);
    env.engine.operations().makeCurrent(TENANT, "order-flow", 2);

    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("welcome", 2, Outcome.TeleportReason.RELOCATION, null));
  }

  @Test
  void relocation_keeps_the_session_on_its_version_when_nothing_matches() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    env.engine.publish(TENANT, RuntimeFixtures.unrelated(2));
    env.engine.operations().makeCurrent(TENANT, "order-flow", 2);
    SessionState before = env.engine.session(TENANT, "s1");

    Outcome o = env.engine.reconcile(TENANT, "s1");

    assertThat(o.kind()).isEqualTo(Outcome.Kind.CONTINUE);
    assertThat(o.warning()).contains("no step of version 2 matches a step session 's1' visited")
        .contains("kept on version 1").contains("relocation.without_safe_target = stay");
    SessionState s = env.engine.session(TENANT, "s1");
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.currentStepId()).isEqualTo("checkout");
    assertThat(s.pinned()).isTrue();
    assertThat(env.journal("s1")).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(JournalRecord.Kind.PINNED);
      assertThat(r.before()).isEqualTo(before);
      assertThat(r.after()).isEqualTo(s);
    });
    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
  }

  @Test
  void relocation_exits_the_scenario_when_nothing_matches_and_the_config_says_exit() {
    Env env = new Env(MigrationConfig.custom().withoutSafeTarget(MigrationConfig.NoSafeTargetAction.EXIT).build());
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    env.engine.publish(TENANT, RuntimeFixtures.unrelated(2));
    env.engine.operations().makeCurrent(TENANT, "order-flow", 2);
    SessionState before = env.engine.session(TENANT, "s1");

    Outcome o = env.engine.reconcile(TENANT, "s1");

    assertThat(o).isEqualTo(new Outcome.ExitScenario(MigrationConfig.DEFAULTS.exitMessage(), o.effectId()));
    assertThat(o.effectId()).isNotNull();
    assertThat(o.kind()).isEqualTo(Outcome.Kind.EXIT_SCENARIO);
    SessionState s = env.engine.session(TENANT, "s1");
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.currentStepId()).isEqualTo("checkout");
    assertThat(s.pending()).isNull();
    assertThat(env.journal("s1")).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(JournalRecord.Kind.EXITED);
      assertThat(r.before()).isEqualTo(before);
      assertThat(r.after()).isEqualTo(s);
    });
    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(o); // owed until the host acknowledges it
    assertThat(env.journal("s1")).hasSize(1);
    assertThat(env.engine.acknowledge(TENANT, "s1", o.effectId())).isTrue();
    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(env.journal("s1")).extracting(JournalRecord::kind)
        .containsExactly(JournalRecord.Kind.EXITED, JournalRecord.Kind.EFFECT_RETIRED);
  }

  @Test
  void relocation_never_breaks_checkpoint_safety() {
    // v2 runs payment after checkout: relocating a paid session to Checkout would charge it again
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1WithPayment());
    env.session("s1", "web", "payment", "checkout");
    env.engine.publish(TENANT, ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(RuntimeFixtures.checkout().to("payment"))
        .step(RuntimeFixtures.payment().to("confirm"))
        .step(RuntimeFixtures.confirm())
        .build());
    env.engine.operations().makeCurrent(TENANT, "order-flow", 2);

    Outcome o = env.engine.reconcile(TENANT, "s1");

    // no safe place: blocked as any move a checkpoint refuses, it continues on its version
    assertThat(o.blockedByCheckpoint()).isTrue();
    assertThat(o.warning()).contains("'Payment'").contains("would run again");
    assertThat(env.engine.session(TENANT, "s1").version()).isEqualTo(1);
    assertThat(env.engine.session(TENANT, "s1").pinned()).isTrue();
    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
  }

  @Test
  void a_session_at_a_deleted_step_is_relocated_to_its_relocation_anchor() {
    ScenarioVersion v2 = ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(RuntimeFixtures.welcome().to("confirm"))
        .step(RuntimeFixtures.confirm())
        .build();
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    MigrationPlan plan = env.engine.operations().generatePlan(TENANT, v2, "op");
    assertThat(plan.transformationMap().deletedSteps()).singleElement().satisfies(d -> {
      assertThat(d.stepId()).isEqualTo("checkout");
      assertThat(d.relocateToStepId()).isNotNull();
    });
    String target = plan.transformationMap().deletedSteps().get(0).relocateToStepId();
    env.engine.operations().approve(TENANT, plan.id(), "lead");
    DeploymentResult r = env.engine.operations().deploy(TENANT, plan.id());
    assertThat(r.sessionsMarked()).isEqualTo(1);

    Outcome o = env.engine.reconcile(TENANT, "s1");

    assertThat(o).isEqualTo(new Outcome.Teleport(target, 2, Outcome.TeleportReason.RELOCATION, null));
    assertThat(env.journal("s1")).singleElement().satisfies(rec -> {
      assertThat(rec.kind()).isEqualTo(JournalRecord.Kind.RELOCATED);
      assertThat(rec.planId()).isEqualTo(plan.id());
    });
  }

  @Test
  void making_the_source_version_current_again_drops_pending_markers_instead_of_migrating() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    env.deploy(RuntimeFixtures.v2PaymentDownstream());
    assertThat(env.engine.pendingMigration(TENANT, "s1").orElse(null)).isNotNull();
    env.engine.operations().makeCurrent(TENANT, "order-flow", 1);

    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(Outcome.CONTINUE);

    SessionState s = env.engine.session(TENANT, "s1");
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.pending()).isNull();
    assertThat(env.journal("s1")).isEmpty();
  }
}
