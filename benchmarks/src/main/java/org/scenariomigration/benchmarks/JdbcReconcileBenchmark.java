package org.scenariomigration.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.scenariomigration.jdbc.JdbcSessionStore;
import org.scenariomigration.jdbc.JdbcStores;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.session.SessionState;

/**
 * The per-message call through the JDBC stores, on an embedded H2 and on PostgreSQL: {@code unmarked} (one
 * primary-key read, the current version from the store's cache) and a {@code clean graft} (read, revision-checked
 * update plus journal insert in one transaction). The covered session (before issue #17: marked) is put back
 * before each invocation.
 *
 * <p>{@code journal=bounded} (default) empties the journal table every {@value #JOURNAL_BOUND} clean grafts, outside
 * the measurement, as {@code ReconcileBenchmark} bounds its in-memory journal: the clean graft appends a journal row
 * ten thousand times a second, and an in-memory H2 keeps every one of them on the JVM heap, so with
 * {@code journal=growing} the figure is mostly the garbage collector copying an ever larger database.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JdbcReconcileBenchmark {
  /** Clean grafts between two emptyings of the journal table with {@code journal=bounded}. */
  static final int JOURNAL_BOUND = 8_192;

  @State(Scope.Benchmark)
  public static class Db {
    @Param({"h2", "postgresql"})
    public String db;

    /** {@code bounded}: the journal table is emptied every {@link #JOURNAL_BOUND} clean grafts; {@code growing}: never. */
    @Param({"bounded"})
    public String journal;

    long remarks;

    HikariDataSource ds;
    String prefix;
    JdbcSessionStore sessions;
    ScenarioMigration migration;
    SessionState marked;

    @Setup(Level.Trial)
    public void setUp() {
      if (!journal.equals("bounded") && !journal.equals("growing")) {
        throw new IllegalArgumentException("journal must be bounded or growing but was " + journal);
      }
      ds = Databases.of(db);
      prefix = Databases.freshPrefix();
      JdbcStores stores = Databases.stores(ds, prefix);
      sessions = stores.sessionStore();
      migration = ScenarioMigration.builder().sessionStore(sessions).scenarioStore(stores.scenarioStore())
          .planStore(stores.planStore()).profileStore(stores.profileStore())
          .config(MigrationConfig.custom()
              .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build()).build();
      migration.publish("t", Scenarios.v1());
      migration.startSession("t", "up-to-date", "c", "web", "order-flow");
      migration.startSession("t", "s", "c", "web", "order-flow");
      migration.advance("t", "s", "checkout");
      MigrationPlan plan = migration.operations().generatePlan("t", Scenarios.v2PaymentDownstream(), "bench");
      migration.operations().approve("t", plan.id(), "bench");
      migration.operations().deploy("t", plan.id());
      // (issue #17) the deploy wrote no marker: the session is covered and judged at its next message, so putting
      // this state back (version 1, unpinned) makes every clean graft a first reconcile of a covered session
      marked = sessions.find("t", "s").orElseThrow();
      if (marked.pending() != null || migration.pendingMigration("t", "s").isEmpty()) {
        throw new IllegalStateException("session not covered by the deployment, or marked: " + marked);
      }
      SessionState stale = sessions.find("t", "up-to-date").orElseThrow();
      // the other session is moved to the new version, so that it is up to date and unmarked
      Outcome o = migration.reconcile("t", "up-to-date");
      if (!(o instanceof Outcome.Teleport)) {
        throw new IllegalStateException("expected a migration of the up-to-date session but got " + o + " "
            + stale);
      }
      o = migration.reconcile("t", "s");
      if (!(o instanceof Outcome.Teleport tp) || tp.reason() != Outcome.TeleportReason.CLEAN_GRAFT) {
        throw new IllegalStateException("expected a clean graft but got " + o);
      }
      if (migration.reconcile("t", "up-to-date") != Outcome.CONTINUE) {
        throw new IllegalStateException("session not up to date");
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      Databases.dropTables(ds, prefix);
      ds.close();
    }
  }

  @State(Scope.Thread)
  public static class Remark {
    @Setup(Level.Invocation)
    public void remark(Db st) {
      if (++st.remarks % JOURNAL_BOUND == 0 && st.journal.equals("bounded")) {
        Databases.execute(st.ds, "DELETE FROM " + st.prefix + "journal");
      }
      SessionState now = st.sessions.find("t", "s").orElseThrow();
      st.sessions.update(st.marked.withRevision(now.revision()), now.revision());
    }
  }

  @Benchmark
  public Outcome unmarked(Db st) {
    return st.migration.reconcile("t", "up-to-date");
  }

  @Benchmark
  public Outcome cleanGraft(Db st, Remark r) {
    return st.migration.reconcile("t", "s");
  }
}
