package org.scenariomigration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.scenariomigration.scenario.AnchorIdentity;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.ScenarioJson;
import org.scenariomigration.runtime.MigrationOperations;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;

/**
 * The README's reworded confirmation question ("Plans on real edits"), compiled and run. Keep the two in step: the
 * README shows the documents and the body of {@link #a_reworded_question_keeps_its_waiting_sessions}.
 */
class ReadmeRewordedQuestionTest {

  static final String V1 = """
      {"format_version": 1, "scenario_id": "transfer", "version": 1, "name": "Transfer",
       "steps": [
         {"id": "confirm", "name": "Confirm", "description": "Send the money?",
          "collects_fields": [{"name": "confirmed", "type": "boolean"}],
          "transitions": [{"to_step_id": "execute_transfer", "condition": "confirmed == true"},
                          {"to_step_id": "cancelled"}]},
         {"id": "execute_transfer", "name": "Execute transfer", "is_checkpoint": true,
          "checkpoint_description": "money sent"},
         {"id": "cancelled", "name": "Cancelled"}]}
      """;

  /** V1 with the question reworded: the description changed, so the step's content hash changed. */
  static final String V2 = V1.replace("\"version\": 1", "\"version\": 2")
      .replace("Send the money?", "Shall I send the money now?");

  @Test
  void a_reworded_question_keeps_its_waiting_sessions() {
    // --- README reworded question begins
    ScenarioMigration migration = ScenarioMigration.builder().build();
    migration.publish("tenant-1", ScenarioJson.read(V1));
    migration.startSession("tenant-1", "s-1", "customer-1", "web", "transfer");   // waiting at the question

    MigrationOperations ops = migration.operations();
    MigrationPlan plan = ops.generatePlan("tenant-1", ScenarioJson.read(V2), "operator@example.com");
    AnchorTransformation confirm = plan.transformationMap().anchorAtFromStep("confirm").orElseThrow();
    System.out.println(confirm.identity());   // EDITED, score 0.8, "same id; changed: description"
    ops.approve("tenant-1", plan.id(), "lead@example.com");
    ops.deploy("tenant-1", plan.id());

    Outcome outcome = migration.reconcile("tenant-1", "s-1");   // Teleport to "confirm" of v2: asked again, not skipped
    // --- README reworded question ends

    assertThat(confirm.identity().kind()).isEqualTo(AnchorIdentity.Kind.EDITED);
    assertThat(confirm.identity().score()).isEqualTo(0.8);
    assertThat(confirm.identity().reason()).isEqualTo("same id; changed: description");
    assertThat(plan.transformationMap().deletedSteps()).isEmpty();
    assertThat(outcome).isEqualTo(new Outcome.Teleport("confirm", 2, Outcome.TeleportReason.CLEAN_GRAFT, null));
    assertThat(migration.session("tenant-1", "s-1").currentStepId()).isEqualTo("confirm");
  }
}
