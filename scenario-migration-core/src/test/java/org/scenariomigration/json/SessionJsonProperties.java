package org.scenariomigration.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.scenariomigration.runtime.SessionGenerators;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.ScenarioGenerators;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.session.EndReason;
import org.scenariomigration.session.OwedEffects;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionEnd;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;
import org.scenariomigration.session.VariableValues;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.ValueGenerators;

/**
 * {@link SessionJson} and {@link JournalJson} over generated sessions (walks of generated scenarios, with any values
 * of the model, markers, owed effects, ends and pins) and journal records: what is written reads back equal, whole
 * and part by part; a text cut short, or beyond a limit, throws the specific exception naming the document.
 */
class SessionJsonProperties {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00.123456789Z");

  @Property(tries = 300)
  @StatisticsReport(onFailureOnly = true)
  void a_session_written_and_read_is_the_same_session_whole_and_part_by_part(@ForAll("sessions") SessionState s) {
    Statistics.label("pending").collect(s.pending() != null);
    Statistics.label("owed").collect(s.owed() != null);
    Statistics.label("ended").collect(s.end() != null);
    Statistics.label("revisits").collect(s.history().stream().anyMatch(v -> v.visits() > 1));
    Statistics.label("variables").collect(!s.variables().isEmpty());

    assertThat(SessionJson.read(SessionJson.write(s))).isEqualTo(s);
    assertThat(SessionJson.readHistory(SessionJson.writeHistory(s.history()))).isEqualTo(s.history());
    assertThat(SessionJson.readVariables(SessionJson.writeVariables(s.variables()))).isEqualTo(s.variables());
    assertThat(SessionJson.readPending(SessionJson.writePending(s.pending()))).isEqualTo(s.pending());
    assertThat(SessionJson.readOwed(SessionJson.writeOwed(s.owed()))).isEqualTo(s.owed());
    assertThat(SessionJson.readSettledPlans(SessionJson.writeSettledPlans(s.settledPlans())))
        .containsExactlyElementsOf(s.settledPlans());

    Statistics.label("pending").coverage(c -> c.check(true).count(n -> n > 0));
    Statistics.label("owed").coverage(c -> c.check(true).count(n -> n > 0));
    Statistics.label("ended").coverage(c -> c.check(true).count(n -> n > 0));
    Statistics.label("revisits").coverage(c -> c.check(true).count(n -> n > 0));
    Statistics.label("variables").coverage(c -> c.check(true).count(n -> n > 0));
  }

  @Property(tries = 300)
  void a_journal_record_written_and_read_is_the_same_record_in_both_forms(@ForAll("sessions") SessionState before,
      @ForAll("sessions") SessionState other, @ForAll @IntRange(max = 3) int edit,
      @ForAll("values") Object filled) {
    SessionState after = switch (edit) {
      case 0 -> before.withVisit(StepVisit.of(step("next"), NOW.plusSeconds(5))).withRevision(before.revision() + 1);
      case 1 -> before.withPosition(before.version() + 1, "c2", before.currentStepId()).withPending(null)
          .withSettled("p1");
      case 2 -> before.withVariablesReplaced(other.variables()).withOwed(other.owed()).withEnd(other.end());
      default -> other;
    };
    JournalRecord r = VariableValues.normalize(new JournalRecord("r1", before.tenantId(), before.sessionId(), "p1",
        JournalRecord.Kind.MIGRATED, MigrationScenario.GAP_FILL, before, after,
        List.of(new FilledField("age", filled, FilledField.Source.EXTRACTION, 0.75)), List.of("age"), null, NOW));

    for (JournalJson.Form form : JournalJson.Form.values()) {
      String json = JournalJson.write(r, form);
      assertThat(StoredJson.tree("test", json).path("format_version").intValue()).isEqualTo(form.formatVersion());
      assertThat(JournalJson.read(json)).isEqualTo(r);
    }
  }

  @Property(tries = 300)
  void a_value_written_and_read_is_the_same_value(@ForAll("values") Object v) {
    Object normal = VariableValues.normalize("v", v);
    assertThat(SessionJson.readValue("stored profile value", "v", SessionJson.writeValue("v", v)))
        .isEqualTo(normal);
  }

  /** A text cut anywhere before its end is no JSON document: the reader names its document, never half reads it. */
  @Property(tries = 200)
  void a_written_text_cut_short_throws_malformed_json_naming_the_document(@ForAll("sessions") SessionState s,
      @ForAll @IntRange(max = 10_000) int cutAt, @ForAll boolean journal) {
    String json = journal ? JournalJson.write(new JournalRecord("r1", s.tenantId(), s.sessionId(), null,
        JournalRecord.Kind.PINNED, null, s, s.withPinned(true), List.of(), List.of(), null, NOW))
        : SessionJson.write(s);
    String cut = json.substring(0, cutAt % json.length());
    String document = journal ? "stored journal record" : "stored session";
    Function<String, Object> reader = journal ? JournalJson::read : SessionJson::read;

    assertThatThrownBy(() -> reader.apply(cut)).isInstanceOfSatisfying(MalformedJsonException.class,
        e -> assertThat(e.document()).isEqualTo(document)).hasMessageStartingWith(document + " JSON is malformed at $");
  }

  /** Nesting, a number and a string beyond the stored documents' limits: every reader names the limit. */
  @Property(tries = 60)
  void a_text_beyond_a_limit_throws_json_limit_exception_naming_it(@ForAll @IntRange(max = 4) int reader,
      @ForAll @IntRange(max = 2) int limit) {
    String deep = "[".repeat(SessionJson.MAX_NESTING_DEPTH + 1) + "]".repeat(SessionJson.MAX_NESTING_DEPTH + 1);
    String value = switch (limit) {
      case 0 -> deep;
      case 1 -> "1".repeat(SessionJson.MAX_NUMBER_LENGTH + 1);
      default -> "\"" + "x".repeat(VariableValues.MAX_STRING_LENGTH + 1) + "\"";
    };
    String[] kind = {JsonLimitException.NESTING_DEPTH, JsonLimitException.NUMBER_LENGTH,
        JsonLimitException.STRING_LENGTH};
    long[] maximum = {SessionJson.MAX_NESTING_DEPTH, SessionJson.MAX_NUMBER_LENGTH, VariableValues.MAX_STRING_LENGTH};
    String session = SessionJson.write(sessionOf(Map.of("v", 1L)));
    Runnable read = switch (reader) {
      case 0 -> () -> SessionJson.readVariables("{\"v\":" + value + "}");
      case 1 -> () -> SessionJson.readHistory("[{\"step_id\":\"a\",\"extra\":" + value + "}]");
      case 2 -> () -> SessionJson.read(session.replace("{\"v\":1}", "{\"v\":" + value + "}"));
      case 3 -> () -> SessionJson.readValue("stored profile value", "v", value);
      default -> () -> JournalJson.read("{\"format_version\":1,\"before\":{\"variables\":{\"v\":" + value + "}}}");
    };
    String document = new String[] {"stored session variables", "stored session history", "stored session",
        "stored profile value", "stored journal record"}[reader];

    assertThatThrownBy(read::run).isInstanceOfSatisfying(JsonLimitException.class, e -> {
      assertThat(e.limit()).isEqualTo(kind[limit]);
      assertThat(e.maximum()).isEqualTo(maximum[limit]);
      assertThat(e.document()).isEqualTo(document);
    });
  }

  // ------------------------------------------------------------------------------------------- generators

  @Provide
  Arbitrary<Object> values() {
    return ValueGenerators.values();
  }

  /** Sessions on generated scenarios: their walk, any variables, and now and then a marker, owed effects, an end. */
  @Provide
  Arbitrary<SessionState> sessions() {
    Arbitrary<SessionState> walked = ScenarioGenerators.scenarios(2, 8).flatMap(v ->
        SessionGenerators.sessions(v, "s1").map(spec -> spec.toState("t1", v, NOW)));
    Arbitrary<PendingMigration> pending = Arbitraries.of("p1", "p2").map(p -> new PendingMigration(p, "h1", 2,
        NOW.minusSeconds(30), List.of("age"), p.equals("p2"))).injectNull(0.5);
    Arbitrary<OwedEffects> owed = Arbitraries.of(OwedEffects.Kind.values()).map(k -> new OwedEffects("o1", k, "p1",
        "checkout", 2, "gap_fill", k.ordinal() % 2 == 0 ? null : "Ask again", List.of("loyalty"))).injectNull(0.6);
    Arbitrary<SessionEnd> end = Arbitraries.of(EndReason.COMPLETED, EndReason.EXITED)
        .map(e -> new SessionEnd(e, NOW.plusSeconds(9))).injectNull(0.7);
    return Combinators.combine(walked, ValueGenerators.variables(), pending, owed, end,
        Arbitraries.of("p0", "p3").set().ofMaxSize(2), Arbitraries.longs().between(0, 1000),
        Arbitraries.integers().between(0, 3)).as((s, vars, p, o, e, settled, revision, revisits) -> {
          SessionState out = s.withVariablesReplaced(vars).withPending(p).withOwed(o).withEnd(e)
              .withRevision(revision).withPinned(revision % 2 == 0);
          for (String plan : settled) {
            out = out.withSettled(plan);
          }
          for (int i = 0; i < revisits && !out.history().isEmpty(); i++) {
            StepVisit first = out.history().get(0); // back to the first step: a revisit
            out = out.withVisit(new StepVisit(first.stepId(), first.stepName(), first.contentHash(),
                NOW.plus(Duration.ofMinutes(i + 1)), first.checkpoint(), first.checkpointDescription()));
          }
          out = revision % 3 == 0 ? out.withPin(revision % 7) : out;
          return VariableValues.normalize(out);
        });
  }

  private static org.scenariomigration.scenario.Step step(String id) {
    return org.scenariomigration.scenario.Step.builder(id).name("Next").description("The next step").build();
  }

  private static SessionState sessionOf(Map<String, Object> vars) {
    return SessionState.builder().tenantId("t").sessionId("s").customerId("c").channel("web").createdAt(NOW)
        .scenarioId("flow").version(1).scenarioChecksum("c1").currentStepId("a").history(new ArrayList<>())
        .variables(vars).pending(null).settledPlans(Set.of()).pinned(false).revision(3).build();
  }
}
