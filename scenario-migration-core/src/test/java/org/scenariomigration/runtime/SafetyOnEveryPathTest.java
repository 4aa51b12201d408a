package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.CollectedField;
import org.scenariomigration.scenario.DeletedStep;
import org.scenariomigration.scenario.FieldType;
import org.scenariomigration.scenario.InvalidFieldValueException;
import org.scenariomigration.scenario.InvalidScenarioException;
import org.scenariomigration.json.MalformedJsonException;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanWarning;
import org.scenariomigration.scenario.ScenarioJson;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.spi.Extractor;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.session.SessionState;

/**
 * The paths around the per-message migration keep its promise: relocation, eager batch migration, rollback and typed
 * answers. Each test is an example that failed before the guard, the gap logic and the owed effects were shared by
 * every path; {@link EveryPathProperties} holds the same over generated graphs.
 */
class SafetyOnEveryPathTest {

  private static Step.Builder step(String id, String name) {
    return Step.builder(id).name(name).description("Does " + name);
  }

  /** v1: Welcome → Coupon → Payment (checkpoint) → Confirm. */
  private static ScenarioVersion couponV1() {
    return ScenarioVersion.builder("order-flow", 1).name("Order Flow")
        .step(Seeds.welcome().to("coupon"))
        .step(step("coupon", "Coupon").collects("coupon_code").to("payment"))
        .step(Seeds.payment().to("confirm"))
        .step(Seeds.confirm())
        .build();
  }

  /** v2: Coupon dropped, Payment's description edited (so its content hash changed; it keeps its id). */
  private static ScenarioVersion couponDroppedPaymentEdited() {
    return ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(Seeds.welcome().to("payment"))
        .step(Seeds.payment().description("Takes the payment by card or wallet").to("confirm"))
        .step(Seeds.confirm())
        .build();
  }

  /**
   * v2: Coupon dropped, Payment replaced by a new step of another id and content in another place (after Welcome,
   * where Coupon was before it): nothing matches the old Payment.
   */
  private static ScenarioVersion couponDroppedPaymentReplaced() {
    return ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(Seeds.welcome().to("card_payment"))
        .step(Step.builder("card_payment").name("Payment").description("Takes the payment by card or wallet")
            .collects("card_number").checkpoint(true, "payment taken").to("confirm"))
        .step(Seeds.confirm())
        .build();
  }

  @Nested
  class Relocation {

    @Test
    void a_session_at_a_deleted_step_is_never_relocated_past_a_payment_it_never_made() {
      Env env = new Env();
      env.engine.publish(TENANT, couponV1());
      env.session("s1", "web", "coupon");
      MigrationPlan plan = env.deploy(couponDroppedPaymentReplaced());

      DeletedStep coupon = plan.transformationMap().deletedStep("coupon").orElseThrow();
      assertThat(coupon.relocation()).isEqualTo(DeletedStep.Relocation.UPSTREAM);
      assertThat(coupon.relocateToStepId()).isEqualTo("welcome");
      assertThat(coupon.guardedCheckpoints()).extracting(r -> r.stepName()).containsExactly("Payment");
      assertThat(plan.summary().warnings()).anySatisfy(w -> {
        assertThat(w.code()).isEqualTo(PlanWarning.Code.RELOCATION_GUARDED);
        assertThat(w.message()).contains("'Coupon'").contains("'Payment'");
      });

      Outcome o = env.engine.reconcile(TENANT, "s1");

      assertThat(o).isEqualTo(new Outcome.Teleport("welcome", 2, Outcome.TeleportReason.RELOCATION, null));
      assertThat(env.engine.session(TENANT, "s1").currentStepId()).isEqualTo("welcome");
    }

    @Test
    void a_session_that_paid_is_never_moved_back_before_the_replaced_payment_nor_past_the_new_one() {
      Env env = new Env();
      env.engine.publish(TENANT, couponV1());
      env.session("paid", "web", "coupon", "payment");
      env.deploy(couponDroppedPaymentReplaced());

      Outcome o = env.engine.reconcile(TENANT, "paid");

      // the payment it made has no counterpart in the new version: wherever it went, it could pay again
      assertThat(o.blockedByCheckpoint()).isTrue();
      assertThat(o.warning()).contains("no safe place").contains("'Payment'").contains("has no counterpart")
          .contains("map it to its replacement");
      SessionState s = env.engine.session(TENANT, "paid");
      assertThat(s.version()).isEqualTo(1);
      assertThat(s.currentStepId()).isEqualTo("payment");
      assertThat(s.pinned()).isTrue();
      assertThat(env.journal("paid")).singleElement().satisfies(r -> {
        assertThat(r.kind()).isEqualTo(JournalRecord.Kind.CHECKPOINT_BLOCKED);
        assertThat(r.checkpointWarning()).isEqualTo(o.warning());
      });
      assertThat(env.engine.reconcile(TENANT, "paid")).isSameAs(Outcome.CONTINUE);
    }

    @Test
    void a_session_that_paid_moves_on_to_a_step_past_the_payment_when_the_payment_is_matched() {
      Env env = new Env();
      env.engine.publish(TENANT, couponV1());
      env.session("paid", "web", "coupon", "payment", "confirm");
      ScenarioVersion v2 = ScenarioVersion.builder("order-flow", 2).name("Order Flow")
          .step(Seeds.welcome().to("payment"))
          .step(Seeds.payment().to("confirm"))
          .step(Seeds.confirm())
          .build();
      env.deploy(v2);

      assertThat(env.engine.reconcile(TENANT, "paid")).isEqualTo(new Outcome.Teleport("confirm", 2, Outcome.TeleportReason.CLEAN_GRAFT,
          null));
    }

    @Test
    void a_new_checkpoint_upstream_keeps_the_sessions_past_it_where_they_are_and_the_review_says_so() {
      Env env = new Env();
      env.engine.publish(TENANT, RuntimeFixtures.v1());
      env.session("s1", "web", "checkout", "confirm");
      ScenarioVersion v2 = ScenarioVersion.builder("order-flow", 2).name("Order Flow")
          .step(Seeds.welcome().to("deposit"))
          .step(step("deposit", "Deposit").checkpoint("deposit taken").to("checkout"))
          .step(Seeds.checkout().to("confirm"))
          .step(Seeds.confirm())
          .build();
      MigrationPlan plan = env.deploy(v2);
      AnchorTransformation confirm = RuntimeFixtures.anchor(plan, "Confirm");
      assertThat(confirm.checkpointConflicts()).anySatisfy(c -> {
        assertThat(c.kind()).isEqualTo(org.scenariomigration.scenario.CheckpointConflict.Kind.NOT_PASSED);
        assertThat(c.checkpointName()).isEqualTo("Deposit");
      });
      assertThat(plan.summary().warnings()).anySatisfy(w -> {
        assertThat(w.severity()).isEqualTo(PlanWarning.Severity.CRITICAL);
        assertThat(w.message()).contains("'Deposit' lies on every path to 'Confirm'");
      });

      Outcome o = env.engine.reconcile(TENANT, "s1");

      assertThat(o.blockedByCheckpoint()).isTrue();
      assertThat(o.warning()).contains("'Deposit'").contains("never passed it");
      assertThat(env.engine.session(TENANT, "s1").version()).isEqualTo(1);
    }

    @Test
    void an_edited_payment_keeps_the_sessions_waiting_there_and_takes_the_deleted_steps_sessions_onto_it() {
      Env env = new Env();
      env.engine.publish(TENANT, couponV1());
      env.session("at-coupon", "web", "coupon");
      env.session("at-payment", "web", "coupon", "payment");
      env.session("paid", "web", "coupon", "payment", "confirm");
      MigrationPlan plan = env.deploy(couponDroppedPaymentEdited());

      AnchorTransformation payment = plan.transformationMap().anchorAtFromStep("payment").orElseThrow();
      assertThat(payment.edited()).isTrue();
      assertThat(plan.transformationMap().deletedStep("coupon").orElseThrow().relocateToStepId())
          .isEqualTo("payment");

      assertThat(env.engine.reconcile(TENANT, "at-coupon")).isEqualTo(new Outcome.Teleport("payment", 2,
          Outcome.TeleportReason.RELOCATION, null));
      assertThat(env.engine.reconcile(TENANT, "at-payment")).isEqualTo(new Outcome.Teleport("payment", 2,
          Outcome.TeleportReason.CLEAN_GRAFT, null));
      assertThat(env.engine.reconcile(TENANT, "paid")).isEqualTo(new Outcome.Teleport("confirm", 2,
          Outcome.TeleportReason.CLEAN_GRAFT, null));
    }

    @Test
    void a_relocated_session_is_asked_for_what_the_new_upstream_collects_like_any_migrated_session() {
      Env env = new Env();
      env.engine.publish(TENANT, ScenarioVersion.builder("order-flow", 1).name("Order Flow")
          .step(Seeds.welcome().to("promo"))
          .step(step("promo", "Promo").to("checkout"))
          .step(Seeds.checkout().to("confirm"))
          .step(Seeds.confirm())
          .build());
      env.session("s1", "web", "promo");
      env.session("s2", "web", "promo");
      env.profiles.put(TENANT, "customer-s2", new ProfileField("age", 52, "crm", 1.0, null));
      // Age Check and a plain note take Promo's place: Promo is deleted, not edited in place
      MigrationPlan plan = env.deploy(ScenarioVersion.builder("order-flow", 2).name("Order Flow")
          .step(Seeds.welcome().to("age_check"))
          .step(Seeds.ageCheck().to("note"))
          .step(step("note", "Note").to("checkout"))
          .step(Seeds.checkout().to("confirm"))
          .step(Seeds.confirm())
          .build());
      assertThat(plan.transformationMap().deletedStep("promo").orElseThrow().relocateToStepId())
          .isEqualTo("checkout");

      assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Collect(List.of("age"),
          "Before we continue, could you tell me your age?"));
      env.engine.setVariables(TENANT, "s1", Map.of("age", 33));
      assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.RELOCATION,
          null));
      assertThat(env.journal("s1")).singleElement().satisfies(r -> {
        assertThat(r.kind()).isEqualTo(JournalRecord.Kind.RELOCATED);
        assertThat(r.askedFields()).containsExactly("age");
        assertThat(r.filledFields()).containsExactly(new FilledField("age", 33, FilledField.Source.SESSION, 1.0));
      });

      assertThat(env.engine.reconcile(TENANT, "s2")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.RELOCATION,
          null));
      assertThat(env.engine.session(TENANT, "s2").variables()).containsEntry("age", 52L);
    }

    @Test
    void a_relocation_onto_an_anchor_with_a_new_required_action_owes_the_host_that_action() {
      Env env = new Env();
      env.engine.publish(TENANT, ScenarioVersion.builder("order-flow", 1).name("Order Flow")
          .step(Seeds.welcome().to("promo"))
          .step(step("promo", "Promo").to("confirm"))
          .step(Seeds.confirm())
          .build());
      env.session("s1", "web", "promo");
      env.deploy(ScenarioVersion.builder("order-flow", 2).name("Order Flow")
          .step(Seeds.welcome().to("loyalty"))
          .step(step("loyalty", "Loyalty Enrollment").requiredAction(true).to("note"))
          .step(step("note", "Note").to("confirm"))
          .step(Seeds.confirm())
          .build());

      Outcome o = env.engine.reconcile(TENANT, "s1");
      assertThat(o).isEqualTo(new Outcome.ExecuteActions(List.of("loyalty"), "confirm", 2, o.effectId()));
      assertThat(o.effectId()).isNotNull();
      assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(o); // owed until retired
    }
  }

  @Nested
  class TypedFields {

    private ScenarioVersion typedAgeFork() {
      return ScenarioVersion.builder("order-flow", 2).name("Order Flow")
          .step(Seeds.welcome().to("age_check"))
          .step(step("age_check", "Age Verification").collects(CollectedField.required("age", FieldType.INTEGER))
              .when("age < 18", "rejection").to("checkout"))
          .step(Seeds.rejection())
          .step(Seeds.checkout().to("confirm"))
          .step(Seeds.confirm())
          .build();
    }

    @Test
    void a_typed_answer_stored_as_text_is_converted_and_routes_a_minor_to_the_rejection() {
      Env env = new Env();
      env.engine.publish(TENANT, RuntimeFixtures.v1());
      env.session("s1", "web", "checkout");
      env.deploy(typedAgeFork());

      Outcome asked = env.engine.reconcile(TENANT, "s1");
      assertThat(asked).isInstanceOfSatisfying(Outcome.Collect.class, c ->
          assertThat(c.requested()).containsExactly(CollectedField.required("age", FieldType.INTEGER)));
      env.engine.setVariables(TENANT, "s1", Map.of("age", "17"));
      assertThat(env.engine.session(TENANT, "s1").variables()).containsEntry("age", 17L);

      Outcome o = env.engine.reconcile(TENANT, "s1");

      assertThat(o).isInstanceOfSatisfying(Outcome.Teleport.class, t -> {
        assertThat(t.targetStepId()).isEqualTo("rejection");
        assertThat(t.reason()).isEqualTo(Outcome.TeleportReason.RE_ROUTE);
      });
    }

    @Test
    void a_value_a_typed_field_cannot_hold_is_refused_with_the_field_the_value_and_the_type_and_nothing_stored() {
      Env env = new Env();
      env.engine.publish(TENANT, RuntimeFixtures.v1());
      env.session("s1", "web", "checkout");
      env.deploy(typedAgeFork());
      SessionState before = env.engine.session(TENANT, "s1");

      assertThatThrownBy(() -> env.engine.setVariables(TENANT, "s1", Map.of("age", "seventeen", "x", 1)))
          .isInstanceOfSatisfying(InvalidFieldValueException.class, e -> {
            assertThat(e.field()).isEqualTo("age");
            assertThat(e.value()).isEqualTo("seventeen");
            assertThat(e.type()).isEqualTo(FieldType.INTEGER);
          })
          .hasMessageContaining("'age'").hasMessageContaining("\"seventeen\"").hasMessageContaining("integer");
      assertThat(env.engine.session(TENANT, "s1")).isEqualTo(before);
    }

    @Test
    void profile_and_extracted_values_are_converted_and_a_value_that_cannot_be_is_passed_over() {
      Extractor says27 = request -> Optional.of(new Extractor.Extraction("27", 0.9));
      Env env = new Env(MigrationConfig.DEFAULTS, says27);
      env.engine.publish(TENANT, RuntimeFixtures.v1());
      env.session("crm", "web", "checkout");
      env.session("junk", "web", "checkout");
      env.profiles.put(TENANT, "customer-crm", new ProfileField("age", "41", "crm", 1.0, null));
      env.profiles.put(TENANT, "customer-junk", new ProfileField("age", "forty", "crm", 1.0, null));
      env.deploy(typedAgeFork());

      assertThat(env.engine.reconcile(TENANT, "crm").kind()).isEqualTo(Outcome.Kind.TELEPORT);
      assertThat(env.engine.session(TENANT, "crm").variables()).containsEntry("age", 41L);
      // the profile's "forty" is passed over; the conversation's "27" is converted and confirmed
      assertThat(env.engine.reconcile(TENANT, "junk")).isEqualTo(new Outcome.Confirm("age", 27L, 0.9,
          "Just to confirm, is your age 27?", FieldType.INTEGER));
    }

    @Test
    void a_condition_that_cannot_be_evaluated_keeps_the_session_where_it_is_and_the_journal_says_which() {
      Env env = new Env();
      env.engine.publish(TENANT, RuntimeFixtures.v1());
      env.session("s1", "web", "checkout");
      env.engine.setVariables(TENANT, "s1", Map.of("age", "17")); // untyped in v2: stays text
      env.deploy(RuntimeFixtures.v2AgeFork());

      Outcome o = env.engine.reconcile(TENANT, "s1");

      assertThat(o.kind()).isEqualTo(Outcome.Kind.CONTINUE);
      assertThat(o.warning()).contains("'age < 18'").contains("cannot be evaluated").contains("kept on version 1");
      SessionState s = env.engine.session(TENANT, "s1");
      assertThat(s.version()).isEqualTo(1);
      assertThat(s.currentStepId()).isEqualTo("checkout");
      assertThat(env.journal("s1")).singleElement().satisfies(r -> {
        assertThat(r.kind()).isEqualTo(JournalRecord.Kind.PINNED);
        assertThat(r.checkpointWarning()).isEqualTo(o.warning());
      });
    }

    @Test
    void with_on_condition_error_ask_the_customer_is_asked_once_for_the_field_the_condition_reads() {
      Env env = new Env(MigrationConfig.custom().onConditionError(MigrationConfig.ConditionErrorAction.ASK).build());
      env.engine.publish(TENANT, RuntimeFixtures.v1());
      env.session("s1", "web", "checkout");
      env.session("s2", "web", "checkout");
      env.engine.setVariables(TENANT, "s1", Map.of("age", "17"));
      env.engine.setVariables(TENANT, "s2", Map.of("age", "17"));
      env.deploy(RuntimeFixtures.v2AgeFork());

      assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Collect(List.of("age"),
          "Before we continue, could you tell me your age?"));
      env.engine.setVariables(TENANT, "s1", Map.of("age", 17));
      Outcome rerouted = env.engine.reconcile(TENANT, "s1");
      assertThat(rerouted).isEqualTo(new Outcome.Teleport("rejection", 2, Outcome.TeleportReason.RE_ROUTE,
          MigrationConfig.DEFAULTS.notificationTemplate(), rerouted.effectId()));

      // asked once: an answer the condition still cannot read keeps the session where it is
      assertThat(env.engine.reconcile(TENANT, "s2").kind()).isEqualTo(Outcome.Kind.COLLECT);
      env.engine.setVariables(TENANT, "s2", Map.of("age", "still text"));
      Outcome kept = env.engine.reconcile(TENANT, "s2");
      assertThat(kept.kind()).isEqualTo(Outcome.Kind.CONTINUE);
      assertThat(kept.warning()).contains("cannot be evaluated");
      assertThat(env.engine.session(TENANT, "s2").version()).isEqualTo(1);
    }

    @Test
    void field_types_are_part_of_the_scenario_format_and_validated_when_a_version_is_published() {
      String json = """
          {"scenario_id": "f", "version": 1, "steps": [
            {"id": "a", "collects_fields": [{"name": "age", "type": "integer"},
              {"name": "tier", "type": "enum", "values": ["gold", "silver"]}], "transitions": [{"to_step_id": "b"}]},
            {"id": "b", "collects_fields": [{"name": "born", "type": "date", "optional": true}]}]}""";
      ScenarioVersion v = ScenarioJson.read(json);
      assertThat(v.fieldType("age")).isEqualTo(FieldType.INTEGER);
      assertThat(v.fieldType("tier")).isEqualTo(FieldType.enumeration("gold", "silver"));
      assertThat(v.fieldType("born")).isEqualTo(FieldType.DATE);
      assertThat(v.fieldType("other")).isEqualTo(FieldType.ANY);
      assertThat(ScenarioJson.read(ScenarioJson.write(v))).isEqualTo(v);

      assertThatThrownBy(() -> ScenarioJson.read(json.replace("\"integer\"", "\"int\"")))
          .isInstanceOf(MalformedJsonException.class).hasMessageContaining("unknown field type 'int'");
      assertThatThrownBy(() -> ScenarioJson.read(json.replace("\"values\": [\"gold\", \"silver\"]", "\"values\": []")))
          .isInstanceOf(MalformedJsonException.class).hasMessageContaining("at least one value");
      assertThatThrownBy(() -> ScenarioJson.read(json.replace("\"born\", \"type\": \"date\"",
          "\"age\", \"type\": \"string\"")))
          .isInstanceOf(InvalidScenarioException.class)
          .hasMessageContaining("field 'age' is declared string but step 'a' declares it integer");
    }

    @Test
    void a_declared_type_changes_the_content_hash_and_an_untyped_field_hashes_as_before() {
      Step untyped = step("a", "Ask").collects("age").build();
      Step typed = step("a", "Ask").collects(CollectedField.required("age", FieldType.INTEGER)).build();
      Step text = step("a", "Ask").collects(CollectedField.required("age", FieldType.STRING)).build();

      assertThat(untyped.contentHash()).isEqualTo(step("a", "Ask").collects(new CollectedField("age", false,
          "hint")).build().contentHash());
      assertThat(typed.contentHash()).isNotEqualTo(untyped.contentHash()).isNotEqualTo(text.contentHash());
    }

    @Test
    void the_plan_flags_a_comparison_the_declared_type_can_never_satisfy() {
      Env env = new Env();
      env.engine.publish(TENANT, RuntimeFixtures.v1());
      ScenarioVersion v2 = ScenarioVersion.builder("order-flow", 2).name("Order Flow")
          .step(Seeds.welcome().to("age_check"))
          .step(step("age_check", "Age Verification").collects(CollectedField.required("age", FieldType.INTEGER))
              .when("age < \"18\"", "rejection").when("tier == \"platinum\"", "rejection").to("checkout"))
          .step(step("rejection", "Rejection").collects(CollectedField.required("tier",
              FieldType.enumeration("gold", "silver"))))
          .step(Seeds.checkout().to("confirm"))
          .step(Seeds.confirm())
          .build();

      MigrationPlan plan = env.engine.operations().generatePlan(TENANT, v2, "op");

      assertThat(plan.transformationMap().typeMismatches()).extracting(m -> m.field() + ": " + m.reason())
          .containsExactly("age: \"18\" is not a number", "tier: \"platinum\" is not one of [gold, silver]");
      assertThat(plan.summary().warnings()).filteredOn(w -> w.code() == PlanWarning.Code.TYPE_MISMATCH).hasSize(2);
    }
  }

  @Nested
  class EagerBatch {

    @Test
    void what_a_batch_migration_owes_the_host_is_offered_by_every_message_until_the_host_retires_it() {
      Env env = new Env();
      env.engine.publish(TENANT, RuntimeFixtures.v1());
      env.session("loyal", "web", "confirm");
      env.engine.setVariables(TENANT, "loyal", Map.of("age", 50));
      env.session("minor", "web", "checkout");
      env.engine.setVariables(TENANT, "minor", Map.of("age", 16));
      env.session("adult", "web", "checkout");
      env.engine.setVariables(TENANT, "adult", Map.of("age", 40));
      MigrationPlan plan = env.deploy(ScenarioVersion.builder("order-flow", 2).name("Order Flow")
          .step(Seeds.welcome().to("age_check"))
          .step(Seeds.ageCheck().when("age < 18", "rejection").to("checkout"))
          .step(Seeds.rejection())
          .step(Seeds.checkout().to("loyalty"))
          .step(step("loyalty", "Loyalty Enrollment").requiredAction(true).to("confirm"))
          .step(Seeds.confirm())
          .build());

      BatchReport report = env.engine.operations().migrateNow(TENANT, plan.id(), 10, r -> { });

      assertThat(report.migrated()).isEqualTo(3);
      assertThat(report.byOutcome()).containsOnly(Map.entry("execute_actions", 1L), Map.entry("teleport:gap_fill",
          1L), Map.entry("teleport:re_route", 1L));
      assertThat(report.needsHost()).extracting(BatchReport.Item::sessionId).containsExactly("loyal", "minor");
      assertThat(env.engine.session(TENANT, "loyal").owed()).isNotNull();

      String notice = MigrationConfig.DEFAULTS.notificationTemplate();
      Map<String, Outcome> owed = new java.util.LinkedHashMap<>();
      for (String id : List.of("loyal", "minor", "adult")) {
        owed.put(id, env.engine.reconcile(TENANT, id));
        assertThat(owed.get(id).effectId()).as(id).isEqualTo(env.engine.session(TENANT, id).owed().id());
      }
      assertThat(owed.get("loyal")).isEqualTo(new Outcome.ExecuteActions(List.of("loyalty"), "confirm", 2,
          owed.get("loyal").effectId()));
      assertThat(owed.get("minor")).isEqualTo(new Outcome.Teleport("rejection", 2, Outcome.TeleportReason.RE_ROUTE, notice,
          owed.get("minor").effectId()));
      assertThat(owed.get("adult")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null,
          owed.get("adult").effectId()));
      // a host that failed after those messages gets each again, with the same id, until it retires it
      for (String id : owed.keySet()) {
        assertThat(env.engine.reconcile(TENANT, id)).as(id).isEqualTo(owed.get(id));
      }
      assertThat(env.engine.acknowledge(TENANT, "loyal", owed.get("loyal").effectId())).isTrue();
      assertThat(env.engine.acknowledge(TENANT, "minor", owed.get("minor").effectId())).isTrue();
      env.engine.advance(TENANT, "adult", "loyalty"); // moving the session on retires it too
      for (String id : List.of("loyal", "minor", "adult")) {
        assertThat(env.engine.reconcile(TENANT, id)).as(id).isSameAs(Outcome.CONTINUE);
        assertThat(env.engine.session(TENANT, id).owed()).as(id).isNull();
        assertThat(env.journal(id)).as(id).extracting(JournalRecord::kind)
            .containsExactly(JournalRecord.Kind.MIGRATED, JournalRecord.Kind.EFFECT_RETIRED);
      }
    }

    @Test
    void an_exit_decided_by_a_batch_owes_the_host_the_exit_message() {
      Env env = new Env(MigrationConfig.custom().withoutSafeTarget(MigrationConfig.NoSafeTargetAction.EXIT).build());
      env.engine.publish(TENANT, ScenarioVersion.builder("order-flow", 1).name("Order Flow")
          .step(Seeds.welcome().to("legacy")).step(step("legacy", "Legacy")).build());
      env.session("s1", "web", "legacy");
      MigrationPlan plan = env.deploy(ScenarioVersion.builder("order-flow", 2).name("Order Flow")
          .step(step("hello", "Hello")).build());

      env.engine.operations().migrateNow(TENANT, plan.id(), 10, r -> { });

      Outcome exit = env.engine.reconcile(TENANT, "s1");
      assertThat(exit).isEqualTo(new Outcome.ExitScenario(MigrationConfig.DEFAULTS.exitMessage(), exit.effectId()));
      assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(exit);
      assertThat(env.engine.acknowledge(TENANT, "s1", exit.effectId())).isTrue();
      assertThat(env.engine.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
    }
  }

  @Nested
  class Rollback {

    @Test
    void a_rollback_keeps_what_the_customer_gave_on_the_new_version_and_reports_it() {
      Env env = new Env();
      env.engine.publish(TENANT, RuntimeFixtures.v1());
      env.session("s1", "web", "checkout");
      env.engine.setVariables(TENANT, "s1", Map.of("age", 30));
      MigrationPlan plan = env.deploy(ScenarioVersion.builder("order-flow", 2).name("Order Flow")
          .step(Seeds.welcome().to("checkout"))
          .step(Seeds.checkout().to("email"))
          .step(step("email", "Email").collects("email").to("confirm"))
          .step(Seeds.confirm())
          .build());
      assertThat(env.engine.reconcile(TENANT, "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);
      env.engine.advance(TENANT, "s1", "email");
      env.engine.setVariables(TENANT, "s1", Map.of("email", "ada@example.com", "age", 31));

      RollbackReport report = env.engine.operations().rollback(TENANT, plan.id());

      assertThat(report.variableConflicts()).containsOnly(Map.entry("s1", List.of("age (changed)", "email")));
      assertThat(env.engine.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("checkout", 1, Outcome.TeleportReason.ROLLBACK,
          null));
      SessionState s = env.engine.session(TENANT, "s1");
      assertThat(s.version()).isEqualTo(1);
      assertThat(s.variables()).containsEntry("email", "ada@example.com").containsEntry("age", 31L);
      assertThat(env.journal("s1")).last().satisfies(r -> {
        assertThat(r.kind()).isEqualTo(JournalRecord.Kind.ROLLED_BACK);
        assertThat(r.checkpointWarning()).contains("age (changed)").contains("email");
      });
    }
  }

  @Nested
  class SmallerDefects {

    @Test
    void narrowing_a_scope_recomputes_the_estimate_to_what_deploy_then_marks() {
      Env env = new Env();
      env.engine.publish(TENANT, RuntimeFixtures.v1());
      env.session("s1", "whatsapp", "checkout");
      env.session("s2", "web", "checkout");
      MigrationPlan plan = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2AgeInserted(), "op");
      assertThat(plan.summary().estimatedSessionsAffected()).isEqualTo(2);
      AnchorTransformation checkout = RuntimeFixtures.anchor(plan, "Checkout");

      MigrationPlan narrowed = env.engine.operations().updatePolicies(TENANT, plan.id(),
          Map.of(checkout.anchorContentHash(),
          plan.policyFor(checkout).withScopeFilter(ScopeFilter.builder().includeChannels("whatsapp").build())));

      assertThat(narrowed.summary().estimatedSessionsAffected()).isEqualTo(1);
      assertThat(env.engine.operations().plan(TENANT, plan.id()).summary().estimatedSessionsAffected()).isEqualTo(1);
      env.engine.operations().approve(TENANT, plan.id(), "lead");
      assertThat(env.engine.operations().deploy(TENANT, plan.id()).sessionsMarked()).isEqualTo(1);
    }
  }
}
