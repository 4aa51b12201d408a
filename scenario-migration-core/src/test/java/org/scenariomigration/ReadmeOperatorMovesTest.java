package org.scenariomigration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.scenariomigration.runtime.MoveReport;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.runtime.SessionQuery;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;

/** The README's "## Operator moves", compiled and run. */
class ReadmeOperatorMovesTest {
  private static final Path SOURCE = Path.of("src/test/java/org/scenariomigration/ReadmeOperatorMovesTest.java");

  @Test
  void operator_moves() {
    ScenarioMigration migration = ScenarioMigration.builder().build();
    migration.publish("tenant-1", ScenarioVersion.builder("order-flow", 1).name("Order Flow")
        .step(Step.builder("welcome").name("Welcome").to("checkout"))
        .step(Step.builder("checkout").name("Checkout").to("payment"))
        .step(Step.builder("payment").name("Payment").checkpoint("payment taken").to("confirm"))
        .step(Step.builder("confirm").name("Confirm"))
        .build());
    migration.startSession("tenant-1", "s1", "customer-1", "web", "order-flow");
    migration.startSession("tenant-1", "s2", "customer-2", "web", "order-flow");
    migration.advance("tenant-1", "s2", "checkout");

    // README-BEGIN
    // sessions stuck at "welcome" after a bad deploy: see what a move would do, then move them
    SessionQuery stuck = SessionQuery.builder("order-flow").version(1).steps("welcome").channels("web").build();
    MoveReport preview = migration.operations().moveSessions("tenant-1", stuck, 1, "checkout", "ops@example.com",
        true);                                                    // dry run: writes nothing
    MoveReport done = migration.operations().moveSessions("tenant-1", stuck, 1, "checkout", "ops@example.com",
        false);                                                   // done.moved() == preview.wouldMove()

    Outcome owed = migration.reconcile("tenant-1", "s1");       // Teleport to checkout, reason operator_move
    migration.acknowledge("tenant-1", "s1", owed.effectId());   // offered at every message until acknowledged

    // one session, past a checkpoint it never passed: refused, with the reason, nothing written
    MoveReport refused = migration.operations().moveSession("tenant-1", "s2", 1, "confirm", "ops@example.com",
        false);
    String why = refused.item("s2").reason();   // "checkpoint 'Payment' (payment taken) lies on every path ..."
    // README-END

    assertThat(preview.wouldMove()).isEqualTo(1);
    assertThat(done.moved()).isEqualTo(preview.wouldMove());
    assertThat(owed).isInstanceOf(Outcome.Teleport.class);
    assertThat(((Outcome.Teleport) owed).reason()).isEqualTo(Outcome.TeleportReason.OPERATOR_MOVE);
    assertThat(migration.reconcile("tenant-1", "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(refused.refused()).isEqualTo(1);
    assertThat(why).startsWith("checkpoint 'Payment' (payment taken) lies on every path");
    assertThat(migration.session("tenant-1", "s2").currentStepId()).isEqualTo("checkout");
  }

  @Test
  void the_readme_section_is_the_code_this_test_runs() throws IOException {
    ReadmeQuickstartTest.assertReadmeSectionIsTheCodeOf("## Operator moves", SOURCE);
  }
}
