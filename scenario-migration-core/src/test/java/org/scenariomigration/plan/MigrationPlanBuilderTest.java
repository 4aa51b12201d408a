package org.scenariomigration.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scenariomigration.InvalidIdException;

/** {@link MigrationPlan#builder()}, {@link MigrationPlan#toBuilder()} and the value semantics of a plan. */
class MigrationPlanBuilderTest {

  private static final Instant AT = Instant.parse("2025-03-04T10:00:00Z");

  @Test
  void a_built_plan_has_a_full_rollout_and_no_policies_or_mappings_unless_set() {
    MigrationPlan p = PlanFixtures.gapFillPlan();
    MigrationPlan built = MigrationPlan.builder().id("p9").tenantId("t1").scenarioId(p.scenarioId())
        .fromVersion(1).toVersion(2).status(PlanStatus.PENDING).transformationMap(p.transformationMap())
        .summary(p.summary()).createdAt(AT).build();

    assertThat(built.rolloutPercent()).isEqualTo(100);
    assertThat(built.anchorPolicies()).isEmpty();
    assertThat(built.manualMappings()).isEmpty();
    assertThat(built.createdBy()).isEmpty();
    assertThat(built.markedAt()).isNull();
    assertThat(built.coverageGeneration()).isZero();
  }

  @Test
  void to_builder_keeps_every_component_and_plans_are_equal_by_value() {
    MigrationPlan p = PlanFixtures.gapFillPlan().withApproval("lead", AT).withDeployment(AT.plusSeconds(1))
        .withRolloutPercent(40).withMarking(AT.plusSeconds(2)).withCoverageGeneration(3);

    MigrationPlan copy = p.toBuilder().build();

    assertThat(copy).isEqualTo(p).hasSameHashCodeAs(p).hasToString(p.toString()).isNotSameAs(p);
    assertThat(p.toString()).startsWith("MigrationPlan[id=" + p.id() + ", tenantId=").contains("rolloutPercent=40")
        .contains("coverageGeneration=3, rollout=null, ").endsWith(", variableMappings=[], proposedMappings=[]]");
    assertThat(p.toBuilder().coverageGeneration(4).build()).isNotEqualTo(p);
    MigrationPlan mapped = p.withVariableMappings(List.of(VariableMapping.drop("age")));
    assertThat(mapped.toBuilder().build()).isEqualTo(mapped).hasSameHashCodeAs(mapped).isNotEqualTo(p);
    assertThat(mapped.withVariableMappings(List.of())).isEqualTo(p);
    assertThat(mapped.withRolloutPercent(50).withStatus(PlanStatus.APPROVED).variableMappings())
        .containsExactly(VariableMapping.drop("age"));
    assertThat(p.toBuilder().approvedBy("other").build()).isNotEqualTo(p);
  }

  @Test
  void each_copy_keeps_the_components_it_is_not_about() {
    MigrationPlan p = PlanFixtures.gapFillPlan().withMarking(AT).withCoverageGeneration(5).withRolloutPercent(30);

    MigrationPlan deployed = p.withDeployment(AT.plusSeconds(9));
    assertThat(deployed.toBuilder().status(p.status()).deployedAt(p.deployedAt()).build()).isEqualTo(p);
    MigrationPlan widened = p.withRolloutPercent(60);
    assertThat(widened.markedAt()).isEqualTo(AT);
    assertThat(widened.coverageGeneration()).isEqualTo(5);
    assertThat(widened.toBuilder().rolloutPercent(30).build()).isEqualTo(p);
    assertThat(p.withStatus(PlanStatus.REJECTED).toBuilder().status(p.status()).build()).isEqualTo(p);
  }

  @Test
  void the_builder_validates_as_the_copies_do() {
    MigrationPlan.Builder b = PlanFixtures.gapFillPlan().toBuilder();

    InvalidPlanException rollout = catchThrowableOfType(InvalidPlanException.class,
        () -> b.rolloutPercent(101).build());
    assertThat(rollout.field()).isEqualTo("rollout_percent");
    assertThat(rollout.value()).isEqualTo("101");
    InvalidPlanException generation = catchThrowableOfType(InvalidPlanException.class,
        () -> b.rolloutPercent(100).coverageGeneration(-1).build());
    assertThat(generation.field()).isEqualTo("coverage_generation");
    assertThat(generation.value()).isEqualTo("-1");
    assertThatThrownBy(() -> b.coverageGeneration(0).id("bad id ").build()).isInstanceOf(InvalidIdException.class);
    assertThatThrownBy(() -> b.id("p1").summary(null).build()).isInstanceOf(NullPointerException.class)
        .hasMessage("summary");
  }
}
