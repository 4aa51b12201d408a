package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.RolloutSchedule;
import org.scenariomigration.spi.PlanStore;

/** {@link ProgressiveRolloutContract} on the in-memory stores, plus what only the core decides. */
class ProgressiveRolloutTest extends ProgressiveRolloutContract {
  private final RuntimeFixtures.MemoryStores stores = new RuntimeFixtures.MemoryStores();

  @Override
  protected ScenarioMigration.Builder builder() {
    return stores.builder();
  }


  @Test
  void advance_rollouts_on_a_plan_store_that_cannot_list_them_says_so() {
    PlanStore bare = new PlanStore() {
      @Override
      public void insert(MigrationPlan plan) {}

      @Override
      public java.util.Optional<MigrationPlan> find(String tenantId, String planId) {
        return java.util.Optional.empty();
      }

      @Override
      public void replace(MigrationPlan plan, org.scenariomigration.plan.PlanStatus expectedStatus) {}

      @Override
      public List<MigrationPlan> forScenario(String tenantId, String scenarioId) {
        return List.of();
      }

      @Override
      public boolean delete(String tenantId, String planId) {
        return false;
      }
    };
    ScenarioMigration m = ScenarioMigration.builder().planStore(bare).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.advanceRollouts(T0))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("rollout");
  }

  @Test
  void a_plan_whose_turn_fails_is_reported_and_the_others_go_on() {
    ScenarioMigration m = builder().clock(clock).build();
    m.publish(tenant, org.scenariomigration.scenario.Seeds.v1());
    m.startSession(tenant, "s1", "c1", "web", "order-flow");
    MigrationPlan p = m.operations().generatePlan(tenant, org.scenariomigration.scenario.Seeds.v2PaymentDownstream(),
        "op");
    m.operations().approve(tenant, p.id(), "lead");
    m.operations().deploy(tenant, p.id(), RolloutSchedule.builder().step(10, Duration.ZERO, 0).step(100,
        Duration.ZERO, 0).build());
    // another operator call holds the scenario (left by a failure part-way)
    stores.sessions.beginChange(tenant, "order-flow", "some other operation");

    RolloutReport r = m.advanceRollouts(T0);

    assertThat(r.actions()).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(RolloutReport.Kind.FAILED);
      assertThat(a.reason()).contains("some other operation");
    });
    assertThat(m.operations().plan(tenant, p.id()).rolloutPercent()).isEqualTo(10);
    stores.sessions.endChange(tenant, "order-flow", "some other operation");
    assertThat(m.advanceRollouts(T0).actions()).extracting(RolloutReport.Action::kind)
        .containsExactly(RolloutReport.Kind.ADVANCED);
  }

  @Test
  void two_nodes_advancing_the_same_rollout_at_once_widen_it_once_and_report_and_announce_it_once() {
    List<MigrationEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    ScenarioMigration a = builder().clock(clock).listener(seen::add).build();
    a.publish(tenant, org.scenariomigration.scenario.Seeds.v1());
    MigrationPlan p = a.operations().generatePlan(tenant, org.scenariomigration.scenario.Seeds.v2PaymentDownstream(),
        "op");
    a.operations().approve(tenant, p.id(), "lead");
    a.operations().deploy(tenant, p.id(), RolloutSchedule.builder().step(20, Duration.ZERO, 0)
        .step(50, Duration.ZERO, 0).step(100, Duration.ZERO, 0).build());
    // node B reads the plan, then node A advances it before B writes: B holds a state A has moved on from
    java.util.concurrent.atomic.AtomicBoolean raced = new java.util.concurrent.atomic.AtomicBoolean();
    PlanStore racing = new PlanStore() {
      @Override
      public void insert(MigrationPlan plan) {
        stores.plans.insert(plan);
      }

      @Override
      public java.util.Optional<MigrationPlan> find(String tenantId, String planId) {
        java.util.Optional<MigrationPlan> read = stores.plans.find(tenantId, planId);
        if (read.isPresent() && read.get().rollout() != null && raced.compareAndSet(false, true)) {
          a.advanceRollouts(T0);
        }
        return read;
      }

      @Override
      public void replace(MigrationPlan plan, org.scenariomigration.plan.PlanStatus expectedStatus) {
        stores.plans.replace(plan, expectedStatus);
      }

      @Override
      public List<MigrationPlan> forScenario(String tenantId, String scenarioId) {
        return stores.plans.forScenario(tenantId, scenarioId);
      }

      @Override
      public boolean delete(String tenantId, String planId) {
        return stores.plans.delete(tenantId, planId);
      }

      @Override
      public List<MigrationPlan> watchedRollouts() {
        return stores.plans.watchedRollouts();
      }
    };
    ScenarioMigration b = ScenarioMigration.builder().sessionStore(stores.sessions).profileStore(stores.profiles)
        .scenarioStore(stores.scenarios).planStore(racing).clock(clock).listener(seen::add).build();

    RolloutReport fromB = b.advanceRollouts(T0.plus(Duration.ofSeconds(1)));

    assertThat(raced).isTrue();
    assertThat(fromB.actions()).isEmpty();
    assertThat(seen).filteredOn(e -> e instanceof MigrationEvent.RolloutAdvanced).hasSize(1);
    MigrationPlan now = a.operations().plan(tenant, p.id());
    assertThat(now.rolloutPercent()).isEqualTo(50);
    assertThat(now.rollout().history()).extracting(org.scenariomigration.plan.RolloutState.StepRecord::percent).containsExactly(20, 50);
    assertThat(now.rollout().history().get(1).enteredAt()).isEqualTo(T0);
  }
}
