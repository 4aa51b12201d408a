package org.scenariomigration.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.session.EndReason;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.session.OwedEffects;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionEnd;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;
import org.scenariomigration.session.VariableValues;

/**
 * The journal body's forms: {@link JournalJson.Form#FULL_AFTER} (the after state whole, as bodies written before the
 * change form hold it) and {@link JournalJson.Form#AFTER_CHANGE} (the after state as its change against the before
 * state), both read back equal to the record written, and the second never the longer for a migration.
 */
class JournalJsonTest {
  private static final Instant T = Instant.parse("2026-11-29T10:00:00.123456Z");

  /** Any before state and any after state made of it by edits (or none like it) read back equal, in both forms. */
  @Property(tries = 500)
  void a_record_reads_back_equal_to_the_one_written_whatever_the_after_state_changed(
      @ForAll("sessions") SessionState before, @ForAll("anyEdits") List<UnaryOperator<SessionState>> edits,
      @ForAll("sessions") SessionState unrelated, @ForAll boolean replaced) {
    SessionState after = replaced ? unrelated : apply(before, edits);
    JournalRecord r = VariableValues.normalize(record(before, after));

    String changed = JournalJson.write(r);
    assertThat(Json.parse("test", changed).path("format_version").intValue())
        .isEqualTo(JournalJson.Form.AFTER_CHANGE.formatVersion());
    assertThat(JournalJson.read(changed)).isEqualTo(r);
    assertThat(JournalJson.read(JournalJson.write(r, JournalJson.Form.FULL_AFTER))).isEqualTo(r);
    // erasure writes the erased record again: no value of before or after is left in the body
    JournalRecord erased = org.scenariomigration.spi.CustomerErasure.erase(r);
    JsonNode body = Json.parse("test", JournalJson.write(erased));
    assertThat(body.path("before").path("variables").size()).isZero();
    for (String field : List.of("variables", "variables_all")) {
      assertThat(body.path("after_change").path(field).size()).isZero();
    }
    assertThat(JournalJson.read(body.toString())).isEqualTo(erased);
  }

  /** A migration (a move, a visit, variables filled in, the marker cleared, the plan settled) is never longer. */
  @Property(tries = 500)
  void the_change_of_a_migration_is_never_longer_than_the_after_state_whole(
      @ForAll("sessions") SessionState before, @ForAll("migrationEdits") List<UnaryOperator<SessionState>> edits) {
    JournalRecord r = VariableValues.normalize(record(before, apply(before, edits)));

    String changed = JournalJson.write(r);
    String whole = JournalJson.write(r, JournalJson.Form.FULL_AFTER);
    assertThat(changed.length()).isLessThanOrEqualTo(whole.length());
    assertThat(JournalJson.read(changed)).isEqualTo(r);
  }

  @Test
  void a_body_of_the_first_form_written_before_the_change_form_existed_reads_as_it_did() {
    // captured from the writer of 3b42c2d: before and after whole
    String old = "{\"format_version\":1,\"id\":\"r1\",\"tenant_id\":\"t\",\"session_id\":\"s\",\"plan_id\":\"p1\","
        + "\"kind\":\"migrated\",\"migration_scenario\":\"clean_graft\",\"before\":{\"tenant_id\":\"t\","
        + "\"session_id\":\"s\",\"customer_id\":\"c\",\"channel\":\"web\",\"created_at\":\"2026-11-29T10:00:00.123456Z\","
        + "\"scenario_id\":\"flow\",\"version\":1,\"scenario_checksum\":\"c1\",\"current_step_id\":\"a\",\"history\":"
        + "[{\"step_id\":\"a\",\"step_name\":\"A\",\"content_hash\":\"ha\",\"visited_at\":\"2026-11-29T10:00:00.123456Z\","
        + "\"last\":0}],\"variables\":{\"$$ref\":{\"$decimal\":\"1.50\"},\"gone\":null},\"pending\":{\"plan_id\":\"p1\","
        + "\"anchor_content_hash\":\"ha\",\"target_version\":2,\"marked_at\":\"2026-11-29T10:00:00.123456Z\","
        + "\"asked_fields\":[],\"rollback\":false},\"settled_plans\":[],\"pinned\":false,\"revision\":3},\"after\":"
        + "{\"tenant_id\":\"t\",\"session_id\":\"s\",\"customer_id\":\"c\",\"channel\":\"web\",\"created_at\":"
        + "\"2026-11-29T10:00:00.123456Z\",\"scenario_id\":\"flow\",\"version\":2,\"scenario_checksum\":\"c2\","
        + "\"current_step_id\":\"b\",\"history\":[{\"step_id\":\"a\",\"step_name\":\"A\",\"content_hash\":\"ha\","
        + "\"visited_at\":\"2026-11-29T10:00:00.123456Z\",\"last\":0},{\"step_id\":\"b\",\"step_name\":\"B\","
        + "\"content_hash\":\"hb\",\"visited_at\":\"2026-11-29T10:00:01.123456Z\",\"last\":1,\"from\":[0]}],"
        + "\"variables\":{\"$$ref\":{\"$decimal\":\"1.50\"},\"age\":{\"$double\":\"-0.0\"}},\"pending\":null,"
        + "\"settled_plans\":[\"p1\"],\"pinned\":false,\"revision\":4},\"filled_fields\":[{\"field\":\"age\","
        + "\"value\":34,\"source\":\"extraction\",\"confidence\":0.9}],\"asked_fields\":[\"age\"],"
        + "\"checkpoint_warning\":null,\"at\":\"2026-11-29T10:00:00.123456Z\"}";
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("$ref", new BigDecimal("1.50"));
    vars.put("gone", null);
    SessionState before = base().withVisit(visit("a", "ha", 0)).withVariables(vars)
        .withPending(new PendingMigration("p1", "ha", 2, T, List.of(), false));
    Map<String, Object> afterVars = Map.of("$ref", new BigDecimal("1.50"), "age", -0.0d);
    SessionState after = before.withVisit(visit("b", "hb", 1_000_000_000L)).withPosition(2, "c2", "b").withPending(null)
        .withVariablesReplaced(afterVars).withSettled("p1").withRevision(4);
    JournalRecord r = VariableValues.normalize(record(before, after));

    assertThat(JournalJson.write(r, JournalJson.Form.FULL_AFTER)).isEqualTo(old);
    JournalRecord read = JournalJson.read(old);
    assertThat(read).isEqualTo(r);
    assertThat(read.after().variables().get("age")).isEqualTo(-0.0d);
    // and without a format_version at all, as the earliest bodies
    assertThat(JournalJson.read(old.replace("\"format_version\":1,", ""))).isEqualTo(r);
    String changed = JournalJson.write(r);
    assertThat(changed).contains("\"format_version\":2").doesNotContain("\"after\"")
        .contains("\"history_dropped\":[],\"history_added\":[{\"step_id\":\"b\"")
        .contains("\"variables\":{\"age\":{\"$double\":\"-0.0\"}},\"variables_removed\":[\"gone\"]");
    assertThat(JournalJson.read(changed)).isEqualTo(r);
  }

  @Test
  void a_pin_generation_is_written_only_when_not_0_and_in_the_change_only_when_it_moved() {
    SessionState before = base().withVisit(visit("a", "ha", 0)).withPin(5);
    SessionState same = before.withPosition(2, "c2", "a").withRevision(4);
    SessionState moved = same.withPin(6);
    SessionState unpinned = same.withPinned(false);

    JsonNode whole = Json.parse("test", JournalJson.write(record(before, unpinned),
        JournalJson.Form.FULL_AFTER));
    assertThat(whole.path("before").path("pin_generation").longValue()).isEqualTo(5);
    assertThat(whole.path("after").has("pin_generation")).isFalse();
    assertThat(Json.parse("test", JournalJson.write(record(before, same))).path("after_change")
        .has("pin_generation")).isFalse();
    assertThat(Json.parse("test", JournalJson.write(record(before, moved))).path("after_change")
        .path("pin_generation").longValue()).isEqualTo(6);
    assertThat(Json.parse("test", JournalJson.write(record(before, unpinned))).path("after_change")
        .path("pin_generation").longValue()).isZero();
    for (SessionState after : List.of(same, moved, unpinned)) {
      for (JournalJson.Form form : JournalJson.Form.values()) {
        JournalRecord r = record(before, after);
        assertThat(JournalJson.read(JournalJson.write(r, form))).isEqualTo(r);
      }
    }
    // a body written before schema 8 has no pin generation: 0
    String old = JournalJson.write(record(before, moved), JournalJson.Form.FULL_AFTER)
        .replace(",\"pin_generation\":5", "").replace(",\"pin_generation\":6", "");
    assertThat(old).doesNotContain("pin_generation");
    JournalRecord read = JournalJson.read(old);
    assertThat(read.before().pinGeneration()).isZero();
    assertThat(read.after().pinGeneration()).isZero();
    assertThat(read.after().pinned()).isTrue();
  }

  @Test
  void a_body_of_an_unknown_form_or_with_a_change_that_does_not_fit_its_before_state_fails_naming_it() {
    JournalRecord r = record(base().withVisit(visit("a", "ha", 0)),
        base().withVisit(visit("a", "ha", 0)).withVisit(visit("b", "hb", 1)).withRevision(4));
    String body = JournalJson.write(r);

    assertThatThrownBy(() -> JournalJson.read(body.replace("\"format_version\":2", "\"format_version\":3")))
        .isInstanceOfSatisfying(MalformedJsonException.class, e -> assertThat(e.path()).isEqualTo("$.format_version"))
        .hasMessageStartingWith("stored journal record JSON is malformed at $.format_version")
        .hasMessageContaining("format_version must be 1 or 2 but was 3");
    assertThatThrownBy(() -> JournalJson.read(body.replace("\"history_dropped\":[]",
        "\"history_dropped\":[1]"))).isInstanceOfSatisfying(MalformedJsonException.class,
            e -> assertThat(e.path()).isEqualTo("$.after_change.history_dropped[0]"))
        .hasMessageContaining("positions in the before history (0 to 0) but held 1");
    com.fasterxml.jackson.databind.node.ObjectNode noChange =
        (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse("test", body);
    noChange.put("after_change", 7);
    assertThatThrownBy(() -> JournalJson.read(noChange.toString()))
        .isInstanceOfSatisfying(MalformedJsonException.class, e -> assertThat(e.path()).isEqualTo("$.after_change"))
        .hasMessageContaining("needs after_change as an object but found number 7");
    assertThatThrownBy(() -> JournalJson.write(r, null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("form");
  }

  /**
   * The bytes of a migration's journal body in both forms: the seed session (three variables, a bounded history of
   * four entries, a clean graft), and the same with 50 variables of some 40 characters. Printed for the CHANGELOG.
   */
  @Test
  void a_migrations_body_holds_the_change_in_far_fewer_bytes_than_the_after_state_whole() {
    JournalRecord seed = seedMigration(Map.of("name", "Ann", "email", "ann@example.com", "items", 3L));
    Map<String, Object> fifty = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      fifty.put(String.format("field_%02d", i), String.format("value %02d of the customer, forty chars", i));
    }
    JournalRecord wide = seedMigration(fifty);

    for (JournalRecord r : List.of(seed, wide)) {
      assertThat(r.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT);
      String whole = JournalJson.write(r, JournalJson.Form.FULL_AFTER);
      String changed = JournalJson.write(r);
      assertThat(JournalJson.read(changed)).isEqualTo(r);
      int after = Json.parse("test", whole).path("after").toString().length();
      int change = Json.parse("test", changed).path("after_change").toString().length();
      System.out.printf("journal body of a clean graft, %d variables, a history of %d entries: %d characters with the "
          + "after state whole (%d of them the after state), %d with its change (%d of them the change): %d%%%n",
          r.before().variables().size(), r.after().history().size(), whole.length(), after, changed.length(), change,
          Math.round(100.0 * changed.length() / whole.length()));
      assertThat(changed.length()).isEqualTo(whole.length() - after + change + "_change".length());
      // a migration changes the position, the last entry, the marker and the settled plans: a third of the state
      assertThat(change).isLessThan(after / 2);
    }
    assertThat(seed.after().history()).hasSize(4);
  }

  /** The seed's clean graft: a session that went round the v1 flow is grafted onto a v2 with a step after checkout. */
  private static JournalRecord seedMigration(Map<String, Object> vars) {
    org.scenariomigration.MovableClock clock = new org.scenariomigration.MovableClock(T);
    ScenarioMigration m = ScenarioMigration.builder().clock(clock).build();
    m.publish("t1", Seeds.v1WithPayment());
    m.startSession("t1", "s1", "c-1", "whatsapp", "order-flow");
    for (String step : List.of("payment", "checkout", "confirm", "checkout")) {
      clock.advance(Duration.ofSeconds(61));
      m.advance("t1", "s1", step);
    }
    m.setVariables("t1", "s1", vars);
    ScenarioVersion v2 = ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(Seeds.welcome().to("payment")).step(Seeds.payment().to("checkout"))
        .step(Seeds.checkout().to("gift_wrap"))
        .step(org.scenariomigration.scenario.Step.builder("gift_wrap").name("Gift wrap").description("Offers gift wrap")
            .to("confirm"))
        .step(Seeds.confirm()).build();
    MigrationPlan plan = m.operations().generatePlan("t1", v2, "ops");
    m.operations().approve("t1", plan.id(), "ops");
    m.operations().deploy("t1", plan.id());
    clock.advance(Duration.ofSeconds(61));
    Outcome o = m.reconcile("t1", "s1");
    assertThat(o).as("the seed migration").isNotNull();
    return m.journal("t1", "s1").stream().filter(r -> r.kind() == JournalRecord.Kind.MIGRATED).findFirst()
        .orElseThrow();
  }

  // ------------------------------------------------------------------------------------------- generators

  @Provide
  Arbitrary<SessionState> sessions() {
    Arbitrary<List<StepVisit>> walk = Combinators.combine(Arbitraries.of("a", "b", "c", "d", "e"),
        Arbitraries.of("h1", "h2"), Arbitraries.longs().between(0, 1_000_000_000L))
        .as((id, hash, nanos) -> visit(id, hash + id, nanos)).list().ofMaxSize(12);
    Arbitrary<Map<String, Object>> vars = Arbitraries.maps(Arbitraries.of("age", "card", "$ref", "name", "email",
        "items", "note"), values()).ofMaxSize(6);
    Arbitrary<PendingMigration> pending = Arbitraries.of("p1", "p2")
        .map(p -> new PendingMigration(p, "h1a", 2, T, List.of("age"), p.equals("p2"))).injectNull(0.4);
    Arbitrary<OwedEffects> owed = Arbitraries.of("r-1", "r-2").map(JournalJsonTest::owed).injectNull(0.6);
    Arbitrary<SessionEnd> end = Arbitraries.of(EndReason.COMPLETED, EndReason.EXITED)
        .map(e -> new SessionEnd(e, T.plusSeconds(9))).injectNull(0.7);
    Arbitrary<List<String>> ids = Arbitraries.of("t", "s", "other").list().ofSize(5);
    return Combinators.combine(walk, vars, pending, owed, end, Arbitraries.of("p0", "p3").set().ofMaxSize(2), ids,
        Arbitraries.longs().between(0, 1000)).as((w, v, p, o, e, settled, id, rev) -> {
          SessionState s = SessionState.builder().tenantId(id.get(0)).sessionId(id.get(1)).customerId("c-" + id.get(2))
              .channel(id.get(3)).createdAt(T.plusSeconds(id.get(4).length())).scenarioId("flow-" + id.get(4))
              .version(1).scenarioChecksum("c1").currentStepId("a").variables(v).settledPlans(settled)
              .pinned(rev % 2 == 0).revision(rev).build();
          for (StepVisit x : w) {
            s = s.withVisit(x);
          }
          s = rev % 3 == 0 ? s.withPin(rev % 7) : s; // pinned at a generation, 0 included
          return s.withEnd(e).withPending(p).withOwed(o);
        });
  }

  private static Arbitrary<Object> values() {
    return Arbitraries.oneOf(Arbitraries.strings().withCharRange(' ', '\u00ff').ofMaxLength(12).map(x -> (Object) x),
        Arbitraries.longs().map(x -> (Object) x), Arbitraries.of(true, false).map(x -> (Object) x),
        Arbitraries.of(0.0d, -0.0d, 1e20, 0.1).map(x -> (Object) x),
        Arbitraries.of("1.50", "1.5", "-0").map(x -> (Object) new BigDecimal(x)),
        Arbitraries.just((Object) null),
        Arbitraries.of("x", "y").map(x -> (Object) List.of(x, 1L)),
        Arbitraries.of("x", "y").map(x -> (Object) Map.of("$decimal", x)));
  }

  /** Any edits of a state: every component changed, cleared or set, variables added, changed, nulled and removed. */
  @Provide
  Arbitrary<List<UnaryOperator<SessionState>>> anyEdits() {
    return Arbitraries.oneOf(migrationEdit(), Arbitraries.of("age", "card", "$ref", "name", "zz")
            .map(k -> (UnaryOperator<SessionState>) s -> removed(s, k)),
        Arbitraries.of("age", "new").map(k -> (UnaryOperator<SessionState>) s -> s.withVariables(nulled(k))),
        Arbitraries.of("p1", "p2").map(p -> (UnaryOperator<SessionState>) s -> s.withPending(
            new PendingMigration(p, "h2b", 3, T.plusSeconds(5), List.of(), true))),
        Arbitraries.of("r-1", "r-3").map(id -> (UnaryOperator<SessionState>) s -> s.withOwed(owed(id))),
        Arbitraries.of(EndReason.ABANDONED).map(e -> (UnaryOperator<SessionState>) s -> s.withEnd(
            new SessionEnd(e, T.plusSeconds(20)))),
        Arbitraries.just((UnaryOperator<SessionState>) s -> s.withEnd(null)),
        Arbitraries.just((UnaryOperator<SessionState>) s -> s.withOwed(null)),
        Arbitraries.just((UnaryOperator<SessionState>) s -> s.withPinned(!s.pinned())),
        Arbitraries.of(0L, 1L, 7L, Long.MAX_VALUE).map(g -> (UnaryOperator<SessionState>) s -> s.withPin(g)),
        Arbitraries.just((UnaryOperator<SessionState>) s -> s.withVariablesReplaced(Map.of())))
        .list().ofMaxSize(8);
  }

  /** What a migration does to a state: moves it, visits, fills variables in, clears the marker, settles, owes. */
  @Provide
  Arbitrary<List<UnaryOperator<SessionState>>> migrationEdits() {
    return migrationEdit().list().ofMinSize(1).ofMaxSize(6);
  }

  private static Arbitrary<UnaryOperator<SessionState>> migrationEdit() {
    return Arbitraries.oneOf(
        Arbitraries.of("a", "c", "f").map(step -> (UnaryOperator<SessionState>) s -> s.withPosition(s.version() + 1,
            "c" + (s.version() + 1), step)),
        Combinators.combine(Arbitraries.of("a", "b", "f"), Arbitraries.of("h1", "h3"))
            .as((id, hash) -> (UnaryOperator<SessionState>) s -> s.withVisit(visit(id, hash + id, 2_000_000_000L))),
        Combinators.combine(Arbitraries.of("age", "card", "new", "other"), values().filter(v -> v != null))
            .as((k, v) -> (UnaryOperator<SessionState>) s -> s.withVariables(Map.of(k, v))),
        Arbitraries.just((UnaryOperator<SessionState>) s -> s.withPending(null)),
        Arbitraries.of("p1", "p2").map(p -> (UnaryOperator<SessionState>) s -> s.withSettled(p)),
        Arbitraries.just((UnaryOperator<SessionState>) s -> s.withRevision(s.revision() + 1)),
        Arbitraries.of("r-5").map(id -> (UnaryOperator<SessionState>) s -> s.withOwed(owed(id))));
  }

  private static SessionState apply(SessionState s, List<UnaryOperator<SessionState>> edits) {
    for (UnaryOperator<SessionState> e : edits) {
      s = e.apply(s);
    }
    return s;
  }

  private static SessionState removed(SessionState s, String key) {
    Map<String, Object> v = new LinkedHashMap<>(s.variables());
    v.remove(key);
    return s.withVariablesReplaced(v);
  }

  private static Map<String, Object> nulled(String key) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put(key, null);
    return v;
  }

  private static OwedEffects owed(String id) {
    return new OwedEffects(id, OwedEffects.Kind.EXECUTE_ACTIONS, "p1", "c", 2, "gap_fill", null, List.of("loyalty"));
  }

  private static StepVisit visit(String id, String hash, long nanos) {
    return new StepVisit(id, id.toUpperCase(java.util.Locale.ROOT), hash, T.plusNanos(nanos), id.equals("c"),
        id.equals("c") ? "paid" : "");
  }

  private static SessionState base() {
    return SessionState.builder().tenantId("t").sessionId("s").customerId("c").channel("web").createdAt(T)
        .scenarioId("flow").version(1).scenarioChecksum("c1").currentStepId("a").revision(3).build();
  }

  private static JournalRecord record(SessionState before, SessionState after) {
    List<FilledField> filled = new ArrayList<>();
    filled.add(new FilledField("age", 34L, FilledField.Source.EXTRACTION, 0.9));
    return new JournalRecord("r1", "t", "s", "p1", JournalRecord.Kind.MIGRATED, MigrationScenario.CLEAN_GRAFT,
        before, after, filled, List.of("age"), null, T);
  }
}
