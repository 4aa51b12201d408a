package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scenariomigration.runtime.RuntimeFixtures.T0;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.runtime.RuntimeFixtures.TestClock;
import org.scenariomigration.memory.InMemoryPlanStore;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.memory.InMemoryScenarioStore;
import org.scenariomigration.memory.InMemorySessionStore;

class OperationsDeploymentStatusTest {

  /** Stores that outlive an engine, so that a "restarted" engine can be built over the same objects. */
  private static final class Stores {
    final TestClock clock = new TestClock(T0);
    final InMemoryScenarioStore scenarios = new InMemoryScenarioStore();
    final InMemoryPlanStore plans = new InMemoryPlanStore();
    final InMemorySessionStore sessions = new InMemorySessionStore();
    final InMemoryProfileStore profiles = new InMemoryProfileStore();

    ScenarioMigration engine() {
      return ScenarioMigration.builder().clock(clock).scenarioStore(scenarios).planStore(plans)
          .sessionStore(sessions).profileStore(profiles).build();
    }
  }

  private static void session(ScenarioMigration engine, String id, String... steps) {
    engine.startSession(TENANT, id, "customer-" + id, "web", "order-flow");
    for (String s : steps) {
      engine.advance(TENANT, id, s);
    }
  }

  private static MigrationPlan deploy(ScenarioMigration engine, ScenarioVersion to) {
    MigrationPlan p = engine.operations().generatePlan(TENANT, to, "op");
    engine.operations().approve(TENANT, p.id(), "lead");
    engine.operations().deploy(TENANT, p.id());
    return p;
  }

  @Test
  void a_fresh_deployment_reports_every_marked_session_as_pending() {
    Stores st = new Stores();
    ScenarioMigration engine = st.engine();
    engine.publish(TENANT, RuntimeFixtures.v1());
    session(engine, "w");
    session(engine, "c1", "checkout");
    session(engine, "c2", "checkout");
    session(engine, "f", "checkout", "confirm");
    MigrationPlan plan = deploy(engine, RuntimeFixtures.v2AgeInserted());

    DeploymentStatus s = engine.operations().deploymentStatus(TENANT, plan.id());

    assertThat(s.planId()).isEqualTo(plan.id());
    assertThat(s.status()).isEqualTo(PlanStatus.DEPLOYED);
    assertThat(s.rolloutPercent()).isEqualTo(100);
    assertThat(s.sessionsMarked()).isEqualTo(4);
    assertThat(s.migrationsApplied()).isZero();
    assertThat(s.migrationsPending()).isEqualTo(4);
    assertThat(s.migrationsByScenario()).containsExactly(Map.entry("clean_graft", 0L), Map.entry("gap_fill", 0L),
        Map.entry("re_route", 0L));
    assertThat(s.checkpointBlocks()).isZero();
    assertThat(s.deployedAt()).isEqualTo(T0);
    assertThat(s.lastMigrationAt()).isNull();
  }

  @Test
  void status_counts_applied_migrations_per_class_and_survives_a_restart() {
    Stores st = new Stores();
    ScenarioMigration engine = st.engine();
    engine.publish(TENANT, RuntimeFixtures.v1());
    session(engine, "w");
    session(engine, "c1", "checkout");
    session(engine, "c2", "checkout");
    session(engine, "f", "checkout", "confirm");
    engine.setVariables(TENANT, "c1", Map.of("age", 30));
    engine.setVariables(TENANT, "f", Map.of("age", 41));
    MigrationPlan plan = deploy(engine, RuntimeFixtures.v2AgeInserted());
    st.clock.advance(Duration.ofHours(1));
    engine.reconcile(TENANT, "w");
    st.clock.advance(Duration.ofHours(1));
    engine.reconcile(TENANT, "c1");
    assertThat(engine.reconcile(TENANT, "c2").kind()).isEqualTo(Outcome.Kind.COLLECT);
    st.clock.advance(Duration.ofHours(1));
    Instant last = st.clock.instant();
    engine.reconcile(TENANT, "f");

    DeploymentStatus s = engine.operations().deploymentStatus(TENANT, plan.id());

    assertThat(s.sessionsMarked()).isEqualTo(4);
    assertThat(s.migrationsApplied()).isEqualTo(3);
    assertThat(s.migrationsPending()).isEqualTo(1);
    assertThat(s.migrationsByScenario()).containsExactly(Map.entry("clean_graft", 1L), Map.entry("gap_fill", 2L),
        Map.entry("re_route", 0L));
    assertThat(s.checkpointBlocks()).isZero();
    assertThat(s.deployedAt()).isEqualTo(T0);
    assertThat(s.lastMigrationAt()).isEqualTo(last);

    // a restarted engine over the same stores (new caches, new metrics) reports exactly the same
    ScenarioMigration restarted = st.engine();
    assertThat(restarted.metrics().counters()).isEmpty();
    assertThat(restarted.operations().deploymentStatus(TENANT, plan.id())).isEqualTo(s);
    // and keeps counting from where the first left off
    restarted.setVariables(TENANT, "c2", Map.of("age", 22));
    restarted.reconcile(TENANT, "c2");
    DeploymentStatus after = restarted.operations().deploymentStatus(TENANT, plan.id());
    assertThat(after.migrationsApplied()).isEqualTo(4);
    assertThat(after.migrationsPending()).isZero();
    assertThat(after.sessionsMarked()).isEqualTo(4);
    assertThat(after.migrationsByScenario()).containsEntry("gap_fill", 3L);
    assertThat(engine.operations().deploymentStatus(TENANT, plan.id())).isEqualTo(after);
  }

  @Test
  void checkpoint_blocks_are_counted_and_the_blocked_session_is_marked_but_not_applied() {
    Stores st = new Stores();
    ScenarioMigration engine = st.engine();
    engine.publish(TENANT, RuntimeFixtures.v1WithPayment());
    session(engine, "paid", "payment", "checkout");
    session(engine, "new");
    MigrationPlan plan = deploy(engine, RuntimeFixtures.v2PaymentAfterCheckout());

    assertThat(engine.reconcile(TENANT, "paid").blockedByCheckpoint()).isTrue();
    assertThat(engine.reconcile(TENANT, "new").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    DeploymentStatus s = engine.operations().deploymentStatus(TENANT, plan.id());

    assertThat(s.checkpointBlocks()).isEqualTo(1);
    assertThat(s.migrationsApplied()).isEqualTo(1);
    assertThat(s.migrationsPending()).isZero();
    assertThat(s.sessionsMarked()).isEqualTo(2);
    assertThat(st.engine().operations().deploymentStatus(TENANT, plan.id())).isEqualTo(s);
  }

  @Test
  void a_superseded_plan_keeps_its_own_status_and_the_new_plan_starts_from_zero() {
    Stores st = new Stores();
    ScenarioMigration engine = st.engine();
    engine.publish(TENANT, RuntimeFixtures.v1());
    session(engine, "a", "checkout");
    MigrationPlan p12 = deploy(engine, RuntimeFixtures.v2AgeAndLoyalty());
    engine.setVariables(TENANT, "a", Map.of("age", 30, "loyalty_id", "L-1"));
    engine.reconcile(TENANT, "a");
    st.clock.advance(Duration.ofDays(1));
    MigrationPlan p23 = deploy(engine, RuntimeFixtures.v3LoyaltyDropped());

    DeploymentStatus old = engine.operations().deploymentStatus(TENANT, p12.id());
    DeploymentStatus current = engine.operations().deploymentStatus(TENANT, p23.id());

    assertThat(old.status()).isEqualTo(PlanStatus.SUPERSEDED);
    assertThat(old.migrationsApplied()).isEqualTo(1);
    assertThat(current.status()).isEqualTo(PlanStatus.DEPLOYED);
    assertThat(current.deployedAt()).isEqualTo(T0.plus(Duration.ofDays(1)));
    assertThat(current.sessionsMarked()).isEqualTo(1);
    assertThat(current.migrationsPending()).isEqualTo(1);
    assertThat(current.migrationsApplied()).isZero();
  }
}
