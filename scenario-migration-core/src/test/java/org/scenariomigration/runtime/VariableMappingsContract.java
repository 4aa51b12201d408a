package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scenariomigration.MovableClock;
import org.scenariomigration.plan.InvalidVariableMappingException;
import org.scenariomigration.plan.InvalidVariableMappingException.Problem;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanJson;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.plan.PlanWarning;
import org.scenariomigration.plan.VariableMapping;
import org.scenariomigration.report.PlanReport;
import org.scenariomigration.scenario.CollectedField;
import org.scenariomigration.scenario.FieldType;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.JournalRecord;

/**
 * Variable mappings (issue 19, section 2) on every store: stored with the plan, applied on every path that migrates a
 * session (a message, eager batch migration, a dry run, a chain of plans), journaled, and undone by rollback. A
 * subclass gives the stores ({@link #builder()}). Each test works in a tenant of its own.
 */
public abstract class VariableMappingsContract {
  protected static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");

  /** A builder over this test's stores (the same stores at every call), its unit of work set where there is one. */
  protected abstract ScenarioMigration.Builder builder();

  protected MovableClock clock;
  protected String tenant;

  @BeforeEach
  void a_tenant_of_its_own() {
    clock = new MovableClock(T0);
    tenant = "t-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  static final List<VariableMapping> ALL_FOUR = List.of(
      VariableMapping.rename("age", "customer_age"),
      VariableMapping.drop("legacy_code"),
      VariableMapping.defaultValue("tier", "standard"),
      VariableMapping.computed("is_adult", "age >= 18"));

  /** Welcome, Age Verification (age, an optional nickname), Checkout (an optional legacy code), Confirm. */
  static ScenarioVersion version(int n, String ageField, boolean legacyCode) {
    return version(n, ageField, legacyCode, FieldType.INTEGER);
  }

  static ScenarioVersion version(int n, String ageField, boolean legacyCode, FieldType ageType) {
    Step.Builder checkout = Step.builder("checkout").name("Checkout").description("Takes the order").to("confirm");
    if (legacyCode) {
      checkout.collects(CollectedField.optional("legacy_code"));
    }
    return ScenarioVersion.builder("order-flow", n).name("Order Flow")
        .step(Step.builder("welcome").name("Welcome").description("Greets the customer").to("age_check"))
        .step(Step.builder("age_check").name("Age Verification").description("Asks for the customer's age")
            .collects(CollectedField.required(ageField, ageType), CollectedField.optional("nickname"))
            .to("checkout"))
        .step(checkout)
        .step(Step.builder("confirm").name("Confirm").description("Confirms the order"))
        .build();
  }

  static ScenarioVersion v1() {
    return version(1, "age", true);
  }

  static ScenarioVersion v2() {
    return version(2, "customer_age", false);
  }

  protected ScenarioMigration engine() {
    return builder().clock(clock).config(MigrationConfig.custom().logMigrations(false).logGapFills(false)
        .logReRoutes(false).logCheckpointBlocks(false).build()).build();
  }

  /** A session at Checkout of v1 that gave its age, a nickname and a legacy code. */
  protected void atCheckout(ScenarioMigration m, String id) {
    m.startSession(tenant, id, "c-" + id, "web", "order-flow");
    m.advance(tenant, id, "age_check");
    m.setVariables(tenant, id, Map.of("age", 34, "nickname", "Al", "legacy_code", "X-1"));
    m.advance(tenant, id, "checkout");
  }

  private MigrationPlan deployed(ScenarioMigration m, ScenarioVersion v, List<VariableMapping> mappings) {
    MigrationPlan p = m.operations().generatePlan(tenant, v, "op");
    m.operations().updateMappings(tenant, p.id(), mappings);
    m.operations().approve(tenant, p.id(), "lead");
    m.operations().deploy(tenant, p.id());
    return p;
  }

  private static Map<String, Object> mapped() {
    return Map.of("customer_age", 34L, "nickname", "Al", "tier", "standard", "is_adult", true);
  }

  @Test
  void a_migration_applies_the_plans_mappings_and_asks_nothing_for_a_renamed_field() {
    ScenarioMigration m = engine();
    m.publish(tenant, v1());
    atCheckout(m, "s1");
    MigrationPlan p = deployed(m, v2(), ALL_FOUR);

    Outcome o = m.reconcile(tenant, "s1");

    assertThat(o.kind()).isEqualTo(Outcome.Kind.TELEPORT);
    SessionState s = m.session(tenant, "s1");
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.variables()).isEqualTo(mapped());
    JournalRecord r = m.journal(tenant, "s1").get(m.journal(tenant, "s1").size() - 1);
    assertThat(r.kind()).isEqualTo(JournalRecord.Kind.MIGRATED);
    assertThat(r.planId()).isEqualTo(p.id());
    assertThat(r.before().variables()).isEqualTo(Map.of("age", 34L, "nickname", "Al", "legacy_code", "X-1"));
    assertThat(r.after().variables()).isEqualTo(mapped());
  }

  @Test
  void the_diff_proposes_the_rename_and_until_it_is_confirmed_the_customer_is_asked_again() {
    ScenarioMigration m = engine();
    m.publish(tenant, v1());
    atCheckout(m, "s1");
    atCheckout(m, "s2");
    MigrationPlan p = m.operations().generatePlan(tenant, v2(), "op");

    assertThat(p.proposedMappings()).containsExactly(VariableMapping.rename("age", "customer_age"));
    assertThat(p.summary().warnings()).filteredOn(w -> w.code() == PlanWarning.Code.RENAME_PROPOSED)
        .singleElement().satisfies(w -> assertThat(w.message()).contains("'age'").contains("'customer_age'"));
    assertThat(PlanReport.text(p)).contains("VARIABLE MAPPINGS")
        .contains("rename age -> customer_age  (proposed by the diff, not confirmed)");
    assertThat(m.operations().dryRun(tenant, p.id(), "s1", false))
        .isInstanceOfSatisfying(Outcome.Collect.class, c -> assertThat(c.fields()).containsExactly("customer_age"));

    MigrationPlan confirmed = m.operations().updateMappings(tenant, p.id(), p.proposedMappings());

    assertThat(confirmed.summary().warnings()).noneMatch(w -> w.code() == PlanWarning.Code.RENAME_PROPOSED);
    assertThat(m.operations().plan(tenant, p.id())).isEqualTo(confirmed);
    // the same call again (its answer lost) changes nothing more
    assertThat(m.operations().updateMappings(tenant, p.id(), p.proposedMappings())).isEqualTo(confirmed);
    assertThat(PlanReport.markdown(confirmed)).contains("### Variable mappings")
        .contains("`rename age -> customer_age`");
    // the dry run applies the mappings too: nothing to ask, and nothing written
    SessionState beforeDryRun = m.session(tenant, "s1");
    int journaledBefore = m.journal(tenant, "s1").size();
    assertThat(m.operations().dryRun(tenant, p.id(), "s1", false).kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(m.session(tenant, "s1")).isEqualTo(beforeDryRun);
    assertThat(m.journal(tenant, "s1")).hasSize(journaledBefore);
    m.operations().approve(tenant, p.id(), "lead");
    m.operations().deploy(tenant, p.id());
    assertThat(m.reconcile(tenant, "s2").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(m.session(tenant, "s2").variables()).containsEntry("customer_age", 34L).doesNotContainKey("age");
  }

  @Test
  void eager_batch_migration_applies_the_mappings() {
    ScenarioMigration m = engine();
    m.publish(tenant, v1());
    atCheckout(m, "s1");
    atCheckout(m, "s2");
    MigrationPlan p = deployed(m, v2(), ALL_FOUR);

    m.operations().migrateNow(tenant, p.id(), 10, page -> { });

    for (String id : List.of("s1", "s2")) {
      assertThat(m.session(tenant, id).version()).isEqualTo(2);
      assertThat(m.session(tenant, id).variables()).isEqualTo(mapped());
    }
  }

  @Test
  void rollback_gives_back_the_variables_as_the_old_version_knew_them_and_keeps_what_was_given_since() {
    ScenarioMigration m = engine();
    m.publish(tenant, v1());
    atCheckout(m, "s1");
    atCheckout(m, "s2");
    MigrationPlan p = deployed(m, v2(), ALL_FOUR);
    m.reconcile(tenant, "s1");
    m.reconcile(tenant, "s2");
    m.setVariables(tenant, "s2", Map.of("customer_age", 35, "coupon", "SPRING"));

    RollbackReport report = m.operations().rollback(tenant, p.id());
    m.reconcile(tenant, "s1");
    m.reconcile(tenant, "s2");

    SessionState s1 = m.session(tenant, "s1");
    assertThat(s1.version()).isEqualTo(1);
    assertThat(s1.variables()).isEqualTo(Map.of("age", 34L, "nickname", "Al", "legacy_code", "X-1"));
    SessionState s2 = m.session(tenant, "s2");
    assertThat(s2.variables()).isEqualTo(Map.of("age", 35L, "customer_age", 35L, "nickname", "Al",
        "legacy_code", "X-1", "coupon", "SPRING"));
    assertThat(report.variableConflicts()).doesNotContainKey("s1");
    assertThat(report.variableConflicts().get("s2")).containsExactlyInAnyOrder("age (changed)", "customer_age",
        "coupon");
  }

  @Test
  void a_session_that_slept_through_two_versions_gets_each_plans_mappings_in_order() {
    ScenarioMigration m = engine();
    m.publish(tenant, v1());
    atCheckout(m, "sleeper");
    atCheckout(m, "awake");
    deployed(m, v2(), ALL_FOUR);
    m.reconcile(tenant, "awake");
    ScenarioVersion v3 = version(3, "buyer_age", false);
    MigrationPlan second = deployed(m, v3, List.of(VariableMapping.rename("customer_age", "buyer_age"),
        VariableMapping.computed("senior", "customer_age >= 65"), VariableMapping.drop("nickname")));

    assertThat(m.reconcile(tenant, "sleeper").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    m.reconcile(tenant, "awake");

    Map<String, Object> expected = Map.of("buyer_age", 34L, "tier", "standard", "is_adult", true, "senior", false);
    assertThat(m.session(tenant, "sleeper").variables()).isEqualTo(expected);
    assertThat(m.session(tenant, "awake").variables()).isEqualTo(expected);
    assertThat(m.session(tenant, "sleeper").settledPlans()).contains(second.id());
  }

  @Test
  void bad_mappings_are_refused_naming_the_variable_and_the_value_and_the_plan_is_unchanged() {
    ScenarioMigration m = engine();
    m.publish(tenant, v1());
    MigrationPlan p = m.operations().generatePlan(tenant, v2(), "op");
    String stored = PlanJson.write(m.operations().plan(tenant, p.id()));

    refused(m, p, List.of(VariableMapping.rename("shoe_size", "size")), Problem.UNKNOWN_FIELD, "'shoe_size'");
    refused(m, p, List.of(VariableMapping.drop("shoe_size")), Problem.UNKNOWN_FIELD, "'shoe_size'");
    refused(m, p, List.of(VariableMapping.computed("rich", "income > 100")), Problem.UNKNOWN_FIELD, "'income'");
    refused(m, p, List.of(VariableMapping.defaultValue("customer_age", "old")), Problem.TYPE_MISMATCH, "old");
    refused(m, p, List.of(VariableMapping.computed("customer_age", "age >= 18")), Problem.TYPE_MISMATCH,
        "'customer_age'");
    refused(m, p, List.of(VariableMapping.computed("is_adult", "age >=")), Problem.BAD_EXPRESSION, "age >=");
    refused(m, p, List.of(VariableMapping.rename("age", "nickname"), VariableMapping.rename("nickname", "age")),
        Problem.CYCLE, "age -> nickname -> age");
    refused(m, p, List.of(VariableMapping.rename("age", "x"), VariableMapping.computed("x", "age > 1")),
        Problem.CONFLICT, "'x'");
    refused(m, p, List.of(VariableMapping.rename("age", "x"), VariableMapping.drop("age")), Problem.CONFLICT,
        "'age'");

    assertThat(PlanJson.write(m.operations().plan(tenant, p.id()))).isEqualTo(stored);
    MigrationPlan toDate = m.operations().generatePlan(tenant, version(3, "customer_age", false, FieldType.DATE),
        "op");
    refused(m, toDate, List.of(VariableMapping.rename("age", "customer_age")), Problem.TYPE_MISMATCH, "'age'");
    assertThat(m.operations().plan(tenant, toDate.id()).variableMappings()).isEmpty();
  }

  private void refused(ScenarioMigration m, MigrationPlan p, List<VariableMapping> mappings, Problem problem,
      String named) {
    assertThatThrownBy(() -> m.operations().updateMappings(tenant, p.id(), mappings))
        .isInstanceOfSatisfying(InvalidVariableMappingException.class, e -> {
          assertThat(e.problem()).isEqualTo(problem);
          assertThat(e.field()).isEqualTo("variable_mappings");
        })
        .hasMessageContaining(named).hasMessageContaining(p.id());
  }

  @Test
  void mappings_are_set_only_while_the_plan_is_pending() {
    ScenarioMigration m = engine();
    m.publish(tenant, v1());
    MigrationPlan p = m.operations().generatePlan(tenant, v2(), "op");
    m.operations().approve(tenant, p.id(), "lead");

    assertThatThrownBy(() -> m.operations().updateMappings(tenant, p.id(), ALL_FOUR))
        .isInstanceOf(IllegalPlanStatusException.class).hasMessageContaining(p.id());
    assertThat(m.operations().plan(tenant, p.id()).variableMappings()).isEmpty();
    assertThat(m.operations().plan(tenant, p.id()).status()).isEqualTo(PlanStatus.APPROVED);
  }

  /** One default of every kind of value the session model holds. */
  static Map<String, Object> everyKindOfValue() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("d_true", true);
    values.put("d_text", "grüße \u2603 \"quoted\"");
    values.put("d_long", Long.MIN_VALUE);
    values.put("d_big_integer", new BigInteger("123456789012345678901234567890"));
    values.put("d_huge_integer", BigInteger.TEN.pow(60).negate());
    values.put("d_decimal", new BigDecimal("1.50"));
    values.put("d_double", 0.1);
    values.put("d_negative_zero", -0.0);
    values.put("d_min_double", Double.MIN_VALUE);
    values.put("d_max_double", Double.MAX_VALUE);
    values.put("d_list", List.of(1L, "two", List.of(3.5)));
    values.put("d_map", Map.of("b", Map.of("c", false), "a", new BigDecimal("-0.001")));
    return values;
  }

  @Test
  void defaults_of_every_value_type_are_stored_with_the_plan_and_given_to_the_session_unchanged() {
    ScenarioMigration m = engine();
    m.publish(tenant, v1());
    atCheckout(m, "s1");
    List<VariableMapping> defaults = new ArrayList<>(List.of(VariableMapping.rename("age", "customer_age")));
    everyKindOfValue().forEach((k, v) -> defaults.add(VariableMapping.defaultValue(k, v)));
    MigrationPlan p = deployed(m, v2(), defaults);

    assertThat(m.operations().plan(tenant, p.id()).variableMappings()).isEqualTo(defaults);
    assertThat(m.reconcile(tenant, "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);

    Map<String, Object> vars = m.session(tenant, "s1").variables();
    everyKindOfValue().forEach((k, v) -> {
      Object got = vars.get(k);
      assertThat(got).as(k).isEqualTo(v);
      if (v instanceof Double d) {
        assertThat(Double.doubleToRawLongBits((Double) got)).as(k).isEqualTo(Double.doubleToRawLongBits(d));
      }
      if (v instanceof BigDecimal d) {
        assertThat(((BigDecimal) got).scale()).as(k).isEqualTo(d.scale());
      }
    });
  }
}
