package org.scenariomigration.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.scenariomigration.scenario.CollectedField;
import org.scenariomigration.scenario.FieldType;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;

/** The renames the diff proposes, and the summary warnings that follow the plan's mappings. */
class RenameProposalsTest {

  private static ScenarioVersion version(int n, String field, String description, FieldType type) {
    return ScenarioVersion.builder("order-flow", n).name("Order Flow")
        .step(Step.builder("welcome").name("Welcome").to("age_check"))
        .step(Step.builder("age_check").name("Age Verification").description(description)
            .collects(CollectedField.required(field, type), CollectedField.optional("nickname")).to("checkout"))
        .step(Step.builder("checkout").name("Checkout").to("confirm"))
        .step(Step.builder("confirm").name("Confirm"))
        .build();
  }

  private static MigrationPlan plan(ScenarioVersion to) {
    return MigrationPlanner.builder().build().plan(PlanRequest.builder("t1",
        version(1, "age", "Asks for the age", FieldType.INTEGER), to).build());
  }

  @Test
  void a_field_renamed_in_a_step_that_stayed_as_it_was_is_proposed_as_a_rename() {
    MigrationPlan p = plan(version(2, "customer_age", "Asks for the age", FieldType.INTEGER));

    assertThat(p.proposedMappings()).containsExactly(VariableMapping.rename("age", "customer_age"));
    assertThat(p.summary().warnings()).filteredOn(w -> w.code() == PlanWarning.Code.RENAME_PROPOSED).hasSize(1);
    assertThat(PlanJson.read(PlanJson.write(p))).isEqualTo(p);
  }

  @Test
  void a_step_that_changed_besides_the_name_or_the_type_proposes_nothing() {
    assertThat(plan(version(2, "customer_age", "Asks how old", FieldType.INTEGER)).proposedMappings()).isEmpty();
    assertThat(plan(version(2, "customer_age", "Asks for the age", FieldType.STRING)).proposedMappings()).isEmpty();
    MigrationPlan same = plan(version(2, "age", "Asks for the age", FieldType.INTEGER));
    assertThat(same.proposedMappings()).isEmpty();
    assertThat(same.summary().warnings()).noneMatch(w -> w.code() == PlanWarning.Code.RENAME_PROPOSED);
  }

  @Test
  void confirming_the_proposal_removes_its_warning_and_removing_the_mapping_brings_it_back() {
    MigrationPlan p = plan(version(2, "customer_age", "Asks for the age", FieldType.INTEGER));

    MigrationPlan confirmed = p.withVariableMappings(List.of(VariableMapping.rename("age", "customer_age")));
    MigrationPlan other = p.withVariableMappings(List.of(VariableMapping.drop("nickname")));

    assertThat(confirmed.summary().warnings()).noneMatch(w -> w.code() == PlanWarning.Code.RENAME_PROPOSED);
    assertThat(other.summary().warnings()).anyMatch(w -> w.code() == PlanWarning.Code.RENAME_PROPOSED);
    assertThat(confirmed.withVariableMappings(List.of()).summary()).isEqualTo(p.summary());
    assertThat(PlanJson.read(PlanJson.write(confirmed))).isEqualTo(confirmed);
  }
}
