package org.scenariomigration.scenario;

import org.scenariomigration.json.MalformedJsonException;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.MigrationPlanner;
import org.scenariomigration.plan.PlanJson;
import org.scenariomigration.plan.PlanRequest;
import org.scenariomigration.policy.PolicyJson;
import org.scenariomigration.policy.ScopeFilter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.scenariomigration.spi.StoreFixtures.assertInvalidId;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.scenariomigration.IdKind;
import org.scenariomigration.InvalidIdException;
import org.scenariomigration.spi.LookAlikeIds;

/** The model's builders and values check every id they take at once; the JSON readers report it with its path. */
class IdValidationTest {

  @Test
  void builders_and_values_refuse_every_id_outside_the_grammar_naming_kind_value_and_rule() {
    for (LookAlikeIds.Refused r : LookAlikeIds.refused()) {
      String bad = r.id();
      assertThat(assertInvalidId(IdKind.STEP, bad, () -> Step.builder(bad)).rule()).isEqualTo(r.rule());
      assertInvalidId(IdKind.FIELD, bad, () -> Step.builder("s").collects(bad));
      assertInvalidId(IdKind.FIELD, bad, () -> Step.builder("s").requires("ok", bad));
      assertInvalidId(IdKind.FIELD, bad, () -> new CollectedField(bad, true, "hint"));
      assertInvalidId(IdKind.SCENARIO, bad, () -> ScenarioVersion.builder(bad, 1));
      assertInvalidId(IdKind.TENANT, bad, () -> PlanRequest.builder(bad, Seeds.v1(), Seeds.v2AgeFork()).build());
      assertInvalidId(IdKind.CHANNEL, bad, () -> ScopeFilter.builder().includeChannels("web", bad));
      assertInvalidId(IdKind.CHANNEL, bad, () -> ScopeFilter.builder().excludeChannels(bad));
      assertInvalidId(IdKind.STEP, bad, () -> ScopeFilter.builder().includeCurrentSteps(bad));
      assertInvalidId(IdKind.STEP, bad, () -> ScopeFilter.builder().excludeCurrentSteps("checkout", bad));
      assertInvalidId(IdKind.CHANNEL, bad, () -> new ScopeFilter(Set.of(bad), Set.of(), null, null, Set.of(),
          Set.of()));
      assertInvalidId(IdKind.PLAN, bad, () -> MigrationPlanner.builder().idGenerator(() -> bad).build()
          .plan(PlanRequest.builder("t", Seeds.v1(), Seeds.v2AgeFork()).build()));
    }
  }

  @Test
  void dotted_field_names_and_ids_at_the_bound_are_ids() {
    Step s = Step.builder("check.out").collects("customer.age").requires("customer.address.city").build();
    assertThat(s.collectsFields()).containsExactly(CollectedField.required("customer.age"));
    for (String id : LookAlikeIds.atTheBound()) {
      ScenarioVersion v = ScenarioVersion.builder(id, 1).step(Step.builder(id).collects(id).requires(id)).build();
      assertThat(ScenarioJson.read(ScenarioJson.write(v))).isEqualTo(v);
    }
  }

  @Test
  void scenario_json_reports_a_bad_id_as_a_format_error_at_its_path_with_the_id_error_as_cause() {
    MalformedJsonException e = catchThrowableOfType(MalformedJsonException.class, () -> ScenarioJson.read(
        "{\"scenario_id\": \"s\", \"version\": 1, \"steps\": [{\"id\": \"a\", \"collects_fields\": [\"age\","
            + " {\"name\": \"e\\u0301 \"}]}]}"));

    assertThat(e.path()).isEqualTo("$.steps[0].collects_fields[1].name");
    assertThat(e).hasMessage("scenario JSON is malformed at $.steps[0].collects_fields[1].name: field name"
        + " \"e\\u0301 \" is invalid: it ends with whitespace, U+0020 at index 2 (an id is 1 to 255 bytes of UTF-8,"
        + " valid Unicode, with no control character and no whitespace at either end)");
    assertThat(e.getCause()).isInstanceOfSatisfying(InvalidIdException.class, c -> {
      assertThat(c.kind()).isEqualTo(IdKind.FIELD);
      assertThat(c.value()).isEqualTo("e\u0301 ");
      assertThat(c.rule()).isEqualTo(InvalidIdException.Rule.TRAILING_WHITESPACE);
    });
  }

  @Test
  void plan_and_policy_json_report_a_bad_id_at_its_path() {
    MigrationPlan plan = MigrationPlanner.builder().idGenerator(() -> "plan-1").clock(java.time.Clock.fixed(
        Instant.parse("2025-03-04T10:00:00Z"), java.time.ZoneOffset.UTC)).build()
        .plan(PlanRequest.builder("t", Seeds.v1(), Seeds.v2AgeFork()).build());
    String json = PlanJson.write(plan);
    MalformedJsonException e = catchThrowableOfType(MalformedJsonException.class,
        () -> PlanJson.read(json.replace("\"plan-1\"", "\"plan-1\\t\"")));
    assertThat(e.path()).isEqualTo("$.id");
    assertThat(e.getCause()).isInstanceOf(InvalidIdException.class).hasMessageStartingWith(
        "plan id \"plan-1\\u0009\" is invalid: it contains a control character");
    MalformedJsonException t = catchThrowableOfType(MalformedJsonException.class,
        () -> PlanJson.read(json.replace("\"tenant_id\" : \"t\"", "\"tenant_id\" : \" t\"")));
    assertThat(t.path()).isEqualTo("$.tenant_id");

    MalformedJsonException p = catchThrowableOfType(MalformedJsonException.class, () -> PolicyJson.readRequest(
        "{\"policies\": {\"h1\": {\"scope_filter\": {\"include_channels\": [\"web\", \"web \"]}}}}"));
    assertThat(p.path()).isEqualTo("$.policies.h1.scope_filter");
    assertThat(p).hasMessageContaining("channel \"web \" is invalid: it ends with whitespace");
    assertThat(p.getCause()).isInstanceOf(InvalidIdException.class);
  }
}
