package org.scenariomigration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.ScenarioJson;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.runtime.DeploymentResult;
import org.scenariomigration.runtime.MigrationOperations;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.spi.ProfileField;

/** The README quickstart, compiled and run. Keep the two in step: the README shows the body of {@link #quickstart}. */
class ReadmeQuickstartTest {

  static final String V1 = """
      {"format_version": 1, "scenario_id": "order-flow", "version": 1, "name": "Order Flow",
       "steps": [
         {"id": "welcome", "name": "Welcome", "transitions": [{"to_step_id": "checkout"}]},
         {"id": "checkout", "name": "Checkout", "transitions": [{"to_step_id": "confirm"}]},
         {"id": "confirm", "name": "Confirm"}]}
      """;

  static final String V2 = """
      {"format_version": 1, "scenario_id": "order-flow", "version": 2, "name": "Order Flow",
       "steps": [
         {"id": "welcome", "name": "Welcome", "transitions": [{"to_step_id": "age_check"}]},
         {"id": "age_check", "name": "Age Verification", "collects_fields": ["age"],
          "transitions": [{"to_step_id": "checkout"}]},
         {"id": "checkout", "name": "Checkout", "transitions": [{"to_step_id": "confirm"}]},
         {"id": "confirm", "name": "Confirm"}]}
      """;

  @Test
  void quickstart() {
    // --- README quickstart begins
    InMemoryProfileStore profiles = new InMemoryProfileStore();
    ScenarioMigration migration = ScenarioMigration.builder()
        .profileStore(profiles)          // or your own ProfileStore, SessionStore, Extractor ...
        .build();

    ScenarioVersion v1 = ScenarioJson.read(V1);
    migration.publish("tenant-1", v1);   // the first version becomes current

    // the host reports progress
    migration.startSession("tenant-1", "session-42", "customer-7", "whatsapp", "order-flow");
    migration.advance("tenant-1", "session-42", "checkout");
    profiles.put("tenant-1", "customer-7", new ProfileField("age", 34, "crm", 1.0, null));

    // the operator generates, reviews, configures, approves and deploys a plan
    MigrationOperations ops = migration.operations();
    MigrationPlan plan = ops.generatePlan("tenant-1", ScenarioJson.read(V2), "operator@example.com");
    System.out.println(plan.summary().warnings());   // "Customers at 'Checkout' may be asked for 'age' ..."
    String checkout = plan.transformationMap().anchorAtFromStep("checkout").orElseThrow().anchorContentHash();
    ops.updatePolicies("tenant-1", plan.id(), Map.of(checkout, plan.policyFor(
        plan.transformationMap().anchorAtFromStep("checkout").orElseThrow())
        .withScopeFilter(ScopeFilter.builder().includeChannels("whatsapp").maxSessionAgeDays(30).build())));
    ops.approve("tenant-1", plan.id(), "lead@example.com");
    DeploymentResult deployed = ops.deploy("tenant-1", plan.id());   // marks, moves nothing

    // before processing each incoming message
    Outcome outcome = migration.reconcile("tenant-1", "session-42");
    if (outcome instanceof Outcome.Teleport t) {
      System.out.println("now at " + t.targetStepId() + " of v" + t.targetVersion());
    }
    // --- README quickstart ends

    assertThat(plan.summary().anchorsWithGapFill()).isEqualTo(2);
    assertThat(deployed.sessionsMarked()).isEqualTo(1);
    assertThat(outcome).isEqualTo(new Outcome.Teleport("checkout", 2, "gap_fill", null));
    assertThat(migration.session("tenant-1", "session-42").variables()).containsEntry("age", 34L);
    assertThat(migration.reconcile("tenant-1", "session-42")).isSameAs(Outcome.CONTINUE);
    assertThat(AnchorPolicy.class).isNotNull();
  }
}
