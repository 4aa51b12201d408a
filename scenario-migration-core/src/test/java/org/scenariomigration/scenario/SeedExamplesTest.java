package org.scenariomigration.scenario;

import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.MigrationPlanner;
import org.scenariomigration.plan.PlanRequest;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.plan.PlanSummary;
import org.scenariomigration.plan.PlanWarning;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedExamplesTest {
  private final MigrationPlanner planner = MigrationPlanner.create();

  private static AnchorTransformation anchor(TransformationMap map, String name) {
    return map.anchors().stream().filter(a -> a.anchorName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void inserting_age_verification_before_checkout_is_a_gap_fill_at_checkout() {
    TransformationMap map = planner.diff(Seeds.v1(), Seeds.v2AgeInserted());

    AnchorTransformation checkout = anchor(map, "Checkout");
    assertThat(checkout.migrationScenario()).isEqualTo(MigrationScenario.GAP_FILL);
    assertThat(checkout.upstreamChanges().insertedNodes()).singleElement().satisfies(n -> {
      assertThat(n.nodeName()).isEqualTo("Age Verification");
      assertThat(n.collectsFields()).containsExactly("age");
    });
    assertThat(checkout.fieldsToCollect()).containsExactly("age");
    assertThat(anchor(map, "Welcome").migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
    assertThat(anchor(map, "Welcome").downstreamChanges().insertedNodes())
        .extracting(InsertedNode::nodeName).containsExactly("Age Verification");
    assertThat(map.newSteps()).extracting(StepRef::stepName).containsExactly("Age Verification");
    assertThat(map.deletedSteps()).isEmpty();
  }

  @Test
  void adding_payment_downstream_of_checkout_is_a_clean_graft_at_checkout() {
    TransformationMap map = planner.diff(Seeds.v1(), Seeds.v2PaymentDownstream());

    AnchorTransformation checkout = anchor(map, "Checkout");
    assertThat(checkout.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
    assertThat(checkout.upstreamChanges().isEmpty()).isTrue();
    assertThat(checkout.downstreamChanges().insertedNodes()).extracting(InsertedNode::nodeName)
        .containsExactly("Payment");
    assertThat(checkout.downstreamChanges().modifiedTransitions()).extracting(TransitionChange::change)
        .containsExactlyInAnyOrder(TransitionChange.Change.ADDED, TransitionChange.Change.REMOVED);
  }

  @Test
  void an_upstream_age_fork_with_a_rejection_branch_is_a_re_route_at_checkout() {
    TransformationMap map = planner.diff(Seeds.v1(), Seeds.v2AgeFork());

    AnchorTransformation checkout = anchor(map, "Checkout");
    assertThat(checkout.migrationScenario()).isEqualTo(MigrationScenario.RE_ROUTE);
    assertThat(checkout.upstreamChanges().newForks()).singleElement().satisfies(f -> {
      assertThat(f.forkName()).isEqualTo("Age Verification");
      assertThat(f.fieldsRead()).containsExactly("age");
      assertThat(f.branches()).extracting(ForkBranch::targetName, ForkBranch::condition, ForkBranch::leadsToAnchor)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("Rejection", "age < 18", false),
              org.assertj.core.groups.Tuple.tuple("Checkout", "age >= 18", true));
    });
    assertThat(anchor(map, "Confirm").migrationScenario()).isEqualTo(MigrationScenario.RE_ROUTE);
    assertThat(anchor(map, "Welcome").migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
  }

  @Test
  void the_plan_summary_counts_classes_and_warns_about_fields_to_collect() {
    MigrationPlan plan = planner.plan(PlanRequest.builder("t1", Seeds.v1(), Seeds.v2AgeInserted())
        .createdBy("operator@example.com").build());

    assertThat(plan.status()).isEqualTo(PlanStatus.PENDING);
    assertThat(plan.createdBy()).isEqualTo("operator@example.com");
    PlanSummary s = plan.summary();
    assertThat(s.totalAnchors()).isEqualTo(3);
    assertThat(s.anchorsWithCleanGraft()).isEqualTo(1);
    assertThat(s.anchorsWithGapFill()).isEqualTo(2);
    assertThat(s.anchorsWithReRoute()).isZero();
    assertThat(s.fieldsToCollect()).singleElement().satisfies(f -> {
      assertThat(f.field()).isEqualTo("age");
      assertThat(f.anchorNames()).containsExactlyInAnyOrder("Checkout", "Confirm");
    });
    assertThat(s.warnings()).extracting(PlanWarning::message)
        .contains("Customers at 'Checkout' may be asked for 'age' if not in profile");
    assertThat(s.warnings()).allMatch(w -> w.severity() == PlanWarning.Severity.INFO);
  }

  @Test
  void a_re_route_that_would_skip_a_passed_payment_is_a_critical_checkpoint_warning() {
    MigrationPlan plan = planner.plan(PlanRequest.builder("t1", Seeds.v1WithPayment(),
        Seeds.v2AgeForkBeforePayment()).build());

    AnchorTransformation checkout = anchor(plan.transformationMap(), "Checkout");
    assertThat(checkout.migrationScenario()).isEqualTo(MigrationScenario.RE_ROUTE);
    assertThat(checkout.checkpointConflicts()).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(CheckpointConflict.Kind.CONTRADICTED);
      assertThat(c.checkpointName()).isEqualTo("Payment");
      assertThat(c.targetName()).isEqualTo("Rejection");
    });
    List<PlanWarning> critical = plan.summary().warnings(PlanWarning.Severity.CRITICAL);
    assertThat(critical).isNotEmpty().allSatisfy(w -> {
      assertThat(w.code()).isEqualTo(PlanWarning.Code.CHECKPOINT_CONFLICT);
      assertThat(w.message()).contains("Payment").contains("Rejection");
    });
    assertThat(plan.summary().warnings().get(0).severity()).isEqualTo(PlanWarning.Severity.CRITICAL);
  }

  @Test
  void a_teleport_upstream_of_a_passed_checkpoint_is_flagged_as_run_again() {
    // v2 moves Payment after Checkout: a session at Checkout that paid would pay again.
    ScenarioVersion v2 = ScenarioVersion.builder("order-flow", 2)
        .step(Seeds.welcome().to("checkout"))
        .step(Seeds.checkout().to("payment"))
        .step(Seeds.payment().to("confirm"))
        .step(Seeds.confirm())
        .build();

    AnchorTransformation checkout = anchor(planner.diff(Seeds.v1WithPayment(), v2), "Checkout");

    assertThat(checkout.checkpointConflicts()).extracting(CheckpointConflict::kind, CheckpointConflict::targetName)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(CheckpointConflict.Kind.RUN_AGAIN, "Checkout"));
  }
}
