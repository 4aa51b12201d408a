package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scenariomigration.ScenarioMigrationException;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.session.OwedEffects;
import org.scenariomigration.session.SessionState;

/**
 * What a move owes the host (required actions, a re-route notice, an exit message) stays owed until the host retires
 * it: every message offers it again, with the same effect id, so a host that failed after receiving it loses nothing;
 * {@link ScenarioMigration#acknowledge} and {@link ScenarioMigration#advance} retire it, journaled. In-memory stores:
 * the writes never join a host transaction (the JDBC {@code HostTest} covers that).
 */
class OwedEffectsTest {

  private static Env actionsOwed() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    env.deploy(RuntimeFixtures.v2RequiredActionInserted());
    return env;
  }

  private static List<JournalRecord.Kind> kinds(Env env, String id) {
    return env.journal(id).stream().map(JournalRecord::kind).toList();
  }

  @Test
  void a_host_that_fails_after_execute_actions_gets_the_same_actions_and_effect_id_at_the_next_message() {
    Env env = actionsOwed();

    Outcome first = env.engine.reconcile(TENANT, "s1");
    // the host's enrolment fails here: no acknowledge, no advance

    assertThat(first).isEqualTo(new Outcome.ExecuteActions(List.of("id_check"), "checkout", 2, first.effectId()));
    assertThat(first.effectId()).isNotBlank();
    SessionState owing = env.engine.session(TENANT, "s1");
    assertThat(owing.owed()).isEqualTo(new OwedEffects(first.effectId(), OwedEffects.Kind.EXECUTE_ACTIONS,
        owing.owed().planId(), "checkout", 2, "gap_fill", null, List.of("id_check")));
    Outcome second = env.engine.reconcile(TENANT, "s1");
    Outcome third = env.engine.reconcile(TENANT, "s1");

    assertThat(second).isEqualTo(first);
    assertThat(third).isEqualTo(first);
    assertThat(env.engine.session(TENANT, "s1")).isEqualTo(owing); // offering writes nothing
    assertThat(kinds(env, "s1")).containsExactly(JournalRecord.Kind.MIGRATED);
  }

  @Test
  void acknowledge_retires_the_effect_once_journaled_and_again_is_a_no_op() {
    Env env = actionsOwed();
    Outcome owed = env.engine.reconcile(TENANT, "s1");

    assertThat(env.engine.acknowledge(TENANT, "s1", owed.effectId())).isTrue();

    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
    SessionState retired = env.engine.session(TENANT, "s1");
    assertThat(retired.owed()).isNull();
    assertThat(env.journal("s1")).extracting(JournalRecord::kind)
        .containsExactly(JournalRecord.Kind.MIGRATED, JournalRecord.Kind.EFFECT_RETIRED);
    JournalRecord r = env.journal("s1").get(1);
    assertThat(r.planId()).isNull();
    assertThat(r.before().owed().id()).isEqualTo(owed.effectId());
    assertThat(r.after()).isEqualTo(retired);
    assertThat(r.checkpointWarning()).contains(owed.effectId()).contains("execute_actions")
        .contains("acknowledged by the host");

    // idempotent: the same key again changes nothing
    assertThat(env.engine.acknowledge(TENANT, "s1", owed.effectId())).isFalse();
    assertThat(env.engine.session(TENANT, "s1")).isEqualTo(retired);
    assertThat(env.journal("s1")).hasSize(2);
  }

  @Test
  void an_effect_id_never_issued_for_the_session_is_refused_by_name_and_changes_nothing() {
    Env env = actionsOwed();
    env.session("s2", "web");
    Outcome owed = env.engine.reconcile(TENANT, "s1");
    SessionState before = env.engine.session(TENANT, "s1");

    assertThatThrownBy(() -> env.engine.acknowledge(TENANT, "s1", "no-such-effect"))
        .isInstanceOfSatisfying(UnknownEffectException.class, e -> {
          assertThat(e.sessionId()).isEqualTo("s1");
          assertThat(e.effectId()).isEqualTo("no-such-effect");
        })
        .isInstanceOf(ScenarioMigrationException.class)
        .hasMessageContaining("'s1'").hasMessageContaining("'no-such-effect'").hasMessageContaining(TENANT);
    // another session's effect is not this session's
    assertThatThrownBy(() -> env.engine.acknowledge(TENANT, "s2", owed.effectId()))
        .isInstanceOf(UnknownEffectException.class).hasMessageContaining("'s2'")
        .hasMessageContaining(owed.effectId());

    assertThat(env.engine.session(TENANT, "s1")).isEqualTo(before);
    assertThat(env.journal("s1")).hasSize(1);
    assertThat(env.journal("s2")).isEmpty();
    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(owed);
    assertThatThrownBy(() -> env.engine.acknowledge(TENANT, "s9", owed.effectId()))
        .isInstanceOf(UnknownSessionException.class);
  }

  @Test
  void acknowledge_is_scoped_by_tenant_and_leaves_a_look_alike_tenants_session_untouched() {
    Env env = new Env();
    for (String t : List.of("acme", "ACME")) {
      env.engine.publish(t, RuntimeFixtures.v1());
      env.engine.startSession(t, "s1", "c1", "web", "order-flow");
      env.engine.advance(t, "s1", "checkout");
      MigrationPlan p = env.engine.operations().generatePlan(t, RuntimeFixtures.v2RequiredActionInserted(), "op");
      env.engine.operations().approve(t, p.id(), "lead");
      env.engine.operations().deploy(t, p.id());
    }
    Outcome acme = env.engine.reconcile("acme", "s1");
    Outcome other = env.engine.reconcile("ACME", "s1");
    SessionState otherBefore = env.engine.session("ACME", "s1");
    assertThat(acme.effectId()).isNotEqualTo(other.effectId());

    assertThatThrownBy(() -> env.engine.acknowledge("ACME", "s1", acme.effectId()))
        .isInstanceOf(UnknownEffectException.class).hasMessageContaining("ACME");
    assertThat(env.engine.acknowledge("acme", "s1", acme.effectId())).isTrue();

    assertThat(env.engine.reconcile("acme", "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(env.engine.session("ACME", "s1")).isEqualTo(otherBefore);
    assertThat(env.engine.reconcile("ACME", "s1")).isEqualTo(other);
    assertThat(env.sessions.forSession("ACME", "s1")).extracting(JournalRecord::kind)
        .containsExactly(JournalRecord.Kind.MIGRATED);
  }

  @Test
  void a_re_route_notice_is_owed_until_the_host_moves_the_session_on_with_advance() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    env.engine.setVariables(TENANT, "s1", Map.of("age", 15));
    env.deploy(RuntimeFixtures.v2AgeFork());

    Outcome notice = env.engine.reconcile(TENANT, "s1");
    assertThat(notice).isEqualTo(new Outcome.Teleport("rejection", 2, Outcome.TeleportReason.RE_ROUTE,
        MigrationConfig.DEFAULTS.notificationTemplate(), notice.effectId()));
    assertThat(notice.effectId()).isNotNull();
    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(notice);

    // recording the step it is at again moves nothing on: still owed
    env.engine.advance(TENANT, "s1", "rejection");
    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(notice);

    SessionState moved = env.engine.advance(TENANT, "s1", "welcome");
    assertThat(moved.owed()).isNull();
    assertThat(moved.currentStepId()).isEqualTo("welcome");
    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
    JournalRecord retired = env.journal("s1").get(env.journal("s1").size() - 1);
    assertThat(retired.kind()).isEqualTo(JournalRecord.Kind.EFFECT_RETIRED);
    assertThat(retired.checkpointWarning()).contains(notice.effectId()).contains("advance from 'rejection' to "
        + "'welcome'");
    assertThat(retired.after()).isEqualTo(moved);
    assertThat(env.engine.acknowledge(TENANT, "s1", notice.effectId())).isFalse();
  }

  @Test
  void an_exit_message_is_owed_until_acknowledged() {
    Env env = new Env(MigrationConfig.custom().withoutSafeTarget(MigrationConfig.NoSafeTargetAction.EXIT).build());
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    env.engine.publish(TENANT, RuntimeFixtures.unrelated(2));
    env.engine.operations().makeCurrent(TENANT, "order-flow", 2);

    Outcome exit = env.engine.reconcile(TENANT, "s1");

    assertThat(exit).isEqualTo(new Outcome.ExitScenario(MigrationConfig.DEFAULTS.exitMessage(), exit.effectId()));
    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(exit);
    assertThat(env.engine.acknowledge(TENANT, "s1", exit.effectId())).isTrue();
    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(env.engine.acknowledge(TENANT, "s1", exit.effectId())).isFalse();
  }

  @Test
  void a_silent_teleport_owes_nothing_and_the_next_message_takes_the_fast_path() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    env.deploy(RuntimeFixtures.v2PaymentDownstream());

    Outcome o = env.engine.reconcile(TENANT, "s1");

    assertThat(o).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.CLEAN_GRAFT, null));
    assertThat(o.effectId()).isNull();
    assertThat(env.engine.session(TENANT, "s1").owed()).isNull();
    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
  }

  @Test
  void eager_batch_migration_owes_through_the_same_mechanism() {
    Env env = actionsOwed();
    String planId = env.engine.pendingMigration(TENANT, "s1").orElse(null).planId();

    BatchReport report = env.engine.operations().migrateNow(TENANT, planId, 10, r -> { });

    Outcome batch = report.page().get(0).outcome();
    assertThat(batch.effectId()).isEqualTo(env.engine.session(TENANT, "s1").owed().id());
    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(batch);
    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(batch);
    assertThat(env.engine.acknowledge(TENANT, "s1", batch.effectId())).isTrue();
    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(env.engine.acknowledge(TENANT, "s1", batch.effectId())).isFalse();
  }

  @Test
  void a_composite_migration_over_two_plans_owes_its_actions_until_acknowledged() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    env.deploy(RuntimeFixtures.v2PaymentDownstream());
    env.deploy(ScenarioVersion.builder("order-flow", 3).name("Order Flow")
        .step(Seeds.welcome().to("id_check"))
        .step(Step.builder("id_check").name("ID Check").description("Runs the ID check").requiredAction(true)
            .to("checkout"))
        .step(Seeds.checkout().to("payment"))
        .step(Seeds.payment().to("confirm"))
        .step(Seeds.confirm())
        .build());

    Outcome o = env.engine.reconcile(TENANT, "s1");

    assertThat(o).isEqualTo(new Outcome.ExecuteActions(List.of("id_check"), "checkout", 3, o.effectId()));
    assertThat(o.effectId()).isNotNull();
    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(o);
    assertThat(env.engine.acknowledge(TENANT, "s1", o.effectId())).isTrue();
    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
  }

  @Test
  void a_rollback_of_the_move_supersedes_what_it_owed_and_journals_it() {
    Env env = actionsOwed();
    Outcome owed = env.engine.reconcile(TENANT, "s1");
    String planId = env.engine.session(TENANT, "s1").owed().planId();

    env.engine.operations().rollback(TENANT, planId);
    Outcome back = env.engine.reconcile(TENANT, "s1");

    assertThat(back).isEqualTo(new Outcome.Teleport("checkout", 1, Outcome.TeleportReason.ROLLBACK, null));
    SessionState restored = env.engine.session(TENANT, "s1");
    assertThat(restored.owed()).isNull();
    JournalRecord r = env.journal("s1").get(env.journal("s1").size() - 1);
    assertThat(r.kind()).isEqualTo(JournalRecord.Kind.ROLLED_BACK);
    assertThat(r.before().owed().id()).isEqualTo(owed.effectId());
    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(env.engine.acknowledge(TENANT, "s1", owed.effectId())).isFalse(); // issued, and retired
  }

  @Test
  void a_dry_run_owes_nothing() {
    Env env = actionsOwed();
    String planId = env.engine.pendingMigration(TENANT, "s1").orElse(null).planId();

    Outcome predicted = env.engine.operations().dryRun(TENANT, planId, "s1", false);

    assertThat(predicted.kind()).isEqualTo(Outcome.Kind.EXECUTE_ACTIONS);
    assertThat(predicted.effectId()).isNull();
    assertThat(env.engine.session(TENANT, "s1").owed()).isNull();
  }

  /** In-memory stores that count session reads and ask-if-joined calls, and answer the latter as told. */
  private static final class Watched {
    final org.scenariomigration.memory.InMemorySessionStore memory = new org.scenariomigration.memory.InMemorySessionStore();
    final java.util.concurrent.atomic.AtomicInteger finds = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    volatile boolean joined;
    final ScenarioMigration engine;

    Watched() {
      Object proxy = java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {org.scenariomigration.spi.SessionStore.class, org.scenariomigration.spi.JournalStore.class},
          (p, method, args) -> {
            if (method.getName().equals("joinsHostTransaction")) {
              asked.incrementAndGet();
              return joined;
            }
            if (method.getName().equals("find") || method.getName().equals("findOrNull")) { // a session read
              finds.incrementAndGet();
            }
            try {
              return method.invoke(memory, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
              throw e.getCause();
            }
          });
      engine = ScenarioMigration.builder().clock(new RuntimeFixtures.TestClock(RuntimeFixtures.T0))
          .sessionStore((org.scenariomigration.spi.SessionStore) proxy).build();
      engine.publish(TENANT, RuntimeFixtures.v1());
      for (String id : List.of("s1", "s2")) {
        engine.startSession(TENANT, id, "c-" + id, "web", "order-flow");
        engine.advance(TENANT, id, "checkout");
      }
      MigrationPlan p = engine.operations().generatePlan(TENANT, RuntimeFixtures.v2RequiredActionInserted(), "op");
      engine.operations().approve(TENANT, p.id(), "lead");
      engine.operations().deploy(TENANT, p.id());
    }

    void reset() {
      finds.set(0);
      asked.set(0);
    }
  }

  @Test
  void nothing_owed_costs_the_per_message_path_nothing_more_than_its_one_session_read() {
    Watched w = new Watched();
    Outcome owed = w.engine.reconcile(TENANT, "s1");
    assertThat(w.asked.get()).as("asked once, for the move that owes").isEqualTo(1);
    w.engine.acknowledge(TENANT, "s1", owed.effectId());

    w.reset();
    for (int i = 0; i < 3; i++) {
      assertThat(w.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
    }
    assertThat(w.finds.get()).isEqualTo(3);
    assertThat(w.asked.get()).isZero();

    // offering what is owed reads the session only, and writes nothing
    w.engine.reconcile(TENANT, "s2");
    SessionState owing = w.memory.find(TENANT, "s2").orElseThrow();
    w.reset();
    assertThat(w.engine.reconcile(TENANT, "s2").effectId()).isEqualTo(owing.owed().id());
    assertThat(w.finds.get()).isEqualTo(1);
    assertThat(w.memory.find(TENANT, "s2")).contains(owing);
  }

  @Test
  void stores_joined_to_the_host_transaction_let_its_commit_retire_what_is_handed_over() {
    Watched w = new Watched();
    w.joined = true;

    Outcome o = w.engine.reconcile(TENANT, "s1");

    assertThat(o.kind()).isEqualTo(Outcome.Kind.EXECUTE_ACTIONS);
    assertThat(o.effectId()).isNotNull();
    assertThat(w.memory.find(TENANT, "s1").orElseThrow().owed()).as("nothing stays owed past the commit").isNull();
    assertThat(w.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(w.engine.acknowledge(TENANT, "s1", o.effectId())).as("issued, and retired").isFalse();
    assertThat(w.memory.forSession(TENANT, "s1")).extracting(JournalRecord::kind)
        .containsExactly(JournalRecord.Kind.MIGRATED);

    // an effect owed from outside the host's transaction is retired, journaled, in the one that receives it
    w.joined = false;
    Outcome first = w.engine.reconcile(TENANT, "s2");
    w.joined = true;
    assertThat(w.engine.reconcile(TENANT, "s2")).isEqualTo(first);
    assertThat(w.memory.find(TENANT, "s2").orElseThrow().owed()).isNull();
    assertThat(w.engine.reconcile(TENANT, "s2")).isSameAs(Outcome.CONTINUE);
    List<JournalRecord> journal = w.memory.forSession(TENANT, "s2");
    assertThat(journal).extracting(JournalRecord::kind)
        .containsExactly(JournalRecord.Kind.MIGRATED, JournalRecord.Kind.EFFECT_RETIRED);
    assertThat(journal.get(1).checkpointWarning()).contains(first.effectId())
        .contains("handed over inside the host's transaction");
  }

  @Test
  void the_effect_id_is_the_same_for_the_same_move_made_again_from_the_same_state() {
    Env a = actionsOwed();
    Env b = actionsOwed();
    Outcome fromA = a.engine.reconcile(TENANT, "s1");
    Outcome fromB = b.engine.reconcile(TENANT, "s1");
    assertThat(fromB.effectId()).isEqualTo(fromA.effectId());

    // another session owes another id
    a.session("s2", "web", "checkout");
    assertThat(a.engine.reconcile(TENANT, "s2").effectId()).isNotEqualTo(fromA.effectId());
  }
}
