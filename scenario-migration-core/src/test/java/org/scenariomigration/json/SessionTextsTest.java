package org.scenariomigration.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;

class SessionTextsTest {
  private static final Instant T = Instant.parse("2026-11-29T10:00:00.123456Z");

  @Test
  void a_history_read_is_written_back_as_the_very_text_it_came_from() {
    SessionTexts texts = new SessionTexts();
    String json = "[{\"step_id\": \"a\", \"step_name\": \"A\", \"content_hash\": \"h\", "
        + "\"visited_at\": \"2026-11-29T10:00:00Z\", \"checkpoint\": false, \"checkpoint_description\": null, "
        + "\"last\": 0}]";
    List<StepVisit> h = texts.readHistory(json);
    SessionState s = session(h, Map.of(), null);

    assertThat(s.history()).isSameAs(h); // the state keeps the list read, so identity finds the text
    assertThat(texts.history(s.history())).isSameAs(json);
  }

  @Test
  void an_equal_but_other_history_is_written_afresh() {
    SessionTexts texts = new SessionTexts();
    String json = SessionJson.writeHistory(List.of(visit("a")));
    List<StepVisit> read = texts.readHistory(json.replace(",", ", "));
    List<StepVisit> other = List.copyOf(read);

    assertThat(texts.known(other)).isNull();
    assertThat(texts.history(other)).isEqualTo(json);
  }

  @Test
  void variables_with_a_list_value_are_written_afresh_each_time_so_a_change_inside_the_list_is_stored() {
    SessionTexts texts = new SessionTexts();
    List<Object> items = new ArrayList<>(List.of("tea"));
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("items", items);
    SessionState s = session(List.of(), vars, null);

    assertThat(texts.variables(s.variables())).isEqualTo("{\"items\":[\"tea\"]}");
    items.add("cake");
    assertThat(texts.variables(s.variables())).isEqualTo("{\"items\":[\"tea\",\"cake\"]}");
    assertThat(texts.known(s.variables())).isNull();
  }

  @Test
  void flat_variables_are_remembered_once_written() {
    SessionTexts texts = new SessionTexts();
    SessionState s = session(List.of(), Map.of("age", 34L, "name", "Ann", "vip", true), null);

    String first = texts.variables(s.variables());
    assertThat(texts.variables(s.variables())).isSameAs(first);
    assertThat(SessionJson.readVariables(first)).isEqualTo(s.variables());
  }

  @Test
  void variables_read_without_null_values_are_the_immutable_map_a_session_keeps_as_it_is() {
    SessionTexts texts = new SessionTexts();
    Map<String, Object> read = texts.readVariables("{\"age\":34,\"name\":\"Ann\"}");
    SessionState s = session(List.of(), read, null);

    assertThat(s.variables()).isSameAs(read);
    assertThat(texts.variables(s.variables())).isEqualTo("{\"age\":34,\"name\":\"Ann\"}");
    Map<String, Object> withNull = texts.readVariables("{\"age\":null}");
    assertThat(withNull).containsEntry("age", null);
    assertThat(texts.known(withNull)).isNull();
  }

  @Test
  void the_same_marker_text_read_twice_gives_the_same_marker_and_another_text_its_own() {
    SessionTexts texts = new SessionTexts();
    PendingMigration m = new PendingMigration("p1", "hash", 2, T, List.of("age"), false);
    String json = SessionJson.writePending(m);

    PendingMigration first = texts.readPending(json);
    assertThat(first).isEqualTo(m);
    assertThat(texts.readPending(new String(json))).isSameAs(first);
    PendingMigration other = texts.readPending(SessionJson.writePending(m.withAsked(List.of("email"))));
    assertThat(other.askedFields()).containsExactly("age", "email");
    assertThat(texts.readPending(null)).isNull();
    assertThat(texts.pending(first)).isEqualTo(json);
  }

  @Test
  void a_stored_history_that_is_not_an_array_of_objects_fails_naming_what_it_found() {
    SessionTexts texts = new SessionTexts();
    assertMalformed(() -> texts.readHistory("{\"step_id\":\"a\"}"), "$", "history must be an array");
    assertMalformed(() -> texts.readHistory("[1]"), "$[0]", "history entry must be an object");
    assertMalformed(() -> texts.readHistory("[{\"step_id\":"), "$ (line 1, column 13)", "end-of-input");
    assertMalformed(() -> texts.readHistory("[]x"), "$ (line 1, column 4)", "Unrecognized token 'x'");
    assertMalformed(() -> texts.readHistory("[] []"), "$", "text after the history array");
    assertMalformed(() -> texts.readHistory("[{\"content_hash\":\"h\",\"visited_at\":\"2026-11-29T10:00:00Z\"}]"),
        "$[0]", "needs step_id, content_hash and visited_at");
    assertMalformed(() -> texts.readHistory(
        "[{\"step_id\":\"a\",\"content_hash\":\"h\",\"visited_at\":\"yesterday\"}]"),
        "$[0].visited_at", "'yesterday' is not an instant");
    String huge = "{\"x\":\"" + "y".repeat(10_000) + "\"}";
    assertThatThrownBy(() -> texts.readHistory(huge)).isInstanceOf(MalformedJsonException.class)
        .hasMessageContaining("(10008 characters)").message().hasSizeLessThan(400);
  }

  @Test
  void a_stored_history_that_is_json_null_or_empty_reads_as_an_empty_history_as_before() {
    SessionTexts texts = new SessionTexts();
    assertThat(texts.readHistory("null")).isEmpty();
    assertThat(texts.readHistory("")).isEmpty();
    assertThat(texts.readHistory(" [ ] ")).isEmpty();
  }

  @Test
  void a_history_text_of_an_older_version_is_read_bounded_and_written_anew_in_the_bounded_form() {
    SessionTexts texts = new SessionTexts();
    String legacy = "[" + legacyVisit("a", "10:00:00Z") + "," + legacyVisit("b", "10:00:01Z") + ","
        + legacyVisit("a", "10:00:02.5Z") + "," + legacyVisit("b", "10:00:03Z") + "]";
    assertThat(SessionJson.readHistoryText(legacy).legacy()).isTrue();

    List<StepVisit> h = texts.readHistory(legacy);

    assertThat(h).extracting(StepVisit::stepId).containsExactly("a", "b");
    assertThat(h.get(0).visits()).isEqualTo(2);
    assertThat(h.get(0).firstVisit()).isZero();
    assertThat(h.get(0).lastVisit()).isEqualTo(2);
    assertThat(h.get(0).visitedAt()).isEqualTo(Instant.parse("2026-11-29T10:00:02.5Z"));
    assertThat(h.get(0).firstVisitedAt()).isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
    assertThat(h.get(0).cameFrom()).containsExactly(1L); // a came from b (its second visit)
    assertThat(h.get(1).cameFrom()).containsExactly(0L);
    assertThat(texts.known(h)).isNull(); // not remembered: the next write stores the bounded form
    String written = texts.history(h);
    assertThat(SessionJson.readHistoryText(written).legacy()).isFalse();
    assertThat(written.length()).isLessThan(legacy.length());
    assertThat(SessionJson.readHistory(written)).isEqualTo(h);
  }

  private static String legacyVisit(String id, String time) {
    return "{\"step_id\":\"" + id + "\",\"step_name\":\"" + id.toUpperCase(java.util.Locale.ROOT)
        + "\",\"content_hash\":\"h" + id + "\",\"visited_at\":\"2026-11-29T" + time
        + "\",\"checkpoint\":false,\"checkpoint_description\":\"\"}";
  }

  /**
   * A bounded history written and read back is the same history, whatever its revisits, checkpoints and times (to the
   * nanosecond); and every entry still has the fields an older version of the library needs as strings
   * ({@code step_id}, {@code content_hash}, {@code visited_at}), so that it reads the text after a downgrade.
   */
  @Property(tries = 300)
  void a_bounded_history_round_trips_and_stays_readable_by_the_older_reader(
      @ForAll("walks") List<StepVisit> walk) {
    List<StepVisit> h = SessionState.boundedHistory(walk);
    String json = SessionJson.writeHistory(h);

    assertThat(SessionJson.readHistory(json)).isEqualTo(h);
    JsonNode tree = Json.parse("test", json);
    assertThat(tree.size()).isEqualTo(h.size());
    for (JsonNode entry : tree) {
      for (String field : List.of("step_id", "content_hash", "visited_at")) {
        assertThat(entry.path(field).isTextual()).as("%s of %s", field, entry).isTrue();
      }
      Instant.parse(entry.path("visited_at").textValue());
    }
  }

  @Provide
  Arbitrary<List<StepVisit>> walks() {
    Arbitrary<StepVisit> visit = Combinators.combine(Arbitraries.of("a", "b", "c", "d"), Arbitraries.of("h1", "h2"),
        Arbitraries.longs().between(0, 10_000_000_000L), Arbitraries.of(true, false))
        .as((id, hash, nanos, cp) -> new StepVisit(id, "Step " + id, hash + id, T.plusNanos(nanos), cp,
            cp ? "paid " + id : ""));
    return visit.list().ofMaxSize(30);
  }

  @Test
  void a_stored_bounded_history_that_is_inconsistent_fails_naming_what_it_found() {
    String entry = "{\"step_id\":\"a\",\"content_hash\":\"h\",\"visited_at\":\"2026-11-29T10:00:00Z\",";
    assertMalformed(() -> SessionJson.readHistory("[" + entry + "\"last\":3,\"from\":[\"x\"]}]"), "$[0].from[0]",
        "from must hold visit numbers");
    assertMalformed(() -> SessionJson.readHistory("[" + entry + "\"last\":3,\"first\":5}]"), "$[0]",
        "numbered from 5 to 3");
    assertMalformed(() -> SessionJson.readHistory("[" + entry + "\"last\":3}," + entry.replace("\"a\"", "\"b\"")
        + "\"last\":2}]"), "$", "ordered by last visit");
    assertMalformed(() -> SessionJson.readHistory("[" + entry + "\"last\":1}," + entry + "\"last\":2}]"), "$",
        "has two");
  }

  @Test
  void a_history_that_is_not_in_the_bounded_form_is_written_but_not_remembered() {
    SessionTexts texts = new SessionTexts();
    List<StepVisit> mutable = new ArrayList<>(List.of(visit("a")));
    String first = texts.history(mutable);
    mutable.add(visit("b"));
    assertThat(texts.known(mutable)).isNull();
    assertThat(SessionJson.readHistory(texts.history(mutable))).hasSize(2);
    assertThat(SessionJson.readHistory(first)).hasSize(1);
  }

  @Test
  void the_streaming_history_reader_skips_unknown_fields_and_reads_a_field_of_another_type_as_missing() {
    List<StepVisit> h = SessionJson.readHistory("[{\"step_id\":\"a\",\"extra\":{\"x\":[1,{\"y\":2}]},"
        + "\"step_name\":7,\"content_hash\":\"h\",\"visited_at\":\"2026-11-29T10:00:00Z\",\"checkpoint\":\"yes\","
        + "\"checkpoint_description\":[\"no\"]},{\"step_id\":\"b\",\"content_hash\":\"g\","
        + "\"visited_at\":\"2026-11-29T10:00:01Z\",\"checkpoint\":true,\"checkpoint_description\":\"paid\"}]");

    assertThat(h).isEqualTo(SessionState.boundedHistory(List.of(
        new StepVisit("a", null, "h", Instant.parse("2026-11-29T10:00:00Z"), false, null),
        new StepVisit("b", null, "g", Instant.parse("2026-11-29T10:00:01Z"), true, "paid"))));
  }

  @Property(tries = 200)
  void a_journal_record_written_with_remembered_texts_reads_back_as_the_one_written_without(
      @ForAll("sessions") SessionState before, @ForAll boolean changeHistory) {
    SessionTexts texts = new SessionTexts();
    // as the store does: the before state comes from reading its texts
    SessionState read = session(texts.readHistory(SessionJson.writeHistory(before.history())),
        texts.readVariables(SessionJson.writeVariables(before.variables())),
        texts.readPending(SessionJson.writePending(before.pending())));
    SessionState after = changeHistory ? read.withVisit(visit("next")).withPending(null)
        : read.withPosition(read.version() + 1, "c2", read.currentStepId()).withPending(null);
    JournalRecord r = new JournalRecord("r1", "t", "s", "p1", JournalRecord.Kind.MIGRATED,
        MigrationScenario.CLEAN_GRAFT, read, after.withRevision(read.revision() + 1), List.of(), List.of(), null, T);

    String reused = JournalJson.write(r, JournalJson.Form.AFTER_CHANGE, texts);
    JsonNode fresh = Json.parse("test", JournalJson.write(r));
    assertThat(Json.parse("test", reused)).isEqualTo(fresh);
    assertThat(JournalJson.read(reused)).isEqualTo(r);
  }

  @Provide
  Arbitrary<SessionState> sessions() {
    Arbitrary<List<StepVisit>> history = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6)
        .map(SessionTextsTest::visit).list().ofMaxSize(5);
    Arbitrary<Object> value = Arbitraries.oneOf(Arbitraries.strings().withCharRange(' ', '\uD7FF').ofMaxLength(8)
            .map(x -> (Object) x),
        Arbitraries.integers().map(x -> (Object) x), Arbitraries.of(true, false).map(x -> (Object) x),
        Arbitraries.doubles().between(-1e6, 1e6).map(x -> (Object) x));
    Arbitrary<Map<String, Object>> vars = Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1)
        .ofMaxLength(5), value).ofMaxSize(4);
    Arbitrary<PendingMigration> pending = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4)
        .map(p -> new PendingMigration(p, "hash", 2, T, List.of(), false)).injectNull(0.3);
    return Combinators.combine(history, vars, pending).as(SessionTextsTest::session);
  }

  @Test
  void the_texts_remembered_weigh_at_most_their_bound_in_bytes_whatever_the_histories() {
    SessionTexts texts = new SessionTexts();
    List<List<StepVisit>> kept = new ArrayList<>(); // all alive: only the byte bound can drop their texts
    for (int session = 0; session < 200; session++) {
      com.google.common.collect.ImmutableList.Builder<StepVisit> b = com.google.common.collect.ImmutableList.builder();
      for (int i = 0; i < 500; i++) {
        b.add(visit("step-" + session + "-" + i));
      }
      List<StepVisit> h = SessionState.boundedHistory(b.build());
      kept.add(h);
      texts.history(h); // about 60 kB of text each: 12 MB for the 200
    }
    assertThat(texts.weight()).isPositive().isLessThanOrEqualTo(SessionTexts.MAX_BYTES);
    assertThat(kept.stream().filter(h -> texts.known(h) != null).count()).isLessThan(200);
  }

  @Test
  void a_text_heavier_than_the_entry_bound_is_written_but_not_remembered() {
    SessionTexts texts = new SessionTexts();
    com.google.common.collect.ImmutableList.Builder<StepVisit> b = com.google.common.collect.ImmutableList.builder();
    for (int i = 0; i < 10_000; i++) {
      b.add(visit("step-" + i));
    }
    List<StepVisit> h = SessionState.boundedHistory(b.build());
    String json = texts.history(h);

    assertThat((long) SessionTexts.weight(json)).isGreaterThan(SessionTexts.MAX_ENTRY_BYTES);
    assertThat(texts.known(h)).isNull();
    assertThat(texts.weight()).isZero();
    assertThat(SessionJson.readHistory(json)).isEqualTo(h);
  }

  /** A {@link MalformedJsonException} of the stored history at {@code path}, its message holding {@code words}. */
  private static void assertMalformed(org.assertj.core.api.ThrowableAssert.ThrowingCallable read, String path,
      String words) {
    assertThatThrownBy(read).isInstanceOfSatisfying(MalformedJsonException.class, e -> {
      assertThat(e.document()).isEqualTo("stored session history");
      assertThat(e.path()).isEqualTo(path);
    }).hasMessageStartingWith("stored session history JSON is malformed at " + path + ": ")
        .hasMessageContaining(words);
  }

  private static StepVisit visit(String step) {
    return new StepVisit(step, step.toUpperCase(), "hash-" + step, T, false, null);
  }

  private static SessionState session(List<StepVisit> history, Map<String, Object> vars, PendingMigration pending) {
    return SessionState.builder().tenantId("t").sessionId("s").customerId("c").channel("web").createdAt(T)
        .scenarioId("flow").version(1).scenarioChecksum("c1").currentStepId("a").history(history).variables(vars)
        .pending(pending).revision(3).build();
  }
}
