package org.scenariomigration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanWarning;
import org.scenariomigration.plan.VariableMapping;
import org.scenariomigration.report.PlanReport;
import org.scenariomigration.runtime.MigrationOperations;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.RollbackReport;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.scenario.ScenarioJson;

/**
 * The README's "Variable mappings" section, compiled and run: the code between the README-BEGIN and README-END
 * comments is the section's Java block ({@link #the_readme_section_is_this_code}).
 */
class ReadmeVariableMappingsTest {

  static final String V1 = """
      {"format_version": 1, "scenario_id": "order-flow", "version": 1, "name": "Order Flow",
       "steps": [
         {"id": "welcome", "name": "Welcome", "transitions": [{"to_step_id": "age_check"}]},
         {"id": "age_check", "name": "Age Verification", "collects_fields": [{"name": "age", "type": "integer"}],
          "transitions": [{"to_step_id": "checkout"}]},
         {"id": "checkout", "name": "Checkout", "collects_fields": [{"name": "promo_code", "optional": true}],
          "transitions": [{"to_step_id": "confirm"}]},
         {"id": "confirm", "name": "Confirm"}]}
      """;

  /** V1 with the age field renamed and the promo code no longer collected. */
  static final String V2 = V1.replace("\"version\": 1", "\"version\": 2").replace("\"age\"", "\"customer_age\"")
      .replace("\"collects_fields\": [{\"name\": \"promo_code\", \"optional\": true}],", "");

  @Test
  void mappings_rename_default_drop_and_compute_and_rollback_undoes_them() {
    ScenarioMigration migration = ScenarioMigration.builder().build();
    migration.publish("tenant-1", ScenarioJson.read(V1));
    migration.startSession("tenant-1", "s-1", "customer-1", "web", "order-flow");
    migration.advance("tenant-1", "s-1", "age_check");
    migration.setVariables("tenant-1", "s-1", Map.of("age", 34, "promo_code", "SPRING"));
    migration.advance("tenant-1", "s-1", "checkout");
    // README-BEGIN
    MigrationOperations ops = migration.operations();
    MigrationPlan plan = ops.generatePlan("tenant-1", ScenarioJson.read(V2), "operator@example.com");
    System.out.println(plan.proposedMappings());   // [Rename[from=age, to=customer_age]]: a warning until confirmed
    plan = ops.updateMappings("tenant-1", plan.id(), List.of(
        VariableMapping.rename("age", "customer_age"),           // confirms the proposal: nobody is asked again
        VariableMapping.defaultValue("tier", "standard"),        // where the session holds no tier
        VariableMapping.drop("promo_code"),
        VariableMapping.computed("is_adult", "age >= 18")));     // a condition over the old variables
    System.out.println(PlanReport.text(plan));      // ... VARIABLE MAPPINGS  rename age -> customer_age ...
    ops.approve("tenant-1", plan.id(), "lead@example.com");
    ops.deploy("tenant-1", plan.id());

    Outcome outcome = migration.reconcile("tenant-1", "s-1");   // Teleport: nothing to collect
    Map<String, Object> migrated = migration.session("tenant-1", "s-1").variables();
    System.out.println(migrated);                      // {customer_age=34, is_adult=true, tier=standard}

    RollbackReport rollback = ops.rollback("tenant-1", plan.id());
    migration.reconcile("tenant-1", "s-1");            // back on v1 with {age=34, promo_code=SPRING}
    // README-END
    assertThat(plan.summary().warnings()).noneMatch(w -> w.code() == PlanWarning.Code.RENAME_PROPOSED);
    assertThat(plan.proposedMappings()).containsExactly(VariableMapping.rename("age", "customer_age"));
    assertThat(PlanReport.text(plan)).contains("VARIABLE MAPPINGS").contains("rename age -> customer_age");
    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(migrated).isEqualTo(Map.of("customer_age", 34L, "is_adult", true, "tier", "standard"));
    assertThat(rollback.sessionsToRestore()).containsExactly("s-1");
    assertThat(migration.session("tenant-1", "s-1").version()).isEqualTo(1);
    assertThat(migration.session("tenant-1", "s-1").variables()).isEqualTo(Map.of("age", 34L, "promo_code",
        "SPRING"));
  }

  @Test
  void the_readme_section_is_this_code() throws Exception {
    ReadmeQuickstartTest.assertReadmeSectionIsTheCodeOf("## Variable mappings",
        Path.of("src/test/java/org/scenariomigration/ReadmeVariableMappingsTest.java"));
  }
}
