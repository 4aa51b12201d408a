package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.session.SessionState;

class OperationsModesTest {
  private static final String OTHER = "tenant-2";

  private static Env v1Env(MigrationConfig config) {
    Env env = new Env(config);
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    return env;
  }

  @Test
  void auto_is_the_default_mode_globally_and_for_every_tenant() {
    Env env = v1Env(MigrationConfig.DEFAULTS);

    assertThat(env.engine.operations().mode(TENANT)).isEqualTo(MigrationMode.AUTO);
    assertThat(env.engine.operations().mode(OTHER)).isEqualTo(MigrationMode.AUTO);
  }

  @Test
  void off_from_the_config_marks_nothing_and_reconcile_always_continues() {
    Env env = v1Env(MigrationConfig.custom().mode(MigrationMode.OFF).build());
    env.session("s1", "web", "checkout");

    MigrationPlan plan = env.deploy(RuntimeFixtures.v2PaymentDownstream());

    assertThat(env.engine.operations().mode(TENANT)).isEqualTo(MigrationMode.OFF);
    assertThat(env.engine.operations().deploymentStatus(TENANT, plan.id()).sessionsMarked()).isZero();
    assertThat(env.engine.pendingMigration(TENANT, "s1").orElse(null)).isNull();
    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(env.engine.session(TENANT, "s1").version()).isEqualTo(1);
    assertThat(env.journal("s1")).isEmpty();
  }

  @Test
  void off_at_run_time_freezes_marked_sessions_and_auto_resumes_them() {
    Env env = v1Env(MigrationConfig.DEFAULTS);
    env.session("s1", "web", "checkout");
    MigrationPlan plan = env.deploy(RuntimeFixtures.v2PaymentDownstream());
    SessionState marked = env.engine.session(TENANT, "s1");
    assertThat(env.engine.pendingMigration(TENANT, "s1")).isPresent();

    env.engine.operations().setMode(MigrationMode.OFF);

    assertThat(env.engine.operations().mode(TENANT)).isEqualTo(MigrationMode.OFF);
    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(env.engine.session(TENANT, "s1")).isEqualTo(marked);
    assertThat(env.engine.operations().markSessions(TENANT, plan.id()).sessionsMarked()).isZero();

    env.engine.operations().setMode(MigrationMode.AUTO);

    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.CLEAN_GRAFT, null));
    assertThat(env.journal("s1")).extracting(JournalRecord::kind).containsExactly(JournalRecord.Kind.MIGRATED);
  }

  @Test
  void a_tenant_override_wins_over_the_global_auto_but_never_over_the_global_kill_switch() {
    Env env = v1Env(MigrationConfig.DEFAULTS);
    env.engine.publish(OTHER, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    env.engine.startSession(OTHER, "s1", "c", "web", "order-flow");
    env.engine.advance(OTHER, "s1", "checkout");
    env.deploy(RuntimeFixtures.v2PaymentDownstream());
    MigrationPlan other = env.engine.operations().generatePlan(OTHER, RuntimeFixtures.v2PaymentDownstream(), "op");
    env.engine.operations().approve(OTHER, other.id(), "lead");
    env.engine.operations().deploy(OTHER, other.id());

    env.engine.operations().setMode(OTHER, MigrationMode.OFF);

    assertThat(env.engine.operations().mode(OTHER)).isEqualTo(MigrationMode.OFF);
    assertThat(env.engine.operations().mode(TENANT)).isEqualTo(MigrationMode.AUTO);
    assertThat(env.engine.reconcile(OTHER, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(env.engine.session(OTHER, "s1").version()).isEqualTo(1);
    assertThat(env.engine.reconcile(TENANT, "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);

    // the global kill switch wins over a tenant set to auto, before or after it
    env.engine.operations().setMode(MigrationMode.OFF);
    env.engine.operations().setMode(OTHER, MigrationMode.AUTO);
    assertThat(env.engine.operations().mode(TENANT)).isEqualTo(MigrationMode.OFF);
    assertThat(env.engine.operations().mode(OTHER)).isEqualTo(MigrationMode.OFF);
    assertThat(env.engine.reconcile(OTHER, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(env.engine.session(OTHER, "s1").version()).isEqualTo(1);

    env.engine.operations().setMode(MigrationMode.AUTO);
    assertThat(env.engine.reconcile(OTHER, "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    env.engine.operations().setMode(OTHER, null);
    assertThat(env.engine.operations().mode(OTHER)).isEqualTo(MigrationMode.AUTO);
  }

  @Test
  void strict_tells_a_session_without_a_plan_chain_to_exit_instead_of_relocating_it() {
    Env env = v1Env(MigrationConfig.custom().mode(MigrationMode.STRICT).build());
    env.session("s1", "web", "checkout");
    env.engine.publish(TENANT, RuntimeFixtures.v2AgeInserted());
    env.engine.operations().makeCurrent(TENANT, "order-flow", 2);
    SessionState before = env.engine.session(TENANT, "s1");

    Outcome o = env.engine.reconcile(TENANT, "s1");

    assertThat(o).isEqualTo(new Outcome.ExitScenario(MigrationConfig.DEFAULTS.exitMessage(), o.effectId()));
    SessionState s = env.engine.session(TENANT, "s1");
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.currentStepId()).isEqualTo("checkout");
    assertThat(env.journal("s1")).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(JournalRecord.Kind.EXITED);
      assertThat(r.before()).isEqualTo(before);
    });
    assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(o); // owed until the host acknowledges it
    assertThat(env.engine.acknowledge(TENANT, "s1", o.effectId())).isTrue();
    assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
  }

  @Test
  void strict_with_strict_action_exception_throws_and_changes_nothing() {
    Env env = v1Env(MigrationConfig.custom().mode(MigrationMode.STRICT)
        .strictAction(MigrationConfig.StrictAction.EXCEPTION).build());
    env.session("s1", "web", "checkout");
    env.engine.publish(TENANT, RuntimeFixtures.v2AgeInserted());
    env.engine.operations().makeCurrent(TENANT, "order-flow", 2);
    SessionState before = env.engine.session(TENANT, "s1");

    assertThatThrownBy(() -> env.engine.reconcile(TENANT, "s1")).isInstanceOf(StrictModeException.class)
        .hasMessageContaining("s1");

    assertThat(env.engine.session(TENANT, "s1")).isEqualTo(before);
    assertThat(env.journal("s1")).isEmpty();
  }

  @Test
  void strict_still_applies_a_deployed_plan() {
    Env env = v1Env(MigrationConfig.DEFAULTS);
    env.session("planned", "web", "checkout");
    env.engine.operations().setMode(TENANT, MigrationMode.STRICT);
    env.deploy(RuntimeFixtures.v2PaymentDownstream());

    assertThat(env.engine.reconcile(TENANT, "planned")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.CLEAN_GRAFT,
        null));
  }

  @Test
  void switching_a_tenant_between_strict_and_auto_at_run_time_takes_effect_at_the_next_message() {
    Env env = v1Env(MigrationConfig.DEFAULTS);
    env.session("s1", "web", "checkout");
    env.session("s2", "web", "checkout");
    env.engine.publish(TENANT, RuntimeFixtures.v2AgeInserted());
    env.engine.operations().makeCurrent(TENANT, "order-flow", 2);

    env.engine.operations().setMode(TENANT, MigrationMode.STRICT);
    assertThat(env.engine.operations().mode(TENANT)).isEqualTo(MigrationMode.STRICT);
    assertThat(env.engine.reconcile(TENANT, "s1").kind()).isEqualTo(Outcome.Kind.EXIT_SCENARIO);

    env.engine.operations().setMode(TENANT, null); // back to the global AUTO: relocated, and asked for the gap first
    assertThat(env.engine.reconcile(TENANT, "s2").kind()).isEqualTo(Outcome.Kind.COLLECT);
    env.engine.setVariables(TENANT, "s2", Map.of("age", 40));
    assertThat(env.engine.reconcile(TENANT, "s2")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.RELOCATION,
        null));
  }

  /** Threads reconcile while another flips OFF and AUTO: no exception, no double application, OFF continues. */
  @Test
  void switching_the_mode_while_traffic_is_flowing_never_applies_a_migration_twice() throws Exception {
    Env env = v1Env(MigrationConfig.DEFAULTS);
    int sessions = 60;
    for (int i = 0; i < sessions; i++) {
      env.session(String.format("s%03d", i), "web", "checkout");
    }
    env.deploy(RuntimeFixtures.v2PaymentDownstream());
    int threads = 8;
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger teleports = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    CountDownLatch running = new CountDownLatch(threads);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t * 7;
      Thread w = new Thread(() -> {
        running.countDown();
        int round = 0;
        while (!stop.get() || round < 2) {
          for (int i = 0; i < sessions; i++) {
            try {
              Outcome o = env.engine.reconcile(TENANT, String.format("s%03d", (i + offset) % sessions));
              if (o.kind() == Outcome.Kind.TELEPORT) {
                teleports.incrementAndGet();
              } else if (o.kind() != Outcome.Kind.CONTINUE) {
                errors.add(new AssertionError("unexpected outcome " + o));
              }
            } catch (Throwable e) {
              errors.add(e);
            }
          }
          round++;
        }
      });
      workers.add(w);
    }
    env.engine.operations().setMode(MigrationMode.OFF);
    workers.forEach(Thread::start);
    running.await();
    for (int flip = 0; flip < 40; flip++) {
      env.engine.operations().setMode(MigrationMode.OFF);
      // while it is OFF, every reconcile answers CONTINUE, whatever the other threads are doing
      for (int i = flip; i < sessions; i += 10) {
        assertThat(env.engine.reconcile(TENANT, String.format("s%03d", i))).isSameAs(Outcome.CONTINUE);
      }
      env.engine.operations().setMode(MigrationMode.AUTO);
      Thread.yield();
    }
    env.engine.operations().setMode(MigrationMode.AUTO);
    stop.set(true);
    for (Thread w : workers) {
      w.join(TimeUnit.SECONDS.toMillis(60));
    }

    assertThat(errors).isEmpty();
    for (int i = 0; i < sessions; i++) { // whatever the last AUTO window left over
      if (env.engine.reconcile(TENANT, String.format("s%03d", i)).kind() == Outcome.Kind.TELEPORT) {
        teleports.incrementAndGet();
      }
    }
    assertThat(teleports.get()).isEqualTo(sessions);
    for (int i = 0; i < sessions; i++) {
      String id = String.format("s%03d", i);
      assertThat(env.journal(id)).as(id).extracting(JournalRecord::kind)
          .containsExactly(JournalRecord.Kind.MIGRATED);
      assertThat(env.engine.session(TENANT, id).version()).as(id).isEqualTo(2);
      assertThat(env.engine.pendingMigration(TENANT, id).orElse(null)).as(id).isNull();
    }
    assertThat(env.engine.metrics().count("migrations_applied")).isEqualTo(sessions);
  }
}
