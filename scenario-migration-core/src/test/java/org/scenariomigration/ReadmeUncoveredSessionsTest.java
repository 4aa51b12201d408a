package org.scenariomigration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.runtime.UncoveredAction;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;

/** The README's "## Sessions that no plan covers", compiled and run. */
class ReadmeUncoveredSessionsTest {
  private static final Path SOURCE = Path.of("src/test/java/org/scenariomigration/ReadmeUncoveredSessionsTest.java");

  private static ScenarioVersion version(int n, String... steps) {
    ScenarioVersion.Builder b = ScenarioVersion.builder("order-flow", n).name("Order Flow");
    for (int i = 0; i < steps.length; i++) {
      Step.Builder s = Step.builder(steps[i]).name(steps[i]);
      b.step(i + 1 < steps.length ? s.to(steps[i + 1]) : s);
    }
    return b.build();
  }

  @Test
  void sessions_that_no_plan_covers() {
    ScenarioVersion v1 = version(1, "welcome", "checkout", "confirm");
    ScenarioVersion v2 = version(2, "welcome", "age_check", "checkout", "confirm");

    // README-BEGIN
    MigrationConfig config = MigrationConfig.fromToml("""
        [scenario_migration.uncovered]
        default = "migrate"        # relocation, as before
        order-flow = "pin"         # its sessions finish on the version they started on
        """);
    ScenarioMigration migration = ScenarioMigration.builder().config(config).build();
    migration.publish("tenant-1", v1);
    migration.startSession("tenant-1", "s1", "customer-1", "web", "order-flow");
    migration.publish("tenant-1", v2);
    migration.operations().makeCurrent("tenant-1", "order-flow", 2);   // no plan covers version 1

    Outcome pinned = migration.reconcile("tenant-1", "s1");   // continue on v1, journaled once as pinned

    // at run time, for one tenant's scenario: sessions judged from now on restart at the start step of v2
    migration.operations().setUncoveredAction("tenant-1", "order-flow", UncoveredAction.RESTART);
    // README-END

    assertThat(pinned.kind()).isEqualTo(Outcome.Kind.CONTINUE);
    assertThat(migration.session("tenant-1", "s1").version()).isEqualTo(1);
    assertThat(migration.reconcile("tenant-1", "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(migration.journal("tenant-1", "s1")).hasSize(1);
    assertThat(migration.operations().uncoveredAction("tenant-1", "order-flow")).isEqualTo(UncoveredAction.RESTART);
    migration.startSession("tenant-1", "s2", "customer-2", "web", "order-flow");
    assertThat(migration.session("tenant-1", "s2").version()).isEqualTo(2);
    // the run-time choice is in force: a session judged from now on restarts at the start step of v2
    migration.operations().makeCurrent("tenant-1", "order-flow", 1);
    migration.startSession("tenant-1", "s3", "customer-3", "web", "order-flow");
    migration.advance("tenant-1", "s3", "checkout");
    migration.operations().makeCurrent("tenant-1", "order-flow", 2);
    assertThat(migration.reconcile("tenant-1", "s3")).isInstanceOfSatisfying(Outcome.Teleport.class, t -> {
      assertThat(t.targetStepId()).isEqualTo("welcome");
      assertThat(t.targetVersion()).isEqualTo(2);
    });
  }

  @Test
  void the_readme_section_is_the_code_this_test_runs() throws IOException {
    ReadmeQuickstartTest.assertReadmeSectionIsTheCodeOf("## Sessions that no plan covers", SOURCE);
  }
}
