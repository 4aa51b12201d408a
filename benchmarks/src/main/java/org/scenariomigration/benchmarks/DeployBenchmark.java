package org.scenariomigration.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
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
import org.scenariomigration.jdbc.JdbcStores;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.MigrationPlanner;
import org.scenariomigration.plan.PlanRequest;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.runtime.DeploymentResult;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.MigrationOperations;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.memory.InMemoryPlanStore;
import org.scenariomigration.memory.InMemoryScenarioStore;
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.SessionStore;

/**
 * {@link MigrationOperations#deploy} of an approved plan (Payment inserted downstream of Checkout), single shot, over
 * sessions spread over all three anchors, every one of them covered (issue #17: a deployment covers its sessions and
 * writes none of them; each is judged at its next message). In memory with 100,000 sessions; on H2 (in memory) with
 * 100,000 and on PostgreSQL with 1,000,000 sessions, both bulk-loaded once per trial (PostgreSQL with {@code COPY}).
 * Before each iteration the source version is made current again and a fresh approved plan is stored (outside the
 * measurement); the previous iteration's plan stays deployed and the new deploy supersedes it, as an operator's next
 * deployment from the same version would.
 *
 * <p>Each iteration is checked, and the trial fails (throws) otherwise: the deploy's {@code sessionsMarked} equals the
 * number of covered sessions, and it wrote no session row: in memory and on H2 the sum of the sessions' revisions is
 * unchanged (every write bumps a session's revision; in memory every session must also still be on version 1,
 * unmarked and unpinned); on PostgreSQL the table's {@code n_tup_ins + n_tup_upd + n_tup_del} in
 * {@code pg_stat_user_tables} is unchanged (see {@link Postgres#tupleWrites()}) and no live row has an {@code xmin}
 * of a transaction that began after the iteration's setup. The last deploy's figures are printed ({@code # deploy: ...}).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class DeployBenchmark {

  abstract static class Deployment {
    ScenarioVersion v1 = Scenarios.v1();
    ScenarioVersion v2 = Scenarios.v2PaymentDownstream();
    ScenarioMigration migration;
    SessionStore sessions;
    ScenarioStore scenarios;
    PlanStore plans;
    MigrationPlan plan;
    int expected;
    DeploymentResult last;
    /** What {@link #written()} said before the deploy. */
    long writesBefore;
    long deploys;

    void wire(SessionStore sessions, ScenarioStore scenarios, PlanStore plans) {
      this.sessions = sessions;
      this.scenarios = scenarios;
      this.plans = plans;
      migration = ScenarioMigration.builder().sessionStore(sessions).scenarioStore(scenarios).planStore(plans)
          .config(MigrationConfig.custom()
              .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build()).build();
      migration.publish("t", v1);
      scenarios.save("t", v2);
    }

    /** Makes v1 current and stores a fresh approved plan v1 -> v2; notes the session writes so far. */
    void reset() {
      scenarios.setCurrentVersion("t", v1.scenarioId(), 1);
      plan = MigrationPlanner.create().plan(PlanRequest.builder("t", v1, v2).createdBy("bench").build())
          .withApproval("bench", Instant.now());
      plans.insert(plan);
      last = null;
      writesBefore = written();
    }

    /** A figure that any write of a session row moves (a count of writes, or a sum of revisions). */
    abstract long written();

    DeploymentResult deploy() {
      return last = migration.operations().deploy("t", plan.id());
    }

    /** Fails the trial unless the last deploy covered every session and wrote none. */
    void check() {
      if (last == null) {
        return;
      }
      if (last.sessionsMarked() != expected) {
        throw new IllegalStateException("deploy counted " + last.sessionsMarked() + " covered sessions, expected "
            + expected + " (" + last.sessionsByAnchor() + ")");
      }
      long after = written();
      if (after != writesBefore) {
        throw new IllegalStateException("deploy wrote session rows: " + writesBefore + " before, " + after
            + " after");
      }
      if (++deploys == 1 || deploys % 5 == 0) {
        System.err.printf("# deploy %d: %,d sessions covered %s, session writes %d before and %d after%n", deploys,
            last.sessionsMarked(), last.sessionsByAnchor(), writesBefore, after);
      }
      last = null;
    }
  }

  /** A deployment reset before each iteration and checked after it (outside the measurement). */
  abstract static class Checked extends Deployment {
    @Setup(Level.Iteration)
    public void before() {
      reset();
      System.gc();
    }

    @TearDown(Level.Iteration)
    public void after() {
      check();
    }
  }

  @State(Scope.Benchmark)
  public static class InMemory extends Checked {
    @Param({"100000"})
    public int memorySessions;

    InMemorySessionStore store;

    @Setup(Level.Trial)
    public void setUp() {
      store = new InMemorySessionStore();
      wire(store, new InMemoryScenarioStore(), new InMemoryPlanStore());
      Population.insert(store, "t", v1, memorySessions);
      expected = memorySessions;
    }

    /** The sum of the sessions' revisions (every write bumps one); a session not on version 1 fails the trial. */
    @Override
    long written() {
      long sum = 0;
      for (int i = 0; i < memorySessions; i++) {
        SessionState s = store.findOrNull("t", Population.sessionId(i));
        if (s.version() != 1 || s.pending() != null || s.pinned()) {
          throw new IllegalStateException("deploy changed session " + s);
        }
        sum += s.revision();
      }
      return sum;
    }
  }

  @State(Scope.Benchmark)
  public static class H2 extends Checked {
    @Param({"100000"})
    public int h2Sessions;

    HikariDataSource ds;

    @Setup(Level.Trial)
    public void setUp() {
      ds = Databases.h2();
      JdbcStores stores = Databases.stores(ds, "sm_");
      wire(stores.sessionStore(), stores.scenarioStore(), stores.planStore());
      long t0 = System.nanoTime();
      // batched INSERT ... SELECTs, each row a copy of its step's template
      Population.copyIntoH2(ds, stores.sessionStore(), "sm_sessions", "t", v1, h2Sessions);
      System.err.printf("# loaded %,d sessions into H2 in %.1f s%n", h2Sessions, (System.nanoTime() - t0) / 1e9);
      expected = h2Sessions;
    }

    @Override
    long written() {
      return Databases.count(ds, "SELECT SUM(revision) FROM sm_sessions");
    }


    @TearDown(Level.Trial)
    public void tearDown() {
      Databases.shutdownH2(ds);
    }
  }

  @State(Scope.Benchmark)
  public static class Postgres extends Deployment {
    @Param({"1000000"})
    public int postgresSessions;

    HikariDataSource ds;
    String prefix;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      ds = Databases.postgres();
      prefix = Databases.freshPrefix();
      JdbcStores stores = Databases.stores(ds, prefix);
      wire(stores.sessionStore(), stores.scenarioStore(), stores.planStore());
      long t0 = System.nanoTime();
      Population.copyIntoPostgres(ds, stores.sessionStore(), prefix + "sessions", "t", v1, postgresSessions);
      Databases.execute(ds, "VACUUM ANALYZE " + prefix + "sessions");
      System.err.printf("# loaded %,d sessions with COPY in %.1f s%n", postgresSessions,
          (System.nanoTime() - t0) / 1e9);
      expected = postgresSessions;
    }

    /**
     * Rows inserted, updated or deleted in the sessions table since the server started counting
     * ({@code pg_stat_user_tables}). A backend reports its counts when it commits, at most once a second, and an idle
     * one may hold them for up to 10 s: so the pool's connections are closed first (a backend reports at its exit),
     * and the figure is read after {@code pg_stat_force_next_flush()} and {@code pg_stat_clear_snapshot()} until two
     * reads 300 ms apart agree.
     */
    long tupleWrites() {
      ds.getHikariPoolMXBean().softEvictConnections();
      String q = "SELECT n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables WHERE relname = '" + prefix
          + "sessions'";
      try {
        Thread.sleep(300);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
          c.setAutoCommit(true);
          long previous = -1;
          for (int k = 0; k < 50; k++) {
            st.execute("SELECT pg_stat_force_next_flush()");
            st.execute("SELECT pg_stat_clear_snapshot()");
            long now;
            try (ResultSet rs = st.executeQuery(q)) {
              rs.next();
              now = rs.getLong(1);
            }
            if (now == previous) {
              return now;
            }
            previous = now;
            Thread.sleep(300);
          }
        }
        throw new IllegalStateException("the statistics of " + prefix + "sessions do not settle");
      } catch (SQLException e) {
        throw new IllegalStateException("pg_stat_user_tables", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    long written() {
      return tupleWrites();
    }

    /** The transaction id the next write gets: rows written after this call have an {@code xmin} at least this. */
    long nextXid() {
      return Databases.count(ds, "SELECT txid_current() + 1") & 0xFFFF_FFFFL;
    }

    @Setup(Level.Iteration)
    public void before() {
      reset();
      Databases.execute(ds, "CHECKPOINT");
      xidBefore = nextXid();
    }

    long xidBefore;

    @TearDown(Level.Iteration)
    public void after() {
      check();
      // rows (live versions) a transaction at or after the deploy's start wrote: 0 unless the deploy wrote some
      long newer = Databases.count(ds, "SELECT COUNT(*) FROM " + prefix + "sessions WHERE xmin::text::bigint >= "
          + xidBefore);
      if (newer != 0) {
        throw new IllegalStateException("deploy wrote " + newer + " session rows (xmin >= " + xidBefore + ")");
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      Databases.dropTables(ds, prefix);
      ds.close();
    }
  }

  @Benchmark
  public DeploymentResult deployInMemory(InMemory st) {
    return st.deploy();
  }

  @Benchmark
  public DeploymentResult deployH2(H2 st) {
    return st.deploy();
  }

  @Benchmark
  public DeploymentResult deployPostgres(Postgres st) {
    return st.deploy();
  }
}
