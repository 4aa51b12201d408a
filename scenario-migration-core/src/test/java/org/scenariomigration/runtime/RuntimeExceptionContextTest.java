package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.EndReason;

/**
 * The exceptions of the runtime carry what their message names as getters, set where they are thrown: the tests
 * provoke each through the engine (strict mode, whose setup is long, is built directly).
 */
class RuntimeExceptionContextTest {

  private static Env env() {
    Env env = new Env(MigrationConfig.DEFAULTS);
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    return env;
  }

  @Test
  void unknown_scenario_names_the_scenario_the_version_and_the_step() {
    Env env = env();

    UnknownScenarioException noScenario = catchThrowableOfType(UnknownScenarioException.class,
        () -> env.engine.currentVersion(TENANT, "no-such-flow"));
    assertThat(noScenario.tenantId()).isEqualTo(TENANT);
    assertThat(noScenario.scenarioId()).isEqualTo("no-such-flow");
    assertThat(noScenario.version()).isZero();

    UnknownScenarioException noVersion = catchThrowableOfType(UnknownScenarioException.class,
        () -> env.engine.version(TENANT, "order-flow", 7));
    assertThat(noVersion.scenarioId()).isEqualTo("order-flow");
    assertThat(noVersion.version()).isEqualTo(7);
    assertThat(noVersion).hasMessageContaining("version 7").hasMessageContaining("'order-flow'");

    SessionState before = env.engine.session(TENANT, "s1");
    UnknownStepException noStep = catchThrowableOfType(UnknownStepException.class,
        () -> env.engine.advance(TENANT, "s1", "no-such-step"));
    assertThat(noStep.tenantId()).isEqualTo(TENANT);
    assertThat(noStep.scenarioId()).isEqualTo("order-flow");
    assertThat(noStep.version()).isEqualTo(1);
    assertThat(noStep.stepId()).isEqualTo("no-such-step");
    assertThat(noStep.sessionId()).isEqualTo("s1");
    assertThat(noStep).isNotInstanceOf(UnknownScenarioException.class).hasMessageContaining("'no-such-step'")
        .hasMessageContaining("'s1'");
    assertThat(env.engine.session(TENANT, "s1")).isEqualTo(before);
  }

  @Test
  void unknown_session_and_unknown_plan_name_the_tenant_and_the_id() {
    Env env = env();

    UnknownSessionException session = catchThrowableOfType(UnknownSessionException.class,
        () -> env.engine.session(TENANT, "ghost"));
    assertThat(session.tenantId()).isEqualTo(TENANT);
    assertThat(session.sessionId()).isEqualTo("ghost");

    UnknownPlanException plan = catchThrowableOfType(UnknownPlanException.class,
        () -> env.engine.operations().plan(TENANT, "ghost-plan"));
    assertThat(plan.tenantId()).isEqualTo(TENANT);
    assertThat(plan.planId()).isEqualTo("ghost-plan");
  }

  @Test
  void an_illegal_plan_status_names_the_plan_the_operation_the_status_and_what_is_allowed() {
    Env env = env();
    MigrationPlan plan = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2AgeInserted(), "op");
    env.engine.operations().reject(TENANT, plan.id());

    IllegalPlanStatusException e = catchThrowableOfType(IllegalPlanStatusException.class,
        () -> env.engine.operations().approve(TENANT, plan.id(), "lead"));

    assertThat(e.planId()).isEqualTo(plan.id());
    assertThat(e.operation()).isEqualTo("approve");
    assertThat(e.status()).isEqualTo(PlanStatus.REJECTED);
    assertThat(e.allowed()).isEqualTo("pending");
  }

  @Test
  void an_invalid_rollout_names_the_plan_the_percent_asked_and_the_smallest_allowed() {
    Env env = env();
    MigrationPlan plan = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2AgeInserted(), "op");
    env.engine.operations().approve(TENANT, plan.id(), "lead");

    InvalidRolloutException zero = catchThrowableOfType(InvalidRolloutException.class,
        () -> env.engine.operations().deploy(TENANT, plan.id(), 0));
    assertThat(zero.planId()).isEqualTo(plan.id());
    assertThat(zero.requestedPercent()).isZero();
    assertThat(zero.minimumPercent()).isEqualTo(1);

    env.engine.operations().deploy(TENANT, plan.id(), 40);
    InvalidRolloutException narrower = catchThrowableOfType(InvalidRolloutException.class,
        () -> env.engine.operations().widenRollout(TENANT, plan.id(), 30));
    assertThat(narrower.planId()).isEqualTo(plan.id());
    assertThat(narrower.requestedPercent()).isEqualTo(30);
    assertThat(narrower.minimumPercent()).isEqualTo(40);
  }

  @Test
  void a_call_on_an_ended_session_names_the_session_its_end_and_the_call() {
    Env env = env();
    SessionState ended = env.engine.endSession(TENANT, "s1", EndReason.ABANDONED);

    SessionEndedException e = catchThrowableOfType(SessionEndedException.class,
        () -> env.engine.advance(TENANT, "s1", "checkout"));

    assertThat(e.tenantId()).isEqualTo(TENANT);
    assertThat(e.sessionId()).isEqualTo("s1");
    assertThat(e.end()).isEqualTo(ended.end());
    assertThat(e.attempted()).isEqualTo("advance to 'checkout'");
  }

  @Test
  void strict_mode_names_the_session_its_version_and_the_current_version() {
    StrictModeException e = new StrictModeException(TENANT, "s1", "order-flow", 1, 3);

    assertThat(e.tenantId()).isEqualTo(TENANT);
    assertThat(e.sessionId()).isEqualTo("s1");
    assertThat(e.scenarioId()).isEqualTo("order-flow");
    assertThat(e.version()).isEqualTo(1);
    assertThat(e.currentVersion()).isEqualTo(3);
    assertThat(e).hasMessageContaining("version 1").hasMessageContaining("current version 3");
  }

  @Test
  void the_engine_reports_an_unknown_effect_with_its_ids() {
    Env env = env();

    UnknownEffectException e = catchThrowableOfType(UnknownEffectException.class,
        () -> env.engine.acknowledge(TENANT, "s1", "no-such-effect"));

    assertThat(e.tenantId()).isEqualTo(TENANT);
    assertThat(e.sessionId()).isEqualTo("s1");
    assertThat(e.effectId()).isEqualTo("no-such-effect");
  }
}
