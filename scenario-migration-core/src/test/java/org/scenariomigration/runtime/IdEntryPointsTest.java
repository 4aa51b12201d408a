package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.spi.StoreFixtures.assertInvalidId;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.scenariomigration.IdKind;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.LookAlikeIds;
import org.scenariomigration.session.SessionState;

/**
 * Every entry point of {@link ScenarioMigration} refuses an id outside the grammar with {@link
 * org.scenariomigration.InvalidIdException} naming it, and changes nothing; {@code reconcile} checks only after the
 * store found no session, so that its hot path does not pay for it.
 */
class IdEntryPointsTest {
  private static final String T = RuntimeFixtures.TENANT;

  @Test
  void every_entry_point_refuses_every_id_outside_the_grammar_and_changes_nothing() {
    RuntimeFixtures.Env env = new RuntimeFixtures.Env();
    ScenarioMigration m = env.engine;
    m.publish(T, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    env.session("s2", "web");
    MigrationPlan plan = m.operations().generatePlan(T, RuntimeFixtures.v2PaymentDownstream(), "op");
    m.operations().approve(T, plan.id(), "lead");
    m.operations().deploy(T, plan.id());
    m.reconcile(T, "s1");
    String p = plan.id();
    List<SessionState> before = List.of(m.session(T, "s1"), m.session(T, "s2"));
    List<JournalRecord> journal = m.journal(T, "s1");

    for (LookAlikeIds.Refused r : LookAlikeIds.refused()) {
      String bad = r.id();
      assertInvalidId(IdKind.TENANT, bad, () -> m.publish(bad, RuntimeFixtures.v1()));
      assertInvalidId(IdKind.TENANT, bad, () -> m.operations().makeCurrent(bad, "order-flow", 1));
      assertInvalidId(IdKind.SCENARIO, bad, () -> m.operations().makeCurrent(T, bad, 1));
      assertInvalidId(IdKind.TENANT, bad, () -> m.currentVersion(bad, "order-flow"));
      assertInvalidId(IdKind.SCENARIO, bad, () -> m.currentVersion(T, bad));
      assertInvalidId(IdKind.SCENARIO, bad, () -> m.version(T, bad, 1));
      assertInvalidId(IdKind.TENANT, bad, () -> m.startSession(bad, "s9", "c", "web", "order-flow"));
      assertInvalidId(IdKind.SESSION, bad, () -> m.startSession(T, bad, "c", "web", "order-flow"));
      assertInvalidId(IdKind.CUSTOMER, bad, () -> m.startSession(T, "s9", bad, "web", "order-flow"));
      assertInvalidId(IdKind.CHANNEL, bad, () -> m.startSession(T, "s9", "c", bad, "order-flow"));
      assertInvalidId(IdKind.SCENARIO, bad, () -> m.startSession(T, "s9", "c", "web", bad));
      assertInvalidId(IdKind.TENANT, bad, () -> m.session(bad, "s1"));
      assertInvalidId(IdKind.SESSION, bad, () -> m.session(T, bad));
      assertInvalidId(IdKind.STEP, bad, () -> m.advance(T, "s2", bad));
      assertInvalidId(IdKind.SESSION, bad, () -> m.advance(T, bad, "checkout"));
      assertInvalidId(IdKind.SESSION, bad, () -> m.setVariables(T, bad, Map.of("x", 1)));
      assertInvalidId(IdKind.TENANT, bad, () -> m.acknowledge(bad, "s1", "effect"));
      assertInvalidId(IdKind.SESSION, bad, () -> m.acknowledge(T, bad, "effect"));
      assertInvalidId(IdKind.TENANT, bad, () -> m.operations().generatePlan(bad, RuntimeFixtures.v2PaymentDownstream(),
          "op"));
      assertInvalidId(IdKind.PLAN, bad, () -> m.operations().plan(T, bad));
      assertInvalidId(IdKind.TENANT, bad, () -> m.operations().plan(bad, p));
      assertInvalidId(IdKind.PLAN, bad, () -> m.operations().updatePolicies(T, bad, Map.of()));
      assertInvalidId(IdKind.PLAN, bad, () -> m.operations().approve(T, bad, "lead"));
      assertInvalidId(IdKind.PLAN, bad, () -> m.operations().reject(T, bad));
      assertInvalidId(IdKind.PLAN, bad, () -> m.operations().deploy(T, bad));
      assertInvalidId(IdKind.PLAN, bad, () -> m.operations().widenRollout(T, bad, 100));
      assertInvalidId(IdKind.PLAN, bad, () -> m.operations().markSessions(T, bad));
      assertInvalidId(IdKind.TENANT, bad, () -> m.operations().setMode(bad, MigrationMode.OFF));
      assertInvalidId(IdKind.TENANT, bad, () -> m.operations().setSoftLaunchTenants(Set.of(T, bad)));
      assertInvalidId(IdKind.SESSION, bad, () -> m.journal(T, bad));
      assertInvalidId(IdKind.PLAN, bad, () -> m.operations().deploymentStatus(T, bad));
      assertInvalidId(IdKind.PLAN, bad, () -> m.operations().rollback(T, bad));
      assertInvalidId(IdKind.SESSION, bad, () -> m.operations().dryRun(T, p, bad, false));
      assertInvalidId(IdKind.PLAN, bad, () -> m.operations().previewImpact(T, bad, 0));
      assertInvalidId(IdKind.PLAN, bad, () -> m.operations().migrateNow(T, bad, 10, x -> { }));
      assertInvalidId(IdKind.SCENARIO, bad, () -> m.operations().purge(T, bad, false));
      assertInvalidId(IdKind.TENANT, bad, () -> m.reconcile(bad, "s2"));
      assertInvalidId(IdKind.SESSION, bad, () -> m.reconcile(T, bad));
    }

    assertThat(List.of(m.session(T, "s1"), m.session(T, "s2"))).isEqualTo(before);
    assertThat(m.journal(T, "s1")).isEqualTo(journal);
    assertThat(m.operations().mode(T)).isEqualTo(MigrationMode.AUTO);
    assertThat(m.operations().plan(T, p).status()).isEqualTo(org.scenariomigration.plan.PlanStatus.DEPLOYED);
    assertThat(m.reconcile(T, "s2").kind()).isEqualTo(Outcome.Kind.TELEPORT);
  }

  @Test
  void reconcile_checks_ids_only_after_the_store_found_nothing() {
    RuntimeFixtures.Env env = new RuntimeFixtures.Env();
    ScenarioMigration m = env.engine;
    m.publish(T, RuntimeFixtures.v1());
    env.session("s1", "web");

    assertThat(m.reconcile(T, "s1")).isSameAs(Outcome.CONTINUE);
    assertThatThrownBy(() -> m.reconcile(T, "s9")).isInstanceOf(UnknownSessionException.class);
    assertInvalidId(IdKind.SESSION, "s1 ", () -> m.reconcile(T, "s1 "));
    assertInvalidId(IdKind.TENANT, "", () -> m.reconcile("", "s1"));
    // the kill switch answers before any read, for any ids
    m.operations().setMode(MigrationMode.OFF);
    assertThat(m.reconcile(T, "s1 ")).isSameAs(Outcome.CONTINUE);
  }

  @Test
  void look_alike_tenants_with_the_same_scenario_and_session_ids_never_touch_each_other_in_memory() {
    for (List<String> pair : LookAlikeTenants.PAIRS) {
      LookAlikeTenants.check(new RuntimeFixtures.Env().engine, pair.get(0), pair.get(1));
      LookAlikeTenants.check(new RuntimeFixtures.Env().engine, pair.get(1), pair.get(0));
    }
  }
}
