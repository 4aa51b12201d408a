package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.Rollout;
import org.scenariomigration.session.SessionState;

/** Issue #17: a deployment writes no session; each session is judged once per deployment generation. */
class ConstantTimeDeployTest {

  private static Env env(int sessions) {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    for (int i = 0; i < sessions; i++) {
      env.session("s" + i, "web", "checkout");
    }
    return env;
  }

  private static MigrationPlan approved(Env env) {
    MigrationPlan p = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2PaymentDownstream(), "op");
    env.engine.operations().approve(TENANT, p.id(), "lead");
    return p;
  }

  /** An approved plan to {@code to} whose Checkout policy takes only the web channel. */
  private static MigrationPlan webOnlyAtCheckout(Env env, org.scenariomigration.scenario.ScenarioVersion to) {
    MigrationPlan generated = env.engine.operations().generatePlan(TENANT, to, "op");
    AnchorPolicy checkout = generated.policyFor(RuntimeFixtures.anchor(generated, "Checkout"));
    MigrationPlan plan = env.engine.operations().updatePolicies(TENANT, generated.id(),
        Map.of(checkout.anchorContentHash(),
        checkout.withScopeFilter(ScopeFilter.builder().includeChannels("web").build())));
    env.engine.operations().approve(TENANT, plan.id(), "lead");
    return plan;
  }

  private static String outside(int percent, int sessions) {
    for (int i = 0; i < sessions; i++) {
      if (Rollout.bucket("s" + i) >= percent) {
        return "s" + i;
      }
    }
    throw new AssertionError("no session outside " + percent + " %");
  }

  @Test
  void a_left_out_session_is_pinned_once_takes_the_fast_path_and_a_widened_rollout_judges_it_again() {
    Env env = env(60);
    MigrationPlan plan = approved(env);
    env.engine.operations().deploy(TENANT, plan.id(), 10);
    String out = outside(10, 60);

    assertThat(env.engine.reconcile(TENANT, out)).isSameAs(Outcome.CONTINUE);
    SessionState pinned = env.engine.session(TENANT, out);
    assertThat(pinned.pinned()).isTrue();
    assertThat(pinned.version()).isEqualTo(1);
    assertThat(env.journal(out)).extracting(JournalRecord::kind).containsExactly(JournalRecord.Kind.PINNED);
    // judged at this generation: its next messages write nothing and journal nothing
    for (int i = 0; i < 3; i++) {
      assertThat(env.engine.reconcile(TENANT, out)).isSameAs(Outcome.CONTINUE);
    }
    assertThat(env.engine.session(TENANT, out)).isEqualTo(pinned);
    assertThat(env.journal(out)).hasSize(1);
    assertThat(env.engine.pendingMigration(TENANT, out)).isEmpty();

    DeploymentResult widened = env.engine.operations().widenRollout(TENANT, plan.id(), 100);

    // the widening wrote nothing either, and counted the session it now covers
    assertThat(env.engine.session(TENANT, out)).isEqualTo(pinned);
    assertThat(widened.sessionsMarked()).isEqualTo(60 - countBelow(10, 60));
    assertThat(env.engine.pendingMigration(TENANT, out)).hasValueSatisfying(m ->
        assertThat(m.planId()).isEqualTo(plan.id()));
    assertThat(env.engine.reconcile(TENANT, out)).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.CLEAN_GRAFT, null));
    assertThat(env.journal(out)).extracting(JournalRecord::kind)
        .containsExactly(JournalRecord.Kind.PINNED, JournalRecord.Kind.MIGRATED);
  }

  private static long countBelow(int percent, int sessions) {
    long n = 0;
    for (int i = 0; i < sessions; i++) {
      n += Rollout.bucket("s" + i) < percent ? 1 : 0;
    }
    return n;
  }

  @Test
  void a_session_its_scope_left_out_is_pinned_once_and_stays_where_it_is_after_a_rollback() {
    Env env = env(0);
    env.session("sms", "sms", "checkout");
    MigrationPlan plan = webOnlyAtCheckout(env, RuntimeFixtures.v2PaymentDownstream());
    assertThat(env.engine.operations().deploy(TENANT, plan.id()).sessionsMarked()).isZero();

    assertThat(env.engine.reconcile(TENANT, "sms")).isSameAs(Outcome.CONTINUE);
    long generation = env.engine.session(TENANT, "sms").pinGeneration();
    assertThat(generation).isPositive();
    // a rollback moves the generation on: the session is on the current version again, nothing to judge
    env.engine.operations().rollback(TENANT, plan.id());
    assertThat(env.engine.reconcile(TENANT, "sms")).isSameAs(Outcome.CONTINUE);
    assertThat(env.engine.session(TENANT, "sms").version()).isEqualTo(1);
    assertThat(env.journal("sms")).extracting(JournalRecord::kind).containsExactly(JournalRecord.Kind.PINNED);
  }

  @Test
  void rolling_back_a_partly_applied_deployment_writes_only_the_sessions_it_moved() {
    Env env = env(10);
    MigrationPlan plan = approved(env);
    assertThat(env.engine.operations().deploy(TENANT, plan.id()).sessionsMarked()).isEqualTo(10);
    List<String> moved = List.of("s0", "s1", "s2");
    for (String id : moved) {
      assertThat(env.engine.reconcile(TENANT, id).kind()).isEqualTo(Outcome.Kind.TELEPORT);
    }
    List<SessionState> untouched = new ArrayList<>();
    for (int i = 3; i < 10; i++) {
      untouched.add(env.engine.session(TENANT, "s" + i));
    }
    assertThat(env.engine.operations().deploymentStatus(TENANT, plan.id()).migrationsPending()).isEqualTo(7);
    assertThat(env.engine.operations().deploymentStatus(TENANT, plan.id()).migrationsApplied()).isEqualTo(3);

    RollbackReport report = env.engine.operations().rollback(TENANT, plan.id());

    assertThat(report.markersRemoved()).isEqualTo(7); // never judged: counted, not written
    assertThat(report.sessionsToRestore()).containsExactlyInAnyOrderElementsOf(moved);
    for (SessionState s : untouched) {
      assertThat(env.engine.session(TENANT, s.sessionId())).isEqualTo(s);
      assertThat(env.engine.reconcile(TENANT, s.sessionId())).isSameAs(Outcome.CONTINUE);
      assertThat(env.engine.session(TENANT, s.sessionId())).isEqualTo(s);
      assertThat(env.journal(s.sessionId())).isEmpty();
    }
    for (String id : moved) {
      assertThat(env.engine.reconcile(TENANT, id)).isInstanceOf(Outcome.Teleport.class);
      assertThat(env.engine.session(TENANT, id).version()).isEqualTo(1);
    }
    assertThat(env.engine.operations().plan(TENANT, plan.id()).status()).isEqualTo(PlanStatus.ROLLED_BACK);
    assertThat(env.engine.operations().deploymentStatus(TENANT, plan.id()).migrationsPending()).isZero();
  }

  @Test
  void a_session_that_moves_before_its_first_message_keeps_what_the_deployment_decided_where_it_found_it() {
    Env env = env(0);
    env.session("sms", "sms", "checkout");
    MigrationPlan plan = webOnlyAtCheckout(env, RuntimeFixtures.v2PaymentDownstream());
    env.engine.operations().deploy(TENANT, plan.id());

    // out of scope at Checkout, where the deployment found it: moving to Confirm (in scope) does not take it in
    env.engine.advance(TENANT, "sms", "confirm");

    assertThat(env.engine.session(TENANT, "sms").pinned()).isTrue();
    assertThat(env.engine.reconcile(TENANT, "sms")).isSameAs(Outcome.CONTINUE);
    assertThat(env.engine.session(TENANT, "sms").version()).isEqualTo(1);
    assertThat(env.engine.pendingMigration(TENANT, "sms")).isEmpty();
  }

  @Test
  void a_session_left_out_and_moved_on_stays_left_out_when_a_deployment_from_another_version_moves_the_generation() {
    Env env = env(0);
    env.session("sms", "sms", "checkout");
    env.session("web", "web", "checkout");
    MigrationPlan p12 = webOnlyAtCheckout(env, RuntimeFixtures.v2AgeAndLoyalty());
    env.engine.operations().deploy(TENANT, p12.id());
    assertThat(env.engine.reconcile(TENANT, "sms")).isSameAs(Outcome.CONTINUE); // left out at Checkout: pinned
    env.engine.advance(TENANT, "sms", "confirm"); // to an anchor whose scope would take it

    MigrationPlan p23 = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v3LoyaltyDropped(), "op");
    env.engine.operations().approve(TENANT, p23.id(), "lead");
    env.engine.operations().deploy(TENANT,
        p23.id()); // moves the generation on; the coverage of version 1 did not change

    assertThat(env.engine.pendingMigration(TENANT, "sms")).isEmpty();
    assertThat(env.engine.reconcile(TENANT, "sms")).isSameAs(Outcome.CONTINUE);
    assertThat(env.engine.session(TENANT, "sms").version()).isEqualTo(1);
    assertThat(env.journal("sms")).extracting(JournalRecord::kind).containsExactly(JournalRecord.Kind.PINNED);
    // while a session the first deployment covers migrates along both plans at once
    assertThat(env.engine.pendingMigration(TENANT, "web")).hasValueSatisfying(m ->
        assertThat(m.planId()).isEqualTo(p12.id()));
  }

  @Test
  void with_auto_mark_sessions_off_a_widened_rollout_starts_covering_as_marking_did() {
    Env env = new Env(MigrationConfig.custom().autoMarkSessions(false).build());
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    for (int i = 0; i < 60; i++) {
      env.session("s" + i, "web", "checkout");
    }
    MigrationPlan plan = approved(env);
    assertThat(env.engine.operations().deploy(TENANT, plan.id(), 10).sessionsMarked()).isZero();
    assertThat(env.engine.operations().deploymentStatus(TENANT, plan.id()).migrationsPending()).isZero();

    DeploymentResult widened = env.engine.operations().widenRollout(TENANT, plan.id(), 50);

    assertThat(widened.sessionsMarked()).isEqualTo(countBelow(50, 60)).isPositive();
    assertThat(env.engine.operations().deploymentStatus(TENANT, plan.id()).migrationsPending()).isEqualTo(countBelow(50,
        60));
  }

  @Test
  void a_plan_whose_source_version_is_made_current_again_counts_nothing_pending() {
    Env env = env(5);
    MigrationPlan plan = approved(env);
    assertThat(env.engine.operations().deploy(TENANT, plan.id()).sessionsMarked()).isEqualTo(5);

    env.engine.operations().makeCurrent(TENANT, "order-flow", 1);

    assertThat(env.engine.operations().deploymentStatus(TENANT, plan.id()).migrationsPending()).isZero();
    assertThat(env.engine.pendingMigration(TENANT, "s0")).isEmpty();
    assertThat(env.engine.operations().migrateNow(TENANT, plan.id(), 10, r -> { }).processed()).isZero();
    assertThat(env.engine.reconcile(TENANT, "s0")).isSameAs(Outcome.CONTINUE);
  }
}
