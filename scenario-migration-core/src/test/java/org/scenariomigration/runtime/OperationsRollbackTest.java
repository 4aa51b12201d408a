package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;

class OperationsRollbackTest {

  private static Env v1Env() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    return env;
  }

  private static List<JournalRecord.Kind> kinds(Env env, String sessionId) {
    return env.journal(sessionId).stream().map(JournalRecord::kind).toList();
  }

  @Test
  void rollback_after_a_partial_migration_restores_migrated_sessions_and_keeps_those_past_a_checkpoint() {
    Env env = v1Env();
    for (String id : List.of("a", "b", "c", "d")) {
      env.session(id, "web", "checkout");
    }
    env.session("e", "web");
    MigrationPlan plan = env.deploy(RuntimeFixtures.v2PaymentDownstream());
    SessionState aBefore = env.engine.session(TENANT, "a");
    for (String id : List.of("a", "b", "c")) {
      assertThat(env.engine.reconcile(TENANT, id)).as(id)
          .isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.CLEAN_GRAFT, null));
    }
    env.clock.advance(Duration.ofMinutes(5));
    env.engine.advance(TENANT, "b", "payment"); // b passes the payment checkpoint on v2 before the rollback
    List<JournalRecord> journalBefore = env.sessions.forPlan(TENANT, plan.id());
    assertThat(journalBefore).hasSize(3);

    RollbackReport report = env.engine.operations().rollback(TENANT, plan.id());

    assertThat(report.planId()).isEqualTo(plan.id());
    assertThat(report.markersRemoved()).isEqualTo(2); // d and e were still waiting
    assertThat(report.sessionsToRestore()).containsExactlyInAnyOrder("a", "c");
    assertThat(report.sessionsKept()).containsExactly("b");
    assertThat(report.restoredVersion()).isEqualTo(1);
    assertThat(report.rolledBackAt()).isEqualTo(env.clock.instant());
    assertThat(env.engine.operations().plan(TENANT, plan.id()).status()).isEqualTo(PlanStatus.ROLLED_BACK);
    assertThat(env.engine.currentVersion(TENANT, "order-flow").version()).isEqualTo(1);
    assertThat(env.sessions.forPlan(TENANT, plan.id())).isEqualTo(journalBefore); // nothing deleted, nothing added
    assertThat(env.engine.pendingMigration(TENANT, "d").orElse(null)).isNull();
    assertThat(env.engine.pendingMigration(TENANT, "e").orElse(null)).isNull();

    // c passes the checkpoint after the rollback but before its next message
    env.engine.advance(TENANT, "c", "payment");

    // a goes back to its journaled before-state
    SessionState aMigrated = env.engine.session(TENANT, "a");
    assertThat(env.engine.reconcile(TENANT, "a")).isEqualTo(new Outcome.Teleport("checkout", 1, Outcome.TeleportReason.ROLLBACK, null));
    SessionState a = env.engine.session(TENANT, "a");
    // position and version as before the migration; every variable and visit since kept, the way back a visit too
    assertThat(a.version()).isEqualTo(aBefore.version());
    assertThat(a.scenarioChecksum()).isEqualTo(aBefore.scenarioChecksum());
    assertThat(a.currentStepId()).isEqualTo(aBefore.currentStepId());
    assertThat(a.variables()).isEqualTo(aMigrated.variables());
    // the way back is one more visit: of checkout, whose entry moves to the end
    assertThat(a.visitCount()).isEqualTo(aMigrated.visitCount() + 1);
    assertThat(a.history()).hasSameSizeAs(aMigrated.history());
    StepVisit back = a.history().get(a.history().size() - 1);
    assertThat(back.stepId()).isEqualTo("checkout");
    assertThat(back.lastVisit()).isEqualTo(aMigrated.visitCount());
    assertThat(back.visitedAt()).isEqualTo(env.clock.instant());
    assertThat(a.pending()).isNull();
    assertThat(a.pinned()).isFalse();
    assertThat(kinds(env, "a")).containsExactly(JournalRecord.Kind.MIGRATED, JournalRecord.Kind.ROLLED_BACK);
    assertThat(env.engine.reconcile(TENANT, "a")).isSameAs(Outcome.CONTINUE);

    // b stays where it is, at its next message and the ones after
    for (int i = 0; i < 2; i++) {
      assertThat(env.engine.reconcile(TENANT, "b").kind()).isEqualTo(Outcome.Kind.CONTINUE);
      SessionState b = env.engine.session(TENANT, "b");
      assertThat(b.version()).isEqualTo(2);
      assertThat(b.currentStepId()).isEqualTo("payment");
    }
    assertThat(kinds(env, "b")).containsExactly(JournalRecord.Kind.MIGRATED);

    // c is blocked by the checkpoint it passed since the rollback, and stays too
    Outcome c = env.engine.reconcile(TENANT, "c");
    assertThat(c.kind()).isEqualTo(Outcome.Kind.CHECKPOINT_BLOCKED);
    assertThat(c.blockedByCheckpoint()).isTrue();
    assertThat(c.warning()).contains("Payment");
    for (int i = 0; i < 2; i++) {
      assertThat(env.engine.reconcile(TENANT, "c").kind()).isEqualTo(Outcome.Kind.CONTINUE);
      SessionState cs = env.engine.session(TENANT, "c");
      assertThat(cs.version()).isEqualTo(2);
      assertThat(cs.currentStepId()).isEqualTo("payment");
    }
    assertThat(kinds(env, "c")).containsExactly(JournalRecord.Kind.MIGRATED, JournalRecord.Kind.CHECKPOINT_BLOCKED);

    // d and e were never moved and stay on the source version, which is current again
    for (String id : List.of("d", "e")) {
      assertThat(env.engine.reconcile(TENANT, id)).as(id).isSameAs(Outcome.CONTINUE);
      assertThat(env.engine.session(TENANT, id).version()).as(id).isEqualTo(1);
      assertThat(env.journal(id)).as(id).isEmpty();
    }
    // every record of the plan is still there
    assertThat(env.sessions.forPlan(TENANT, plan.id())).containsAll(journalBefore);
    DeploymentStatus st = env.engine.operations().deploymentStatus(TENANT, plan.id());
    assertThat(st.status()).isEqualTo(PlanStatus.ROLLED_BACK);
    assertThat(st.sessionsMarked()).isEqualTo(3);
    assertThat(st.migrationsApplied()).isEqualTo(3);
    assertThat(st.migrationsPending()).isZero();
  }

  @Test
  void rolling_back_twice_changes_nothing_the_second_time_and_is_illegal_once_another_version_is_current() {
    Env env = v1Env();
    env.session("a", "web", "checkout");
    MigrationPlan plan = env.deploy(RuntimeFixtures.v2PaymentDownstream());
    env.engine.reconcile(TENANT, "a");
    env.engine.operations().rollback(TENANT, plan.id());
    SessionState a = env.engine.session(TENANT, "a");

    // the same call again (a retry whose answer was lost) succeeds and changes nothing
    RollbackReport again = env.engine.operations().rollback(TENANT, plan.id());

    assertThat(again.markersRemoved()).isZero();
    assertThat(again.sessionsToRestore()).containsExactly("a");
    assertThat(env.engine.operations().plan(TENANT, plan.id()).status()).isEqualTo(PlanStatus.ROLLED_BACK);
    assertThat(env.engine.session(TENANT, "a")).isEqualTo(a);
    assertThat(env.engine.currentVersion(TENANT, "order-flow").version()).isEqualTo(1);

    // once another version is current, it is no retry: refused
    env.engine.operations().makeCurrent(TENANT, "order-flow", 2);
    assertThatThrownBy(() -> env.engine.operations().rollback(TENANT, plan.id()))
        .isInstanceOf(IllegalPlanStatusException.class).hasMessageContaining(plan.id());
    assertThat(env.engine.operations().plan(TENANT, plan.id()).status()).isEqualTo(PlanStatus.ROLLED_BACK);
  }

  @Test
  void rolling_back_a_plan_that_was_never_deployed_is_illegal_and_changes_nothing() {
    Env env = v1Env();
    env.session("a", "web", "checkout");
    MigrationPlan pending = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2PaymentDownstream(), "op");

    assertThatThrownBy(() -> env.engine.operations().rollback(TENANT, pending.id()))
        .isInstanceOf(IllegalPlanStatusException.class);
    env.engine.operations().approve(TENANT, pending.id(), "lead");
    assertThatThrownBy(() -> env.engine.operations().rollback(TENANT, pending.id()))
        .isInstanceOf(IllegalPlanStatusException.class);

    assertThat(env.engine.operations().plan(TENANT, pending.id()).status()).isEqualTo(PlanStatus.APPROVED);
    assertThat(env.engine.currentVersion(TENANT, "order-flow").version()).isEqualTo(1);
  }

  @Test
  void deployment_status_after_a_rollback_counts_each_migrated_session_once() {
    Env env = v1Env();
    env.session("a", "web", "checkout");
    env.session("b", "web", "checkout");
    MigrationPlan plan = env.deploy(RuntimeFixtures.v2PaymentDownstream());
    env.engine.reconcile(TENANT, "a");

    env.engine.operations().rollback(TENANT, plan.id());
    DeploymentStatus st = env.engine.operations().deploymentStatus(TENANT, plan.id());

    assertThat(st.status()).isEqualTo(PlanStatus.ROLLED_BACK);
    assertThat(st.migrationsPending()).isZero();
    assertThat(st.migrationsApplied()).isEqualTo(1);
    assertThat(st.sessionsMarked()).isEqualTo(1);
    env.engine.reconcile(TENANT, "a");
    assertThat(env.engine.operations().deploymentStatus(TENANT, plan.id()).sessionsMarked()).isEqualTo(1);
  }
}
