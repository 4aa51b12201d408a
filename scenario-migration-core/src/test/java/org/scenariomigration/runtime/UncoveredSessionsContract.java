package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scenariomigration.MovableClock;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.JournalRecord;

/**
 * What happens to a session on an outdated version that no plan covers (issue 19, section 6), on every store:
 * {@code migrate} (relocation, the default), {@code pin}, {@code restart} and {@code exit}, from the config or set at
 * run time, strict mode overriding them. A subclass gives the stores ({@link #builder()}); each test works in a tenant
 * of its own.
 */
public abstract class UncoveredSessionsContract {
  protected static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");

  /** A builder over this test's stores (the same stores at every call), its unit of work set where there is one. */
  protected abstract ScenarioMigration.Builder builder();

  protected MovableClock clock;
  protected String tenant;

  @BeforeEach
  void a_tenant_of_its_own() {
    clock = new MovableClock(T0);
    tenant = "t-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  private ScenarioMigration engine(MigrationConfig.Builder config) {
    return builder().clock(clock).config(config.logMigrations(false).logGapFills(false).logReRoutes(false)
        .logCheckpointBlocks(false).build()).build();
  }

  /** {@code v1} current with session s1 walked along {@code steps}, then {@code v2} made current without a plan. */
  private ScenarioMigration uncovered(MigrationConfig.Builder config, ScenarioVersion v1, ScenarioVersion v2,
      String... steps) {
    ScenarioMigration m = engine(config);
    m.publish(tenant, v1);
    m.startSession(tenant, "s1", "c1", "web", "order-flow");
    for (String s : steps) {
      m.advance(tenant, "s1", s);
    }
    m.publish(tenant, v2);
    m.operations().makeCurrent(tenant, "order-flow", 2);
    return m;
  }

  private static MigrationConfig.Builder choosing(UncoveredAction a) {
    return MigrationConfig.custom().uncovered("order-flow", a);
  }

  @Test
  void migrate_is_the_default_and_relocates_the_session_as_before() {
    ScenarioMigration m = uncovered(MigrationConfig.custom(), Seeds.v1(), Seeds.v2PaymentDownstream(), "checkout");

    Outcome o = m.reconcile(tenant, "s1");

    assertThat(m.config().uncoveredAction("order-flow")).isEqualTo(UncoveredAction.MIGRATE);
    assertThat(o).isInstanceOf(Outcome.Teleport.class);
    assertThat(((Outcome.Teleport) o).reason()).isEqualTo(Outcome.TeleportReason.RELOCATION);
    assertThat(m.session(tenant, "s1").version()).isEqualTo(2);
    assertThat(m.journal(tenant, "s1")).extracting(JournalRecord::kind).containsExactly(JournalRecord.Kind.RELOCATED);
  }

  @Test
  void pin_lets_the_session_finish_on_its_old_version_journaled_once_and_then_on_the_fast_path() {
    ScenarioMigration m = uncovered(choosing(UncoveredAction.PIN), Seeds.v1(), Seeds.v2PaymentDownstream(),
        "checkout");

    Outcome first = m.reconcile(tenant, "s1");

    assertThat(first.kind()).isEqualTo(Outcome.Kind.CONTINUE);
    assertThat(((Outcome.Continue) first).warning()).contains("uncovered = pin");
    assertThat(m.journal(tenant, "s1")).extracting(JournalRecord::kind).containsExactly(JournalRecord.Kind.PINNED);
    SessionState pinned = m.session(tenant, "s1");
    long slow = m.metrics().slowPathCount();
    for (int i = 0; i < 3; i++) {
      assertThat(m.reconcile(tenant, "s1")).isSameAs(Outcome.CONTINUE);
    }
    assertThat(m.metrics().slowPathCount()).as("later messages take the fast path").isEqualTo(slow);
    assertThat(m.session(tenant, "s1")).isEqualTo(pinned);
    m.advance(tenant, "s1", "confirm");
    assertThat(m.reconcile(tenant, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(m.session(tenant, "s1").version()).isEqualTo(1);
    assertThat(m.session(tenant, "s1").currentStepId()).isEqualTo("confirm");
    assertThat(m.journal(tenant, "s1")).hasSize(1);
  }

  @Test
  void restart_starts_the_session_again_at_the_start_of_the_new_version_keeping_its_variables() {
    ScenarioMigration m = uncovered(MigrationConfig.custom().uncoveredDefault(UncoveredAction.RESTART), Seeds.v1(),
        Seeds.v2AgeInserted(), "checkout", "confirm");
    m.setVariables(tenant, "s1", Map.of("name", "Ada"));

    Outcome o = m.reconcile(tenant, "s1");

    assertThat(o).isInstanceOf(Outcome.Teleport.class);
    assertThat(((Outcome.Teleport) o).targetStepId()).isEqualTo("welcome");
    assertThat(((Outcome.Teleport) o).targetVersion()).isEqualTo(2);
    SessionState s = m.session(tenant, "s1");
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.currentStepId()).isEqualTo("welcome");
    assertThat(s.variables()).containsEntry("name", "Ada");
    JournalRecord rec = m.journal(tenant, "s1").get(0);
    assertThat(rec.kind()).isEqualTo(JournalRecord.Kind.RELOCATED);
    assertThat(rec.checkpointWarning()).contains("restarted at 'welcome'");
  }

  @Test
  void a_session_past_a_checkpoint_cannot_restart_before_it_and_stays_on_its_version_blocked() {
    ScenarioMigration m = uncovered(MigrationConfig.custom(), Seeds.v1WithPayment(), Seeds.v2AgeForkBeforePayment(),
        "payment", "checkout");
    m.operations().setUncoveredAction(tenant, "order-flow", UncoveredAction.RESTART);

    Outcome o = m.reconcile(tenant, "s1");

    assertThat(o.kind()).isEqualTo(Outcome.Kind.CHECKPOINT_BLOCKED);
    assertThat(((Outcome.CheckpointBlocked) o).warning()).contains("cannot restart").contains("would run again");
    assertThat(m.session(tenant, "s1").version()).isEqualTo(1);
    assertThat(m.session(tenant, "s1").currentStepId()).isEqualTo("checkout");
    assertThat(m.journal(tenant, "s1")).extracting(JournalRecord::kind)
        .containsExactly(JournalRecord.Kind.CHECKPOINT_BLOCKED);
    assertThat(m.reconcile(tenant, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(m.journal(tenant, "s1")).hasSize(1);
  }

  @Test
  void exit_tells_the_session_to_leave_the_scenario() {
    ScenarioMigration m = uncovered(choosing(UncoveredAction.EXIT), Seeds.v1(), Seeds.v2PaymentDownstream(),
        "checkout");

    Outcome o = m.reconcile(tenant, "s1");

    assertThat(o).isInstanceOf(Outcome.ExitScenario.class);
    assertThat(m.journal(tenant, "s1")).extracting(JournalRecord::kind).containsExactly(JournalRecord.Kind.EXITED);
    assertThat(m.journal(tenant, "s1").get(0).checkpointWarning()).contains("uncovered = exit");
  }

  @Test
  void a_choice_set_at_run_time_wins_over_the_config_for_its_tenant_and_scenario_only() {
    ScenarioMigration m = uncovered(choosing(UncoveredAction.PIN), Seeds.v1(), Seeds.v2PaymentDownstream(),
        "checkout");

    m.operations().setUncoveredAction(tenant, "order-flow", UncoveredAction.MIGRATE);

    assertThat(m.operations().uncoveredAction(tenant, "order-flow")).isEqualTo(UncoveredAction.MIGRATE);
    assertThat(m.operations().uncoveredAction("other-" + tenant, "order-flow")).isEqualTo(UncoveredAction.PIN);
    assertThat(m.operations().uncoveredAction(tenant, "other-flow")).isEqualTo(UncoveredAction.MIGRATE);
    assertThat(m.reconcile(tenant, "s1")).isInstanceOf(Outcome.Teleport.class);
    m.operations().setUncoveredAction(tenant, "order-flow", null);
    assertThat(m.operations().uncoveredAction(tenant, "order-flow")).isEqualTo(UncoveredAction.PIN);
  }

  @Test
  void strict_mode_overrides_the_choice() {
    ScenarioMigration m = uncovered(choosing(UncoveredAction.PIN), Seeds.v1(), Seeds.v2PaymentDownstream(),
        "checkout");
    m.operations().setMode(tenant, MigrationMode.STRICT);

    assertThat(m.reconcile(tenant, "s1")).isInstanceOf(Outcome.ExitScenario.class);
    assertThat(m.journal(tenant, "s1").get(0).checkpointWarning()).contains("strict mode");
  }

  @Test
  void a_session_a_deployed_plan_covers_is_migrated_by_the_plan_whatever_the_choice() {
    ScenarioMigration m = engine(choosing(UncoveredAction.EXIT));
    m.publish(tenant, Seeds.v1());
    m.startSession(tenant, "s1", "c1", "web", "order-flow");
    m.advance(tenant, "s1", "checkout");
    MigrationPlan p = m.operations().generatePlan(tenant, Seeds.v2PaymentDownstream(), "op");
    m.operations().approve(tenant, p.id(), "lead");
    m.operations().deploy(tenant, p.id());

    assertThat(m.reconcile(tenant, "s1")).isInstanceOf(Outcome.Teleport.class);
    assertThat(m.journal(tenant, "s1")).extracting(JournalRecord::kind).containsExactly(JournalRecord.Kind.MIGRATED);
  }
}
