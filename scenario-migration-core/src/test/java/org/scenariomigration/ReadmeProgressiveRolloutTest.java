package org.scenariomigration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.plan.RolloutSchedule;
import org.scenariomigration.plan.RolloutState;
import org.scenariomigration.runtime.DeploymentStatus;
import org.scenariomigration.runtime.MigrationOperations;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.RolloutReport;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.scenario.Seeds;

/** The README section "Progressive rollout with health gates" is the code of this test. */
class ReadmeProgressiveRolloutTest {
  private static final String SECTION = "## Progressive rollout with health gates";
  private static final Path SOURCE = Path.of("src/test/java/org/scenariomigration/ReadmeProgressiveRolloutTest.java");

  @Test
  void the_readme_snippet_deploys_at_the_first_step_and_reads_each_gate_against_its_threshold() {
    MovableClock clock = new MovableClock(Instant.parse("2025-03-04T10:00:00Z"));
    ScenarioMigration migration = ScenarioMigration.builder().clock(clock).build();
    migration.publish("tenant-1", Seeds.v1());
    for (int i = 0; i < 40; i++) {
      migration.startSession("tenant-1", "session-" + i, "customer-" + i, "web", "order-flow");
      migration.advance("tenant-1", "session-" + i, "checkout");
    }
    MigrationPlan plan = migration.operations().generatePlan("tenant-1", Seeds.v2PaymentDownstream(), "op");
    migration.operations().approve("tenant-1", plan.id(), "lead");
    String planId = plan.id();
    // README-BEGIN
    RolloutSchedule schedule = RolloutSchedule.builder()
        .step(10, Duration.ofHours(1), 2)                      // 10 %: at least an hour and 2 migrations
        .step(50, Duration.ofHours(6), 10)
        .step(100, Duration.ZERO, 0)
        .gate(RolloutSchedule.Gate.FAILURE_RATE, 0.05)         // at most 5 % of migrated sessions fail in the host
        .gate(RolloutSchedule.Gate.DISRUPTION_RATE, 0.20)      // exits, relocations and checkpoint blocks
        .autoRollback(true)
        .build();
    MigrationOperations ops = migration.operations();
    ops.deploy("tenant-1", planId, schedule);                  // starts at 10 %

    // the host's own timer, on one node (the library starts no threads)
    RolloutReport report = migration.advanceRollouts(clock.instant());

    // the host, when a migrated session fails in its own code
    migration.reportFailure("tenant-1", "session-7", "payment handler threw IllegalStateException");

    DeploymentStatus status = ops.deploymentStatus("tenant-1", planId);
    status.rollout().gates().forEach(g -> System.out.printf("%s %.3f <= %.3f: %s%n",
        g.gate().jsonName(), g.value(), g.threshold(), g.passing()));
    // README-END
    assertThat(report.actions()).isEmpty(); // the first step has not lasted an hour yet
    assertThat(status.rolloutPercent()).isEqualTo(10);
    assertThat(status.rollout().phase()).isEqualTo(RolloutState.Phase.RUNNING);
    // session-7 was not migrated yet: its failure is charged to no plan, and every gate passes at 0
    assertThat(status.rollout().gates()).extracting(g -> g.gate(), g -> g.threshold(), g -> g.value(), g -> g.passing())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(RolloutSchedule.Gate.FAILURE_RATE, 0.05, 0.0, true),
            org.assertj.core.groups.Tuple.tuple(RolloutSchedule.Gate.DISRUPTION_RATE, 0.20, 0.0, true));
  }

  @Test
  void the_failure_of_a_migrated_session_halts_and_rolls_back_the_rollout() {
    MovableClock clock = new MovableClock(Instant.parse("2025-03-04T10:00:00Z"));
    ScenarioMigration migration = ScenarioMigration.builder().clock(clock).build();
    migration.publish("tenant-1", Seeds.v1());
    String moved = null;
    for (int i = 0; i < 40; i++) {
      migration.startSession("tenant-1", "session-" + i, "customer-" + i, "web", "order-flow");
      migration.advance("tenant-1", "session-" + i, "checkout");
    }
    MigrationPlan plan = migration.operations().generatePlan("tenant-1", Seeds.v2PaymentDownstream(), "op");
    migration.operations().approve("tenant-1", plan.id(), "lead");
    migration.operations().deploy("tenant-1", plan.id(), RolloutSchedule.builder().step(10, Duration.ofHours(1), 2)
        .step(100, Duration.ZERO, 0).gate(RolloutSchedule.Gate.FAILURE_RATE, 0.05).autoRollback(true).build());
    for (int i = 0; i < 40 && moved == null; i++) {
      if (migration.reconcile("tenant-1", "session-" + i) instanceof Outcome.Teleport) {
        moved = "session-" + i;
      }
    }
    assertThat(migration.reportFailure("tenant-1", moved, "payment handler threw")).contains(plan.id());

    RolloutReport report = migration.advanceRollouts(clock.instant());

    assertThat(report.actions()).extracting(RolloutReport.Action::kind).containsExactly(RolloutReport.Kind.ROLLED_BACK);
    assertThat(migration.operations().plan("tenant-1", plan.id()).status()).isEqualTo(PlanStatus.ROLLED_BACK);
    assertThat(migration.reconcile("tenant-1", moved))
        .isEqualTo(new Outcome.Teleport("checkout", 1, Outcome.TeleportReason.ROLLBACK, null));
  }

  @Test
  void the_readme_section_is_the_code_of_this_test() throws IOException {
    ReadmeQuickstartTest.assertReadmeSectionIsTheCodeOf(SECTION, SOURCE);
  }
}
