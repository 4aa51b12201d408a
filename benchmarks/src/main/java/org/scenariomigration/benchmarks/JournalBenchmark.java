package org.scenariomigration.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.RollbackReport;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.spi.JournalRecord;

/**
 * The in-memory journal read by session, at {@code journalSessions} sessions of one tenant: every session was
 * migrated by a clean-graft plan ({@code migrateNow}), which was then rolled back, so the tenant's journal holds one
 * record per session and every session waits to be restored (a fresh store every iteration).
 *
 * <p>{@code forSession} reads one session's records ({@code JournalStore.forSession}), a different session each call;
 * {@code restore} is the slow path after a rollback: {@code reconcile} of {@value #RESTORED} sessions spread over the
 * population, each of which reads its journal records and restores the session (single shot; the score is per
 * session). Both should cost the same at 4,000, 16,000 or 64,000 sessions.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class JournalBenchmark {
  static final int RESTORED = 1000;

  @Param({"4000", "16000", "64000"})
  public int journalSessions;

  InMemorySessionStore store;
  ScenarioMigration migration;
  int next;

  @Setup(Level.Iteration)
  public void setUp() {
    store = new InMemorySessionStore();
    migration = ScenarioMigration.builder().sessionStore(store)
        .config(MigrationConfig.custom()
            .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build()).build();
    migration.publish("t", Scenarios.v1());
    Population.insert(store, "t", Scenarios.v1(), journalSessions);
    MigrationPlan plan = migration.operations().generatePlan("t", Scenarios.v2PaymentDownstream(), "bench");
    migration.operations().approve("t", plan.id(), "bench");
    migration.operations().deploy("t", plan.id());
    long migrated = migration.operations().migrateNow("t", plan.id(), 500, r -> { }).migrated();
    RollbackReport rb = migration.operations().rollback("t", plan.id());
    if (migrated != journalSessions || rb.sessionsToRestore().size() != journalSessions) {
      throw new IllegalStateException("migrated " + migrated + ", to restore " + rb.sessionsToRestore().size()
          + " of " + journalSessions);
    }
  }

  /** One session's journal records, a different session every call. */
  @Benchmark
  public List<JournalRecord> forSession() {
    int i = next++;
    if (next == journalSessions) {
      next = 0;
    }
    return store.forSession("t", Population.sessionId(i));
  }

  /** Restoring {@value #RESTORED} sessions after the rollback, spread over the population; per session. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OperationsPerInvocation(RESTORED)
  public int restore() {
    int restored = 0;
    int step = Math.max(1, journalSessions / RESTORED);
    for (int k = 0; k < RESTORED; k++) {
      Outcome o = migration.reconcile("t", Population.sessionId((k * step) % journalSessions));
      restored += o instanceof Outcome.Teleport ? 1 : 0;
    }
    if (restored != Math.min(RESTORED, journalSessions)) {
      throw new IllegalStateException("restored " + restored + " of " + RESTORED);
    }
    return restored;
  }

  @TearDown(Level.Iteration)
  public void check() {
    List<JournalRecord> records = store.forSession("t", Population.sessionId(0));
    if (records.isEmpty() || !records.get(0).sessionId().equals(Population.sessionId(0))) {
      throw new IllegalStateException("no journal for session 0: " + records);
    }
  }
}
