package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.runtime.RuntimeFixtures.Env;

class OperatorSurfaceTest {
  @Test
  void an_engine_has_one_operator_surface_and_another_engine_has_its_own() {
    ScenarioMigration one = ScenarioMigration.builder().build();
    ScenarioMigration two = ScenarioMigration.builder().build();

    assertThat(one.operations()).isSameAs(one.operations());
    assertThat(two.operations()).isNotSameAs(one.operations());
  }

  @Test
  void the_operator_surface_works_on_the_engine_s_own_stores_and_caches() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.engine.startSession(TENANT, "s-1", "c-1", "whatsapp", "order-flow");
    env.engine.advance(TENANT, "s-1", "checkout");

    MigrationPlan plan = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2PaymentDownstream(), "op");
    env.engine.operations().approve(TENANT, plan.id(), "lead");
    env.engine.operations().deploy(TENANT, plan.id());

    assertThat(env.engine.currentVersion(TENANT, "order-flow").version()).isEqualTo(2);
    assertThat(env.engine.pendingMigration(TENANT, "s-1")).hasValueSatisfying(
        p -> assertThat(p.planId()).isEqualTo(plan.id()));

    env.engine.operations().setMode(MigrationMode.OFF);
    assertThat(env.engine.reconcile(TENANT, "s-1")).isEqualTo(Outcome.CONTINUE);
    assertThat(env.engine.pendingMigration(TENANT, "s-1")).isEmpty();
  }
}
