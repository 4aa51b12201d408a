package org.scenariomigration.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scenariomigration.json.MalformedJsonException;

class RolloutScheduleTest {
  private static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");

  private static final String SEED_STYLE = """
      {
        "steps": [
          {"percent": 1, "min_duration_seconds": 3600, "min_migrated_sessions": 20},
          {"percent": 10, "min_duration_seconds": 21600, "min_migrated_sessions": 200},
          {"percent": 100}
        ],
        "gates": {"disruption_rate": 0.2, "collect_rate": 0.5, "failure_rate": 0.05},
        "gate_min_sessions": 20,
        "auto_rollback": true
      }""";

  @Test
  void a_seed_style_rollout_block_reads_into_a_schedule_and_writes_back_the_same() {
    RolloutSchedule s = RolloutJson.readSchedule(SEED_STYLE);

    assertThat(s.steps()).containsExactly(new RolloutSchedule.Step(1, Duration.ofHours(1), 20),
        new RolloutSchedule.Step(10, Duration.ofHours(6), 200), new RolloutSchedule.Step(100, Duration.ZERO, 0));
    assertThat(s.gates()).containsEntry(RolloutSchedule.Gate.DISRUPTION_RATE, 0.2)
        .containsEntry(RolloutSchedule.Gate.COLLECT_RATE, 0.5).containsEntry(RolloutSchedule.Gate.FAILURE_RATE, 0.05);
    assertThat(s.gateMinSessions()).isEqualTo(20);
    assertThat(s.autoRollback()).isTrue();
    assertThat(RolloutJson.readSchedule(RolloutJson.write(s))).isEqualTo(s);
  }

  @Test
  void the_builder_refuses_a_bad_schedule_at_once_naming_the_field_and_value() {
    assertThatThrownBy(() -> RolloutSchedule.builder().step(10, Duration.ZERO, 0).step(10, Duration.ZERO, 0))
        .isInstanceOf(InvalidPlanException.class).hasMessageContaining("10 follows 10")
        .extracting(e -> ((InvalidPlanException) e).field()).isEqualTo("rollout.steps.percent");
    assertThatThrownBy(() -> RolloutSchedule.builder().step(0, Duration.ZERO, 0))
        .isInstanceOf(InvalidPlanException.class).hasMessageContaining("was 0");
    assertThatThrownBy(() -> RolloutSchedule.builder().step(101, Duration.ZERO, 0))
        .isInstanceOf(InvalidPlanException.class).hasMessageContaining("was 101");
    assertThatThrownBy(() -> RolloutSchedule.builder().step(5, Duration.ofSeconds(-1), 0))
        .isInstanceOf(InvalidPlanException.class).hasMessageContaining("min_duration");
    assertThatThrownBy(() -> RolloutSchedule.builder().step(5, Duration.ZERO, -3))
        .isInstanceOf(InvalidPlanException.class).hasMessageContaining("-3");
    assertThatThrownBy(() -> RolloutSchedule.builder().gate(RolloutSchedule.Gate.FAILURE_RATE, 1.5))
        .isInstanceOf(InvalidPlanException.class).hasMessageContaining("failure_rate").hasMessageContaining("1.5");
    assertThatThrownBy(() -> RolloutSchedule.builder().gate(RolloutSchedule.Gate.FAILURE_RATE, Double.NaN))
        .isInstanceOf(InvalidPlanException.class);
    assertThatThrownBy(() -> RolloutSchedule.builder().gateMinSessions(0))
        .isInstanceOf(InvalidPlanException.class).hasMessageContaining("gate_min_sessions");
    assertThatThrownBy(() -> RolloutSchedule.builder().build())
        .isInstanceOf(InvalidPlanException.class).hasMessageContaining("at least one step");
    assertThatThrownBy(() -> RolloutJson.readSchedule("{\"steps\": [{\"percent\": 5}], \"gates\": {\"latency\": 1}}"))
        .isInstanceOf(InvalidPlanException.class).hasMessageContaining("'latency'");
    assertThatThrownBy(() -> RolloutJson.readSchedule("{\"steps\": [{\"percent\": \"five\"}]}"))
        .isInstanceOf(MalformedJsonException.class).hasMessageContaining("$.steps[0].percent");
  }

  @Test
  void a_rollout_state_moves_step_by_step_and_records_how_each_step_was_left() {
    RolloutSchedule s = RolloutJson.readSchedule(SEED_STYLE);
    RolloutState r = RolloutState.start(s, T0, 0);
    assertThat(r.watched()).isTrue();
    RolloutState two = r.advanced(T0.plusSeconds(60), 25);
    assertThat(two.step()).isEqualTo(1);
    assertThat(two.currentStep().percent()).isEqualTo(10);
    assertThat(two.history()).containsExactly(new RolloutState.StepRecord(1, T0, 0, T0.plusSeconds(60), "advanced"),
        new RolloutState.StepRecord(10, T0.plusSeconds(60), 25, null, null));
    RolloutState halted = two.ended(RolloutState.Phase.HALTED, T0.plusSeconds(90), "gate failure_rate");
    assertThat(halted.watched()).isFalse();
    assertThat(halted.current().outcome()).isEqualTo("halted");
    assertThat(halted.haltedReason()).isEqualTo("gate failure_rate");
    assertThat(two.ended(RolloutState.Phase.ROLLED_BACK, T0, "x").watched()).isTrue(); // until the plan is rolled back
    assertThat(two.ended(RolloutState.Phase.COMPLETED, T0, null).watched()).isFalse();
    assertThat(r.atLastStep()).isFalse();
    assertThatThrownBy(() -> new RolloutState(s, RolloutState.Phase.RUNNING, 3, List.of(), null))
        .isInstanceOf(InvalidPlanException.class).hasMessageContaining("was 3");
  }

  @Test
  void a_plan_keeps_its_rollout_through_every_copy_and_its_json() {
    RolloutState r = RolloutState.start(RolloutJson.readSchedule(SEED_STYLE), T0, 3).advanced(T0.plusSeconds(5), 9)
        .ended(RolloutState.Phase.HALTED, T0.plusSeconds(9), "gate collect_rate");
    for (MigrationPlan plan : PlanFixtures.allPlans()) {
      MigrationPlan with = plan.withRollout(r);
      assertThat(PlanJson.read(PlanJson.write(with))).isEqualTo(with);
      assertThat(with.withStatus(PlanStatus.DEPLOYED).withRolloutPercent(10).withMarking(T0).withCoverageGeneration(2)
          .withDeployment(T0).rollout()).isEqualTo(r);
      assertThat(with).isNotEqualTo(plan);
      assertThat(PlanJson.read(PlanJson.write(plan)).rollout()).isNull();
    }
  }
}
