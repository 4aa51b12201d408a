package org.scenariomigration.benchmarks;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.scenariomigration.json.JournalJson;
import org.scenariomigration.json.SessionJson;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;
import org.scenariomigration.spi.JournalRecord;

/**
 * The session and journal JSON ({@link SessionJson}, {@link JournalJson}) a JDBC store writes and reads per message
 * and per migration: the history of a session that went round a cycle (three entries, Welcome, Checkout and Confirm,
 * two of them revisited: seven instants), read ({@code readHistory}: every {@code find} of a JDBC session store) and
 * written ({@code writeHistory}: every update), and the journal body of a clean graft of that session, written in the
 * change form and read back. {@code instantParse} and {@code instantToString} are the JDK's {@link Instant#parse} and
 * {@link Instant#toString()} of one instant of the history, for comparison with the codec's own instant text.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SessionJsonBenchmark {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00.123456Z");

  List<StepVisit> history;
  String historyText;
  JournalRecord record;
  String journalText;
  Instant instant;
  String instantText;

  @Setup
  public void setUp() {
    SessionState s = SessionState.builder().tenantId("tenant-1").sessionId("session-1").customerId("customer-1")
        .channel("whatsapp").createdAt(T0).scenarioId("order-flow").version(1).scenarioChecksum("c".repeat(64))
        .currentStepId("welcome").variables(Map.of("name", "Ann", "email", "ann@example.com", "items", 3L)).build();
    String[] steps = {"welcome", "checkout", "confirm", "checkout", "confirm", "checkout", "confirm"};
    for (int i = 0; i < steps.length; i++) {
      s = s.withVisit(new StepVisit(steps[i], steps[i].toUpperCase(java.util.Locale.ROOT), "h".repeat(63) + i % 3,
          T0.plusSeconds(61L * i).plusNanos(1000L * i), false, ""));
    }
    history = s.history();
    historyText = SessionJson.writeHistory(history);
    SessionState marked = s.withPending(new PendingMigration("plan-1", "h".repeat(64), 2, T0, List.of(), false));
    SessionState after = marked.withPosition(2, "d".repeat(64), "confirm").withPending(null).withSettled("plan-1")
        .withRevision(marked.revision() + 1);
    record = new JournalRecord("0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b", "tenant-1", "session-1", "plan-1",
        JournalRecord.Kind.MIGRATED, MigrationScenario.CLEAN_GRAFT, marked, after, List.of(), List.of(), null,
        T0.plusSeconds(600));
    journalText = JournalJson.write(record);
    instant = history.get(1).visitedAt();
    instantText = instant.toString();
    if (!SessionJson.readHistory(historyText).equals(history) || !JournalJson.read(journalText).equals(record)) {
      throw new IllegalStateException("the texts do not read back as written");
    }
  }

  @Benchmark
  public List<StepVisit> readHistory() {
    return SessionJson.readHistory(historyText);
  }

  @Benchmark
  public String writeHistory() {
    return SessionJson.writeHistory(history);
  }

  @Benchmark
  public JournalRecord readJournal() {
    return JournalJson.read(journalText);
  }

  @Benchmark
  public String writeJournal() {
    return JournalJson.write(record);
  }

  @Benchmark
  public Instant instantParse() {
    return Instant.parse(instantText);
  }

  @Benchmark
  public String instantToString() {
    return instant.toString();
  }
}
