package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.session.SessionState;

class TenantIsolationTest {
  private final RuntimeFixtures.TestClock clock = new RuntimeFixtures.TestClock(RuntimeFixtures.T0);
  private final InMemorySessionStore sessions = new InMemorySessionStore();
  private final ScenarioMigration engine = ScenarioMigration.builder().clock(clock).sessionStore(sessions).build();

  private void setUpTenant(String tenant) {
    engine.publish(tenant, RuntimeFixtures.v1());
    engine.startSession(tenant, "s1", "c1", "web", "order-flow");
    engine.advance(tenant, "s1", "checkout");
    engine.startSession(tenant, "s2", "c2", "web", "order-flow");
  }

  @Test
  void deploying_in_one_tenant_never_marks_or_moves_the_other_tenants_sessions() {
    setUpTenant("acme");
    setUpTenant("globex");
    SessionState globexS1 = engine.session("globex", "s1");
    SessionState globexS2 = engine.session("globex", "s2");

    MigrationPlan plan = engine.operations().generatePlan("acme", RuntimeFixtures.v2PaymentDownstream(), "op");
    assertThat(plan.summary().estimatedSessionsAffected()).isEqualTo(2);
    engine.operations().approve("acme", plan.id(), "lead");
    assertThat(engine.operations().deploy("acme", plan.id()).sessionsMarked()).isEqualTo(2);

    assertThat(engine.session("globex", "s1")).isEqualTo(globexS1);
    assertThat(engine.session("globex", "s2")).isEqualTo(globexS2);
    assertThat(engine.currentVersion("globex", "order-flow").version()).isEqualTo(1);
    assertThat(engine.reconcile("globex", "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(engine.session("globex", "s1").version()).isEqualTo(1);
    assertThat(sessions.forSession("globex", "s1")).isEmpty();

    assertThat(engine.reconcile("acme", "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(engine.session("acme", "s1").version()).isEqualTo(2);
    assertThat(engine.session("globex", "s1")).isEqualTo(globexS1);
    assertThat(sessions.forPlan("globex", plan.id())).isEmpty();
    assertThat(sessions.forPlan("acme", plan.id())).hasSize(1);
  }

  @Test
  void a_plan_of_one_tenant_is_unknown_in_the_other() {
    setUpTenant("acme");
    setUpTenant("globex");
    MigrationPlan plan = engine.operations().generatePlan("acme", RuntimeFixtures.v2PaymentDownstream(), "op");

    assertThatThrownBy(() -> engine.operations().approve("globex", plan.id(), "lead"))
        .isInstanceOf(UnknownPlanException.class).hasMessageContaining("globex").hasMessageContaining(plan.id());
    assertThatThrownBy(() -> engine.operations().deploy("globex", plan.id())).isInstanceOf(UnknownPlanException.class);
  }

  @Test
  void reconcile_of_an_unknown_session_names_tenant_and_session() {
    setUpTenant("acme");

    assertThatThrownBy(() -> engine.reconcile("acme", "nope"))
        .isInstanceOf(UnknownSessionException.class).hasMessageContaining("'acme'").hasMessageContaining("'nope'");
    assertThatThrownBy(() -> engine.reconcile("initech", "s1"))
        .isInstanceOf(UnknownSessionException.class).hasMessageContaining("'initech'").hasMessageContaining("'s1'");
    assertThatThrownBy(() -> engine.session("initech", "s1")).isInstanceOf(UnknownSessionException.class);
  }
}
