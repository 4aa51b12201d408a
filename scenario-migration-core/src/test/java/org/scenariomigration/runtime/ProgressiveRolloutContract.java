package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scenariomigration.MovableClock;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.plan.RolloutSchedule;
import org.scenariomigration.plan.RolloutState;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.Rollout;

/**
 * Progressive rollouts with health gates and automatic rollback (issue 19): the same behaviour on every store. A
 * subclass gives the stores ({@link #builder()}). Each test works in a tenant of its own; {@code advanceRollouts}
 * walks every tenant of the stores, so a test looks only at its own tenant's actions.
 */
public abstract class ProgressiveRolloutContract {
  protected static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");
  private static final int SESSIONS = 60;

  /** A builder over this test's stores (the same stores at every call), its unit of work set where there is one. */
  protected abstract ScenarioMigration.Builder builder();

  protected MovableClock clock;
  protected String tenant;
  protected final List<MigrationEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void a_tenant_of_its_own() {
    clock = new MovableClock(T0);
    tenant = "t-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    events.clear();
  }

  private ScenarioMigration engine() {
    return builder().clock(clock).listener(events::add).config(MigrationConfig.custom()
        .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build()).build();
  }

  /** v1 published, {@link #SESSIONS} sessions at checkout, a plan to v2 (payment after checkout) approved. */
  private MigrationPlan approvedPlan(ScenarioMigration m) {
    m.publish(tenant, Seeds.v1());
    for (int i = 0; i < SESSIONS; i++) {
      m.startSession(tenant, "s" + i, "c" + i, "web", "order-flow");
      m.advance(tenant, "s" + i, "checkout");
      m.setVariables(tenant, "s" + i, Map.of("name", "customer " + i));
    }
    MigrationPlan p = m.operations().generatePlan(tenant, Seeds.v2PaymentDownstream(), "op");
    m.operations().approve(tenant, p.id(), "lead");
    return p;
  }

  /** Sends a message from every session: those the rollout picked migrate. Answers the migrated ones. */
  private List<String> message(ScenarioMigration m) {
    List<String> moved = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      Outcome o = m.reconcile(tenant, "s" + i);
      if (o.kind() == Outcome.Kind.TELEPORT) {
        moved.add("s" + i);
        if (o.effectId() != null) {
          m.acknowledge(tenant, "s" + i, o.effectId());
        }
      }
    }
    return moved;
  }

  private List<RolloutReport.Action> mine(RolloutReport r) {
    return r.actions().stream().filter(a -> a.tenantId().equals(tenant)).toList();
  }

  private static RolloutSchedule.Builder steps() {
    return RolloutSchedule.builder().step(20, Duration.ofHours(1), 2).step(50, Duration.ofHours(1), 2)
        .step(100, Duration.ZERO, 0);
  }

  @Test
  void a_deploy_with_a_schedule_starts_at_its_first_step_and_the_status_shows_the_rollout() {
    ScenarioMigration m = engine();
    MigrationPlan p = approvedPlan(m);

    m.operations().deploy(tenant, p.id(), steps().gate(RolloutSchedule.Gate.FAILURE_RATE, 0.1).build());

    DeploymentStatus s = m.operations().deploymentStatus(tenant, p.id());
    assertThat(s.rolloutPercent()).isEqualTo(20);
    assertThat(s.rollout().phase()).isEqualTo(RolloutState.Phase.RUNNING);
    assertThat(s.rollout().currentStep()).isZero();
    assertThat(s.rollout().currentPercent()).isEqualTo(20);
    assertThat(s.rollout().history()).containsExactly(new RolloutState.StepRecord(20, T0, 0, null, null));
    assertThat(s.rollout().gates()).containsExactly(
        new RolloutStatus.GateValue(RolloutSchedule.Gate.FAILURE_RATE, 0, 0.1, 0, true));
    List<String> moved = message(m);
    assertThat(moved).isNotEmpty().allMatch(id -> Rollout.bucket(id) < 20);
    // the same call again (an answer lost) changes nothing
    m.operations().deploy(tenant, p.id(), steps().gate(RolloutSchedule.Gate.FAILURE_RATE, 0.1).build());
    assertThat(m.operations().plan(tenant, p.id()).rollout().history()).hasSize(1);
    assertThatThrownBy(() -> m.operations().deploy(tenant, p.id(), steps().build()))
        .isInstanceOf(IllegalPlanStatusException.class).hasMessageContaining(p.id());
  }

  @Test
  void the_rollout_widens_once_a_step_has_lasted_and_migrated_enough_and_keeps_its_sessions() {
    ScenarioMigration m = engine();
    MigrationPlan p = approvedPlan(m);
    m.operations().deploy(tenant, p.id(), steps().gate(RolloutSchedule.Gate.DISRUPTION_RATE, 0.5).build());

    // neither lasted nor migrated enough
    assertThat(mine(m.advanceRollouts(T0.plus(Duration.ofMinutes(30))))).isEmpty();
    List<String> first = message(m);
    assertThat(first.size()).isGreaterThanOrEqualTo(2);
    assertThat(mine(m.advanceRollouts(T0.plus(Duration.ofMinutes(59))))).isEmpty(); // not lasted yet
    Instant hour = T0.plus(Duration.ofHours(1));

    assertThat(mine(m.advanceRollouts(hour))).containsExactly(
        new RolloutReport.Action(tenant, p.id(), RolloutReport.Kind.ADVANCED, 20, 50, null));
    assertThat(mine(m.advanceRollouts(hour))).isEmpty(); // the same call again: nothing more

    DeploymentStatus s = m.operations().deploymentStatus(tenant, p.id());
    assertThat(s.rolloutPercent()).isEqualTo(50);
    assertThat(s.rollout().currentStep()).isEqualTo(1);
    assertThat(s.rollout().history()).containsExactly(
        new RolloutState.StepRecord(20, T0, 0, hour, "advanced"),
        new RolloutState.StepRecord(50, hour, first.size(), null, null));
    assertThat(events).contains(new MigrationEvent.RolloutAdvanced(tenant, p.id(), 20, 50, hour));
    List<String> second = message(m);
    assertThat(second).isNotEmpty().doesNotContainAnyElementsOf(first)
        .allMatch(id -> Rollout.bucket(id) >= 20 && Rollout.bucket(id) < 50);
    for (String id : first) {
      assertThat(m.session(tenant, id).version()).as(id).isEqualTo(2); // sticky: still on the new version
    }

    Instant twoHours = hour.plus(Duration.ofHours(1));
    assertThat(mine(m.advanceRollouts(twoHours))).extracting(RolloutReport.Action::toPercent).containsExactly(100);
    assertThat(mine(m.advanceRollouts(twoHours))).extracting(RolloutReport.Action::kind)
        .containsExactly(RolloutReport.Kind.COMPLETED);
    assertThat(m.operations().deploymentStatus(tenant, p.id()).rollout().phase())
        .isEqualTo(RolloutState.Phase.COMPLETED);
    assertThat(mine(m.advanceRollouts(twoHours.plus(Duration.ofDays(1))))).isEmpty();
  }

  @Test
  void a_failed_gate_halts_the_rollout_with_the_reason_in_the_status_and_an_event() {
    ScenarioMigration m = engine();
    MigrationPlan p = approvedPlan(m);
    m.operations().deploy(tenant, p.id(), steps().gate(RolloutSchedule.Gate.FAILURE_RATE, 0.25).build());
    List<String> moved = message(m);
    int failing = moved.size() / 2 + 1;
    for (String id : moved.subList(0, failing)) {
      assertThat(m.reportFailure(tenant, id, "payment handler threw")).contains(p.id());
    }
    m.reportFailure(tenant, moved.get(0), "payment handler threw"); // a retry: the same failing session
    Instant hour = T0.plus(Duration.ofHours(1));

    List<RolloutReport.Action> actions = mine(m.advanceRollouts(hour));

    assertThat(actions).extracting(RolloutReport.Action::kind).containsExactly(RolloutReport.Kind.HALTED);
    DeploymentStatus s = m.operations().deploymentStatus(tenant, p.id());
    assertThat(s.status()).isEqualTo(PlanStatus.DEPLOYED);
    assertThat(s.rollout().phase()).isEqualTo(RolloutState.Phase.HALTED);
    RolloutStatus.GateValue gate = s.rollout().gates().get(0);
    assertThat(gate.value()).isEqualTo((double) failing / moved.size());
    assertThat(gate.sessions()).isEqualTo(moved.size());
    assertThat(gate.passing()).isFalse();
    assertThat(s.rollout().haltedReason()).contains("failure_rate", "0.250", "step 1 (20 %)")
        .isEqualTo(actions.get(0).reason());
    assertThat(s.rollout().history()).containsExactly(new RolloutState.StepRecord(20, T0, 0, hour, "halted"));
    assertThat(events).contains(new MigrationEvent.RolloutHalted(tenant, p.id(), 20, actions.get(0).reason(), hour));
    // halted: nothing widens it, however long it waits
    assertThat(mine(m.advanceRollouts(hour.plus(Duration.ofDays(2))))).isEmpty();
    assertThat(m.operations().deploymentStatus(tenant, p.id()).rolloutPercent()).isEqualTo(20);
  }

  @Test
  void a_failed_gate_with_auto_rollback_rolls_the_deployment_back_keeping_the_customers_data() {
    ScenarioMigration m = engine();
    MigrationPlan p = approvedPlan(m);
    m.operations().deploy(tenant, p.id(), steps().gate(RolloutSchedule.Gate.FAILURE_RATE, 0.0).autoRollback(true)
        .build());
    List<String> moved = message(m);
    m.setVariables(tenant, moved.get(0), Map.of("card", "given on v2"));
    m.reportFailure(tenant, moved.get(0), "payment handler threw");

    List<RolloutReport.Action> actions = mine(m.advanceRollouts(T0.plus(Duration.ofMinutes(5))));

    assertThat(actions).extracting(RolloutReport.Action::kind).containsExactly(RolloutReport.Kind.ROLLED_BACK);
    MigrationPlan after = m.operations().plan(tenant, p.id());
    assertThat(after.status()).isEqualTo(PlanStatus.ROLLED_BACK);
    assertThat(m.currentVersion(tenant, "order-flow").version()).isEqualTo(1);
    DeploymentStatus s = m.operations().deploymentStatus(tenant, p.id());
    assertThat(s.rollout().phase()).isEqualTo(RolloutState.Phase.ROLLED_BACK);
    assertThat(s.rollout().haltedReason()).contains("failure_rate");
    assertThat(events).anyMatch(e -> e instanceof MigrationEvent.RolloutRolledBack r && r.planId().equals(p.id())
        && r.sessionsToRestore() == moved.size());
    // every migrated session goes back to checkout on v1 at its next message, the failing one too, keeping its data
    for (String id : moved) {
      Outcome o = m.reconcile(tenant, id);
      assertThat(o).as(id).isEqualTo(new Outcome.Teleport("checkout", 1, Outcome.TeleportReason.ROLLBACK, null));
      SessionState back = m.session(tenant, id);
      assertThat(back.version()).isEqualTo(1);
      assertThat(back.variables()).containsEntry("name", "customer " + id.substring(1));
    }
    assertThat(m.session(tenant, moved.get(0)).variables()).containsEntry("card", "given on v2");
    assertThat(mine(m.advanceRollouts(T0.plus(Duration.ofDays(1))))).isEmpty();
  }

  @Test
  void a_failure_report_is_journaled_for_the_plan_that_moved_the_session_and_bad_input_stores_nothing() {
    ScenarioMigration m = engine();
    MigrationPlan p = approvedPlan(m);
    m.operations().deploy(tenant, p.id(), steps().build());
    List<String> moved = message(m);
    String notMoved = "s0";
    for (int i = 0; moved.contains(notMoved); i++) {
      notMoved = "s" + i;
    }

    assertThat(m.reportFailure(tenant, moved.get(0), "timeout in step payment")).contains(p.id());
    assertThat(m.reportFailure(tenant, notMoved, "crashed before the deploy reached it")).isEmpty();

    JournalRecord r = m.journal(tenant, moved.get(0)).get(m.journal(tenant, moved.get(0)).size() - 1);
    assertThat(r.kind()).isEqualTo(JournalRecord.Kind.HOST_FAILURE);
    assertThat(r.planId()).isEqualTo(p.id());
    assertThat(r.checkpointWarning()).contains("timeout in step payment");
    List<JournalRecord> unmoved = m.journal(tenant, notMoved);
    assertThat(unmoved.get(unmoved.size() - 1).kind()).isEqualTo(JournalRecord.Kind.HOST_FAILURE);
    assertThat(unmoved.get(unmoved.size() - 1).planId()).isNull();
    SessionState before = m.session(tenant, moved.get(1));
    assertThatThrownBy(() -> m.reportFailure(tenant, moved.get(1), "  "))
        .isInstanceOf(InvalidFailureReportException.class).hasMessageContaining(moved.get(1));
    assertThatThrownBy(() -> m.reportFailure(tenant, moved.get(1), "x".repeat(1001)))
        .isInstanceOf(InvalidFailureReportException.class).hasMessageContaining("1001 characters");
    assertThatThrownBy(() -> m.reportFailure(tenant, "no-such-session", "boom"))
        .isInstanceOf(UnknownSessionException.class).hasMessageContaining("no-such-session");
    assertThat(m.session(tenant, moved.get(1))).isEqualTo(before);
    assertThat(m.operations().deploymentStatus(tenant, p.id()).rollout().gates()).isEmpty(); // none configured
  }

  @Test
  void the_plan_json_keeps_the_rollout_so_every_node_reads_it() {
    ScenarioMigration m = engine();
    MigrationPlan p = approvedPlan(m);
    RolloutSchedule schedule = steps().gate(RolloutSchedule.Gate.COLLECT_RATE, 0.3).gateMinSessions(5)
        .autoRollback(true).build();
    m.operations().deploy(tenant, p.id(), schedule);
    message(m);
    m.advanceRollouts(T0.plus(Duration.ofHours(1)));

    // another engine on the same stores
    ScenarioMigration other = engine();
    MigrationPlan stored = other.operations().plan(tenant, p.id());
    assertThat(stored.rollout().schedule()).isEqualTo(schedule);
    assertThat(stored.rollout().step()).isEqualTo(1);
    assertThat(stored.rollout().history()).hasSize(2);
    assertThat(stored.rolloutPercent()).isEqualTo(50);
  }

  @Test
  void migrations_that_ask_the_customer_too_often_fail_the_collect_rate_gate() {
    ScenarioMigration m = engine();
    m.publish(tenant, Seeds.v1());
    for (int i = 0; i < 10; i++) {
      m.startSession(tenant, "s" + i, "c" + i, "web", "order-flow");
      m.advance(tenant, "s" + i, "checkout");
    }
    MigrationPlan p = m.operations().generatePlan(tenant, Seeds.v2AgeInserted(), "op");
    m.operations().approve(tenant, p.id(), "lead");
    m.operations().deploy(tenant, p.id(), RolloutSchedule.builder().step(100, Duration.ZERO, 3)
        .gate(RolloutSchedule.Gate.COLLECT_RATE, 0.5).gate(RolloutSchedule.Gate.DISRUPTION_RATE, 0.0)
        .gateMinSessions(3).build());
    // two customers are asked their age and answer: judged from 3 settled sessions, nothing fails yet
    for (int i = 0; i < 2; i++) {
      assertThat(m.reconcile(tenant, "s" + i).kind()).isEqualTo(Outcome.Kind.COLLECT);
      m.setVariables(tenant, "s" + i, Map.of("age", 30 + i));
      assertThat(m.reconcile(tenant, "s" + i).kind()).isEqualTo(Outcome.Kind.TELEPORT);
    }
    RolloutStatus before = m.operations().deploymentStatus(tenant, p.id()).rollout();
    assertThat(before.gates()).extracting(RolloutStatus.GateValue::gate, RolloutStatus.GateValue::value,
        RolloutStatus.GateValue::sessions, RolloutStatus.GateValue::passing).containsExactly(
        org.assertj.core.groups.Tuple.tuple(RolloutSchedule.Gate.DISRUPTION_RATE, 0.0, 2L, true),
        org.assertj.core.groups.Tuple.tuple(RolloutSchedule.Gate.COLLECT_RATE, 1.0, 2L, true));
    assertThat(mine(m.advanceRollouts(T0))).isEmpty(); // 2 of the last step's 3 migrations: not completed yet
    m.reconcile(tenant, "s2");
    m.setVariables(tenant, "s2", Map.of("age", 40));
    m.reconcile(tenant, "s2");

    List<RolloutReport.Action> actions = mine(m.advanceRollouts(T0));

    assertThat(actions).extracting(RolloutReport.Action::kind).containsExactly(RolloutReport.Kind.HALTED);
    assertThat(actions.get(0).reason()).contains("collect_rate is 1.000 over 3 sessions");
  }
}
