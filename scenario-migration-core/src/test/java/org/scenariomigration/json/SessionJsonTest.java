package org.scenariomigration.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.scenariomigration.session.EndReason;
import org.scenariomigration.session.OwedEffects;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionEnd;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;
import org.scenariomigration.spi.UnsupportedValueException;

/** {@link SessionJson}: the exact texts of a session's parts, and errors that name the document, path and value. */
class SessionJsonTest {
  private static final Instant T = Instant.parse("2026-11-29T10:00:00.123456Z");

  @Test
  void a_session_is_written_with_the_field_names_and_value_forms_the_stores_keep() {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("$ref", new BigDecimal("1.50"));
    vars.put("big", new BigInteger("123456789012345678901234567890"));
    vars.put("d", 1e20);
    vars.put("z", -0.0d);
    SessionState s = SessionState.builder().tenantId("t").sessionId("s").customerId("c").channel("web").createdAt(T)
        .scenarioId("flow").version(1).scenarioChecksum("c1").currentStepId("a").history(List.of()).variables(vars)
        .pending(null).settledPlans(Set.of("p0")).pinned(true).revision(3).build()
        .withVisit(new StepVisit("a", "A", "ha", T, true, "paid"))
        .withOwed(new OwedEffects("o1", OwedEffects.Kind.EXECUTE_ACTIONS, "p1", "a", 2, "gap_fill", null,
            List.of("loyalty")))
        .withEnd(new SessionEnd(EndReason.COMPLETED, T.plusSeconds(1))).withPin(4);

    String json = SessionJson.write(s);

    assertThat(json).isEqualTo("{\"tenant_id\":\"t\",\"session_id\":\"s\",\"customer_id\":\"c\",\"channel\":\"web\","
        + "\"created_at\":\"2026-11-29T10:00:00.123456Z\",\"scenario_id\":\"flow\",\"version\":1,"
        + "\"scenario_checksum\":\"c1\",\"current_step_id\":\"a\",\"history\":[{\"step_id\":\"a\",\"step_name\":\"A\","
        + "\"content_hash\":\"ha\",\"visited_at\":\"2026-11-29T10:00:00.123456Z\",\"checkpoint\":true,"
        + "\"checkpoint_description\":\"paid\",\"last\":0}],\"variables\":{\"$$ref\":{\"$decimal\":\"1.50\"},"
        + "\"big\":123456789012345678901234567890,\"d\":100000000000000000000.0,\"z\":{\"$double\":\"-0.0\"}},"
        + "\"pending\":null,\"settled_plans\":[\"p0\"],\"pinned\":true,\"pin_generation\":4,\"revision\":3,"
        + "\"owed\":{\"id\":\"o1\",\"kind\":\"execute_actions\",\"plan_id\":\"p1\",\"target_step_id\":\"a\","
        + "\"target_version\":2,\"reason\":\"gap_fill\",\"message\":null,\"actions\":[\"loyalty\"]},"
        + "\"end_reason\":\"completed\",\"ended_at\":\"2026-11-29T10:00:01.123456Z\"}");
    assertThat(SessionJson.read(json)).isEqualTo(s);
    assertThat(SessionJson.writePending(new PendingMigration("p1", "ha", 2, T, List.of("age"), false)))
        .isEqualTo("{\"plan_id\":\"p1\",\"anchor_content_hash\":\"ha\",\"target_version\":2,"
            + "\"marked_at\":\"2026-11-29T10:00:00.123456Z\",\"asked_fields\":[\"age\"],\"rollback\":false}");
    assertThat(SessionJson.writeSettledPlans(List.of("p1", "p2"))).isEqualTo("[\"p1\",\"p2\"]");
    assertThat(SessionJson.writeVariables(Map.of())).isEqualTo("{}");
    assertThat(SessionJson.writePending(null)).isNull();
    assertThat(SessionJson.writeOwed(null)).isNull();
  }

  @Test
  void a_stored_part_of_the_wrong_shape_fails_naming_its_document_path_and_value() {
    String session = SessionJson.write(SessionState.builder().tenantId("t").sessionId("s").customerId("c")
        .channel("web").createdAt(T).scenarioId("flow").version(1).scenarioChecksum("c1").currentStepId("a")
        .history(List.of()).variables(Map.of()).pending(null).settledPlans(Set.of()).pinned(false).revision(3).build());

    assertMalformed(() -> SessionJson.read(session.replace("\"2026-11-29T10:00:00.123456Z\"", "\"yesterday\"")),
        "stored session", "$.created_at", "'yesterday' is not an instant");
    assertMalformed(() -> SessionJson.read(session.replace("\"tenant_id\":\"t\",", "")), "stored session",
        "$.tenant_id", "required string is missing");
    assertMalformed(() -> SessionJson.read(session.replace("\"revision\":3",
        "\"revision\":3,\"end_reason\":\"no such end\",\"ended_at\":\"2026-11-29T10:00:00Z\"")), "stored session",
        "$.end_reason", "unknown value 'no such end'");
    assertMalformed(() -> SessionJson.read("[]"), "stored session", "$", "expected an object but found array []");
    assertMalformed(() -> SessionJson.read(""), "stored session", "$", "the document is empty");
    assertMalformed(() -> SessionJson.readOwed("{\"id\":\"o1\",\"kind\":\"teleport_maybe\"}"), "stored owed effects",
        "$.kind", "unknown value 'teleport_maybe'");
    assertMalformed(() -> SessionJson.readPending("{\"plan_id\":\"p1\",\"marked_at\":\"2026-11-29T10:00:00Z\","
        + "\"asked_fields\":[1]}"), "stored marker", "$.asked_fields[0]", "expected a string but found number 1");
    assertMalformed(() -> SessionJson.readSettledPlans("{}"), "stored settled plans", "$",
        "expected an array of strings but found object {}");
    assertMalformed(() -> SessionJson.readVariables("[1]"), "stored session variables", "$",
        "variables must be an object but were [1]");
    assertMalformed(() -> SessionJson.readVariables("{} {}"), "stored session variables", "$",
        "text after the variables object");
    assertMalformed(() -> SessionJson.readValue("stored profile value", "age", "1 2"), "stored profile value", "$",
        "text after the value");
    assertMalformed(() -> SessionJson.readVariables("{\"a\":1,\"a\":2}"), "stored session variables",
        "$ (line 1, column 11)", "Duplicate field 'a'");
    // a value outside the model is the value model's error, naming the variable
    assertThatThrownBy(() -> SessionJson.readVariables("{\"a\":\"\\u0000\"}"))
        .isInstanceOf(UnsupportedValueException.class).hasMessageContaining("'a'");
  }

  @Test
  void json_null_and_empty_texts_read_as_nothing_as_the_stores_wrote_them() {
    assertThat(SessionJson.readPending(null)).isNull();
    assertThat(SessionJson.readPending("null")).isNull();
    assertThat(SessionJson.readOwed(null)).isNull();
    assertThat(SessionJson.readVariables("null")).isEmpty();
    assertThat(SessionJson.readVariables("")).isEmpty();
    assertThat(SessionJson.readValue("stored profile value", "v", "null")).isNull();
    assertThat(SessionJson.readSettledPlans("[]")).isEmpty();
  }

  @Test
  void variables_and_values_written_by_an_older_release_read_as_they_did() {
    // before the tags: an integer, a map of keys in another order, a map that only looks like a tag, a $$ key
    Map<String, Object> read = SessionJson.readVariables("{\"b\":{\"y\":1,\"x\":2},\"a\":7,"
        + "\"$decimal\":\"1.5\",\"t\":{\"$decimal\":\"not a number\"},\"$$k\":true}");
    assertThat(read).containsExactly(Map.entry("$decimal", "1.5"), Map.entry("$k", true), Map.entry("a", 7L),
        Map.entry("b", Map.of("x", 2L, "y", 1L)), Map.entry("t", Map.of("$decimal", "not a number")));
    assertThat(SessionJson.readValue("stored profile value", "v", "{\"$double\":\"-0.0\"}")).isEqualTo(-0.0d);
    assertThat(SessionJson.readValue("stored profile value", "v", "1.5")).isEqualTo(1.5d);
  }

  private static void assertMalformed(ThrowingCallable read, String document, String path, String words) {
    assertThatThrownBy(read).isInstanceOfSatisfying(MalformedJsonException.class, e -> {
      assertThat(e.document()).isEqualTo(document);
      assertThat(e.path()).isEqualTo(path);
    }).hasMessageStartingWith(document + " JSON is malformed at " + path + ": ").hasMessageContaining(words);
  }
}
