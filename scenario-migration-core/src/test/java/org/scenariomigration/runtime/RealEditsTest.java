package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.scenariomigration.scenario.AnchorIdentity;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.DeletedStep;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.report.PlanReport;
import org.scenariomigration.plan.PlanWarning;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.scenario.StepMapping;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.session.SessionState;

/**
 * The plan's model on edits as teams make them (issue 21): each nested class is one numbered case of the issue, reduced
 * to a few steps, and failed before edited anchors, dominance-aware upstream, branch comparison by anchors reached,
 * protected replaced checkpoints and declared computed fields. {@code EditOperatorProperties} holds the same over
 * generated flows and edits.
 */
class RealEditsTest {

  private static Step.Builder step(String id, String name) {
    return Step.builder(id).name(name).description("Does " + name);
  }

  /** An engine on a scenario whose sessions start with {@code start(id)} and walk {@code steps}. */
  private static final class Flow {
    final Env env = new Env();
    final String scenario;

    Flow(ScenarioVersion v1) {
      scenario = v1.scenarioId();
      env.engine.publish(TENANT, v1);
    }

    Flow session(String id, Map<String, Object> vars, String... steps) {
      env.engine.startSession(TENANT, id, "customer-" + id, "web", scenario);
      if (!vars.isEmpty()) {
        env.engine.setVariables(TENANT, id, vars);
      }
      for (String s : steps) {
        env.engine.advance(TENANT, id, s);
      }
      return this;
    }

    MigrationPlan deploy(ScenarioVersion v2, StepMapping... mappings) {
      MigrationPlan p = env.engine.operations().generatePlan(TENANT, v2, "op@example.com", List.of(mappings));
      env.engine.operations().approve(TENANT, p.id(), "lead@example.com");
      env.engine.operations().deploy(TENANT, p.id());
      return env.engine.operations().plan(TENANT, p.id());
    }

    SessionState session(String id) {
      return env.engine.session(TENANT, id);
    }
  }

  /** Start → Confirm (collects confirmed) → [confirmed == true] Execute transfer (checkpoint) / Cancelled. */
  private static ScenarioVersion transfer(int version, String confirmDescription, String... extraFields) {
    Step.Builder confirm = Step.builder("confirm").name("Confirm").description(confirmDescription)
        .collects("confirmed");
    for (String f : extraFields) {
      confirm.collects(f);
    }
    return ScenarioVersion.builder("transfer", version).name("Transfer")
        .step(step("start", "Start").to("confirm"))
        .step(confirm.when("confirmed == true", "execute_transfer").to("cancelled"))
        .step(step("execute_transfer", "Execute transfer").checkpoint(true, "money sent").to("done"))
        .step(step("cancelled", "Cancelled").to("done"))
        .step(step("done", "Done"))
        .build();
  }

  @Nested
  class Case1_a_reworded_question_keeps_its_waiting_sessions {

    @Test
    void sessions_waiting_at_a_reworded_confirmation_stay_there_and_never_reach_the_transfer() {
      Flow f = new Flow(transfer(1, "Asks whether to send the money"));
      f.session("waiting", Map.of(), "confirm");
      f.session("said-no", Map.of("confirmed", false), "confirm", "cancelled");

      MigrationPlan plan = f.deploy(transfer(2, "Asks, once more and politely, whether to send the money"));

      AnchorTransformation confirm = plan.transformationMap().anchorAtFromStep("confirm").orElseThrow();
      assertThat(confirm.identity().kind()).isEqualTo(AnchorIdentity.Kind.EDITED);
      assertThat(confirm.identity().reason()).isEqualTo("same id; changed: description");
      assertThat(confirm.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      assertThat(plan.transformationMap().deletedSteps()).isEmpty();
      assertThat(plan.summary().warnings()).extracting(PlanWarning::code).contains(PlanWarning.Code.EDITED_ANCHOR);
      assertThat(PlanReport.text(plan)).contains("    edited                same id; changed: description");

      assertThat(f.env.engine.reconcile(TENANT, "waiting")).isEqualTo(new Outcome.Teleport("confirm", 2,
          Outcome.TeleportReason.CLEAN_GRAFT, null));
      assertThat(f.session("waiting").currentStepId()).isEqualTo("confirm");
      assertThat(f.env.engine.reconcile(TENANT, "said-no")).isEqualTo(new Outcome.Teleport("cancelled", 2,
          Outcome.TeleportReason.CLEAN_GRAFT, null));
    }

    @Test
    void a_reworded_question_that_now_collects_another_field_asks_only_that_field_of_sessions_past_it() {
      Flow f = new Flow(transfer(1, "Asks whether to send the money"));
      f.session("said-no", Map.of("confirmed", false), "confirm", "cancelled");

      MigrationPlan plan = f.deploy(transfer(2, "Asks whether to send the money, and the reference", "reference"));

      AnchorTransformation cancelled = plan.transformationMap().anchorAtFromStep("cancelled").orElseThrow();
      assertThat(cancelled.migrationScenario()).isEqualTo(MigrationScenario.GAP_FILL);
      assertThat(cancelled.fieldsToCollect()).containsExactly("reference");
      assertThat(f.env.engine.reconcile(TENANT, "said-no")).isEqualTo(new Outcome.Collect(List.of("reference"),
          "Before we continue, could you tell me your reference?"));
    }
  }

  @Nested
  class Case2_a_fork_behind_a_retry_loop_is_not_upstream {

    /** Ask amount → Check funds (computes sufficient) → [sufficient == false] back to Ask amount / Confirm. */
    private ScenarioVersion funds(int version, boolean withReview) {
      Step.Builder check = step("check_funds", "Check funds").requiredAction(true).sets("sufficient");
      if (withReview) {
        check.when("sufficient == false && amount > 10000", "manual_review");
      }
      ScenarioVersion.Builder b = ScenarioVersion.builder("funds", version).name("Funds")
          .step(step("ask_amount", "Ask amount").collects("amount").to("check_funds"))
          .step(check.when("sufficient == false", "ask_amount").to("confirm"))
          .step(step("confirm", "Confirm").to("done"))
          .step(step("done", "Done"));
      if (withReview) {
        b.step(step("manual_review", "Manual review"));
      }
      return b.build();
    }

    @Test
    void a_session_that_never_reached_the_fork_is_a_clean_graft_and_is_asked_nothing() {
      Flow f = new Flow(funds(1, false));
      f.session("first-try", Map.of());

      MigrationPlan plan = f.deploy(funds(2, true));

      AnchorTransformation ask = plan.transformationMap().anchorAtFromStep("ask_amount").orElseThrow();
      assertThat(ask.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      assertThat(ask.upstreamChanges().newForks()).isEmpty();
      assertThat(f.env.engine.reconcile(TENANT, "first-try")).isEqualTo(new Outcome.Teleport("ask_amount", 2,
          Outcome.TeleportReason.CLEAN_GRAFT, null));
      assertThat(f.session("first-try").variables()).doesNotContainKey("sufficient");
    }

    @Test
    void a_session_that_passed_the_changed_fork_is_routed_by_its_own_values() {
      Flow f = new Flow(funds(1, false));
      f.session("passed", Map.of("amount", 50), "check_funds");
      f.env.engine.setVariables(TENANT, "passed", Map.of("sufficient", true));
      f.env.engine.advance(TENANT, "passed", "confirm");

      MigrationPlan plan = f.deploy(funds(2, true));

      AnchorTransformation confirm = plan.transformationMap().anchorAtFromStep("confirm").orElseThrow();
      assertThat(confirm.migrationScenario()).isEqualTo(MigrationScenario.RE_ROUTE);
      assertThat(confirm.upstreamChanges().newForks()).singleElement()
          .satisfies(fork -> assertThat(fork.fromStepId()).isEqualTo("check_funds"));
      // sufficient is computed: never listed as a field to collect
      assertThat(confirm.fieldsToCollect()).containsExactly("amount");
      Outcome o = f.env.engine.reconcile(TENANT, "passed");
      assertThat(o).isInstanceOf(Outcome.Teleport.class);
      assertThat(((Outcome.Teleport) o).targetStepId()).isEqualTo("confirm");
    }
  }

  @Nested
  class Case3_a_branch_that_still_leads_to_the_same_anchor_is_not_a_new_fork {

    private ScenarioVersion invoice(int version, boolean notify) {
      ScenarioVersion.Builder b = ScenarioVersion.builder("invoice", version).name("Invoice")
          .step(step("invoice", "Invoice").collects("approved")
              .when("approved == true", notify ? "notify" : "pay").to("under_review"))
          .step(step("pay", "Pay").checkpoint(true, "paid").to("done"))
          .step(step("under_review", "Under review").to("done"))
          .step(step("done", "Done"));
      if (notify) {
        b.step(step("notify", "Notify").to("pay"));
      }
      return b.build();
    }

    @Test
    void deleting_a_plain_step_on_one_branch_re_routes_nobody_on_the_other() {
      Flow f = new Flow(invoice(1, true));
      // a session under review whose answer the host never stored: it must not be asked and sent to the payment
      f.session("reviewed", Map.of(), "under_review");

      MigrationPlan plan = f.deploy(invoice(2, false));

      for (String id : List.of("under_review", "pay", "done", "invoice")) {
        AnchorTransformation a = plan.transformationMap().anchorAtFromStep(id).orElseThrow();
        assertThat(a.migrationScenario()).as(id).isEqualTo(MigrationScenario.CLEAN_GRAFT);
        assertThat(a.upstreamChanges().newForks()).as(id).isEmpty();
        assertThat(a.fieldsToCollect()).as(id).isEmpty();
      }
      assertThat(plan.summary().anchorsWithReRoute()).isZero();
      assertThat(f.env.engine.reconcile(TENANT, "reviewed")).isEqualTo(new Outcome.Teleport("under_review", 2,
          Outcome.TeleportReason.CLEAN_GRAFT, null));
      assertThat(f.env.journal("reviewed")).singleElement()
          .satisfies(r -> assertThat(r.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT));
    }
  }

  @Nested
  class Case4_a_replaced_checkpoint_still_protects_those_who_passed_it {

    private ScenarioVersion shop(int version, boolean replaced) {
      ScenarioVersion.Builder b = ScenarioVersion.builder("shop", version).name("Shop")
          .step(step("cart", "Cart").collects("method")
              .when("method == 'card'", replaced ? "card_details" : "take_payment").to("wallet_payment"))
          .step(step("wallet_payment", "Wallet payment").checkpoint(true, "wallet charged").to("ship"))
          .step(step("ship", "Ship").to("done"))
          .step(step("done", "Done"));
      if (replaced) {
        b.step(step("card_details", "Card details").collects("card_number").to("card_payment"));
        b.step(Step.builder("card_payment").name("Card payment").description("Charges the card with 3-D Secure")
            .checkpoint(true, "card charged").to("ship"));
      } else {
        b.step(step("take_payment", "Take payment").checkpoint(true, "card charged").to("ship"));
      }
      return b.build();
    }

    @Test
    void a_session_that_paid_by_card_is_kept_on_its_version_until_the_operator_maps_the_replacement() {
      Flow f = new Flow(shop(1, false));
      f.session("paid", Map.of("method", "card"), "take_payment", "ship");

      MigrationPlan plan = f.deploy(shop(2, true));

      DeletedStep old = plan.transformationMap().deletedStep("take_payment").orElseThrow();
      assertThat(old.checkpoint()).isTrue();
      assertThat(plan.summary().warnings()).anySatisfy(w -> {
        assertThat(w.code()).isEqualTo(PlanWarning.Code.DELETED_CHECKPOINT);
        assertThat(w.severity()).isEqualTo(PlanWarning.Severity.CRITICAL);
        assertThat(w.message()).contains("'Take payment'").contains("map it to its replacement");
      });

      Outcome o = f.env.engine.reconcile(TENANT, "paid");

      assertThat(o.blockedByCheckpoint()).isTrue();
      assertThat(o.warning()).contains("'Take payment'").contains("has no counterpart in version 2");
      SessionState s = f.session("paid");
      assertThat(s.version()).isEqualTo(1);
      assertThat(s.currentStepId()).isEqualTo("ship");
      assertThat(s.pinned()).isTrue();
    }

    @Test
    void mapped_to_its_replacement_the_checkpoint_lets_the_session_that_paid_move_on_without_paying_again() {
      Flow f = new Flow(shop(1, false));
      f.session("paid", Map.of("method", "card", "card_number", "4111"), "take_payment", "ship");

      MigrationPlan plan = f.deploy(shop(2, true), new StepMapping("take_payment", "card_payment"));

      assertThat(plan.transformationMap().anchorAtFromStep("take_payment").orElseThrow().identity().kind())
          .isEqualTo(AnchorIdentity.Kind.MANUAL_MAPPING);
      // the card details step is new before the payment: its field comes from the session, as any gap fill's
      assertThat(f.env.engine.reconcile(TENANT, "paid")).isEqualTo(new Outcome.Teleport("ship", 2, Outcome.TeleportReason.GAP_FILL,
          null));
      assertThat(f.session("paid").history()).extracting(v -> v.stepId()).containsOnlyOnce("take_payment")
          .doesNotContain("card_payment");
    }
  }

  @Nested
  class Case5_reaching_a_checkpoint_by_migration_is_not_passing_it {

    /** Welcome → Pay (checkpoint) → Confirm; version 2 adds a survey after Confirm. */
    private ScenarioVersion pay(int version) {
      ScenarioVersion.Builder b = ScenarioVersion.builder("pay", version).name("Pay")
          .step(step("welcome", "Welcome").to("pay"))
          .step(step("pay", "Pay").checkpoint(true, "paid").to("confirm"));
      if (version == 1) {
        return b.step(step("confirm", "Confirm")).build();
      }
      return b.step(step("confirm", "Confirm").to("survey")).step(step("survey", "Survey")).build();
    }

    @Test
    void a_session_grafted_onto_a_checkpoint_and_rolled_back_at_once_is_restored() {
      Flow f = new Flow(pay(1));
      f.session("at-pay", Map.of(), "pay");
      MigrationPlan plan = f.deploy(pay(2));
      assertThat(f.env.engine.reconcile(TENANT, "at-pay")).isEqualTo(new Outcome.Teleport("pay", 2, Outcome.TeleportReason.CLEAN_GRAFT,
          null));

      RollbackReport report = f.env.engine.operations().rollback(TENANT, plan.id());

      assertThat(report.sessionsToRestore()).containsExactly("at-pay");
      assertThat(report.sessionsKept()).isEmpty();
      assertThat(f.env.engine.reconcile(TENANT, "at-pay")).isEqualTo(new Outcome.Teleport("pay", 1, Outcome.TeleportReason.ROLLBACK,
          null));
      assertThat(f.session("at-pay").version()).isEqualTo(1);
    }

    @Test
    void a_session_that_moved_on_from_the_checkpoint_it_arrived_on_is_kept() {
      Flow f = new Flow(pay(1));
      f.session("at-pay", Map.of(), "pay");
      MigrationPlan plan = f.deploy(pay(2));
      f.env.engine.reconcile(TENANT, "at-pay");
      f.env.engine.advance(TENANT, "at-pay", "confirm");

      RollbackReport report = f.env.engine.operations().rollback(TENANT, plan.id());

      assertThat(report.sessionsKept()).containsExactly("at-pay");
      assertThat(f.session("at-pay").version()).isEqualTo(2);
    }
  }

  @Nested
  class Case6_computed_fields_are_never_asked {

    /** Start → Ask amount → Confirm; v2 inserts Check eligibility (computes eligible) and a fork on it. */
    private ScenarioVersion loan(int version) {
      ScenarioVersion.Builder b = ScenarioVersion.builder("loan", version).name("Loan")
          .step(step("start", "Start").to("ask_amount"));
      if (version == 1) {
        b.step(step("ask_amount", "Ask amount").collects("amount").to("confirm"));
      } else {
        b.step(step("ask_amount", "Ask amount").collects("amount").to("check_eligibility"))
            .step(step("check_eligibility", "Check eligibility").requiredAction(true).sets("eligible")
                .when("eligible == false", "rejected").to("confirm"))
            .step(step("rejected", "Rejected"));
      }
      return b.step(step("confirm", "Confirm")).build();
    }

    @Test
    void the_step_that_computes_the_field_runs_first_and_its_value_decides() {
      Flow f = new Flow(loan(1));
      f.session("eligible", Map.of("amount", 100), "ask_amount", "confirm");
      f.session("not-eligible", Map.of("amount", 100), "ask_amount", "confirm");
      MigrationPlan plan = f.deploy(loan(2));
      AnchorTransformation confirm = plan.transformationMap().anchorAtFromStep("confirm").orElseThrow();
      assertThat(confirm.migrationScenario()).isEqualTo(MigrationScenario.RE_ROUTE);
      assertThat(confirm.fieldsToCollect()).doesNotContain("eligible");
      assertThat(plan.summary().warnings()).extracting(PlanWarning::code).contains(PlanWarning.Code.COMPUTED_FIELD);

      Outcome first = f.env.engine.reconcile(TENANT, "eligible");

      assertThat(first).isEqualTo(new Outcome.ExecuteActions(List.of("check_eligibility"), "confirm", 1));
      assertThat(f.session("eligible").version()).isEqualTo(1);
      f.env.engine.setVariables(TENANT, "eligible", Map.of("eligible", true));
      // the action ran: it is not owed again
      assertThat(f.env.engine.reconcile(TENANT, "eligible")).isEqualTo(new Outcome.Teleport("confirm", 2,
          Outcome.TeleportReason.GAP_FILL, null));

      assertThat(f.env.engine.reconcile(TENANT, "not-eligible")).isInstanceOf(Outcome.ExecuteActions.class);
      f.env.engine.setVariables(TENANT, "not-eligible", Map.of("eligible", false));
      Outcome rerouted = f.env.engine.reconcile(TENANT, "not-eligible");
      assertThat(rerouted).isInstanceOf(Outcome.Teleport.class);
      assertThat(((Outcome.Teleport) rerouted).targetStepId()).isEqualTo("rejected");
      assertThat(((Outcome.Teleport) rerouted).reason()).isEqualTo(Outcome.TeleportReason.RE_ROUTE);
    }

    @Test
    void a_session_whose_computing_step_did_not_set_the_field_stays_where_it_is_with_a_warning() {
      Flow f = new Flow(loan(1));
      f.session("s1", Map.of("amount", 100), "ask_amount", "confirm");
      f.deploy(loan(2));
      assertThat(f.env.engine.reconcile(TENANT, "s1")).isInstanceOf(Outcome.ExecuteActions.class);

      Outcome o = f.env.engine.reconcile(TENANT, "s1");

      assertThat(o.kind()).isEqualTo(Outcome.Kind.CONTINUE);
      assertThat(o.warning()).contains("[eligible]").contains("computed by the flow").contains("check_eligibility");
      assertThat(f.session("s1").version()).isEqualTo(1);
      assertThat(f.session("s1").pinned()).isTrue();
      assertThat(f.env.journal("s1")).extracting(JournalRecord::kind).containsExactly(JournalRecord.Kind.PINNED);
    }
  }

  @Nested
  class Relocation_never_skips_a_question_it_lacks {

    private ScenarioVersion receipt(int version) {
      ScenarioVersion.Builder b = ScenarioVersion.builder("receipt", version).name("Receipt");
      if (version == 1) {
        b.step(step("welcome", "Welcome").to("intro"))
            .step(step("intro", "Intro").to("ask_email"))
            .step(step("ask_email", "Ask email").collects("email").to("confirm"))
            .step(step("confirm", "Confirm"));
      } else {
        b.step(step("welcome", "Welcome").to("confirm"))
            .step(step("confirm", "Confirm").to("send_receipt"))
            .step(step("send_receipt", "Send receipt").requires("email"));
      }
      return b.build();
    }

    @Test
    void a_session_lacking_the_email_goes_back_and_one_that_gave_it_goes_forward() {
      Flow f = new Flow(receipt(1));
      f.session("no-email", Map.of(), "intro");
      f.session("gave-email", Map.of("email", "a@example.com"), "intro", "ask_email");

      MigrationPlan plan = f.deploy(receipt(2));

      DeletedStep intro = plan.transformationMap().deletedStep("intro").orElseThrow();
      assertThat(intro.relocation()).isEqualTo(DeletedStep.Relocation.DOWNSTREAM);
      assertThat(intro.relocateToStepId()).isEqualTo("confirm");
      assertThat(intro.crossedSteps()).extracting(r -> r.stepId()).containsExactly("ask_email");
      assertThat(intro.crossedFields()).containsExactly("email");
      assertThat(plan.summary().warnings()).extracting(PlanWarning::code)
          .contains(PlanWarning.Code.RELOCATION_CROSSES);

      assertThat(f.env.engine.reconcile(TENANT, "no-email")).isEqualTo(new Outcome.Teleport("welcome", 2,
          Outcome.TeleportReason.RELOCATION, null));
      assertThat(f.env.engine.reconcile(TENANT, "gave-email")).isEqualTo(new Outcome.Teleport("confirm", 2,
          Outcome.TeleportReason.RELOCATION, null));
    }
  }

  @Nested
  class Case7_names_with_line_breaks {

    @Test
    void the_text_report_keeps_one_entry_per_line_when_a_bpmn_label_has_line_breaks() {
      ScenarioVersion v1 = transfer(1, "Asks");
      ScenarioVersion v2 = ScenarioVersion.builder("transfer", 2).name("Transfer")
          .step(step("start", "Start").to("confirm"))
          .step(Step.builder("confirm").name("Confirm\nthe\r\ntransfer").description("Asks").collects("confirmed")
              .when("confirmed == true", "execute_transfer").to("cancelled"))
          .step(step("execute_transfer", "Execute transfer").checkpoint(true, "money sent").to("done"))
          .step(step("cancelled", "Cancelled").to("done"))
          .step(step("done", "Done"))
          .build();
      Flow f = new Flow(v1);

      MigrationPlan plan = f.deploy(v2);

      String text = PlanReport.text(plan);
      assertThat(text).contains("Confirm\\nthe\\r\\ntransfer").doesNotContain("Confirm\nthe");
    }
  }
}
