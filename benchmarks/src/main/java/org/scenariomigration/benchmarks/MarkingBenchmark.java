package org.scenariomigration.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
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
import org.scenariomigration.model.MigrationPlan;
import org.scenariomigration.model.MigrationPlanner;
import org.scenariomigration.model.PlanRequest;
import org.scenariomigration.model.ScenarioVersion;
import org.scenariomigration.runtime.DeploymentResult;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.spi.InMemoryPlanStore;
import org.scenariomigration.spi.InMemoryScenarioStore;
import org.scenariomigration.spi.InMemorySessionStore;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.spi.SessionStore;

/**
 * Deployment marking, single shot: {@link ScenarioMigration#deploy} of an approved plan (Payment inserted downstream
 * of Checkout) over sessions spread over all three anchors, every one of them eligible, so every session is marked.
 * In memory with 100,000 sessions; on PostgreSQL with 1,000,000 sessions bulk-loaded with {@code COPY} once per
 * trial. Before each iteration the markers are removed, the source version is made current again and a fresh
 * approved plan is stored (outside the measurement).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class MarkingBenchmark {

  abstract static class Deployment {
    ScenarioVersion v1 = Scenarios.v1();
    ScenarioVersion v2 = Scenarios.v2PaymentDownstream();
    ScenarioMigration migration;
    SessionStore sessions;
    ScenarioStore scenarios;
    PlanStore plans;
    MigrationPlan plan;
    int expected;

    void wire(SessionStore sessions, ScenarioStore scenarios, PlanStore plans) {
      this.sessions = sessions;
      this.scenarios = scenarios;
      this.plans = plans;
      migration = ScenarioMigration.builder().sessionStore(sessions).scenarioStore(scenarios).planStore(plans)
          .config(MigrationConfig.custom().logging(false, false, false, false).build()).build();
      migration.publish("t", v1);
      scenarios.save("t", v2);
    }

    /** Unmarks, makes v1 current and stores a fresh approved plan v1 -> v2. */
    void reset() {
      if (plan != null) {
        sessions.unmark("t", plan.id());
      }
      scenarios.setCurrentVersion("t", v1.scenarioId(), 1);
      plan = MigrationPlanner.create().plan(PlanRequest.builder("t", v1, v2).createdBy("bench").build())
          .withApproval("bench", Instant.now());
      plans.insert(plan);
    }

    DeploymentResult deploy() {
      DeploymentResult r = migration.deploy("t", plan.id());
      return r;
    }

    void check(DeploymentResult r) {
      if (r != null && r.sessionsMarked() != expected) {
        throw new IllegalStateException("marked " + r.sessionsMarked() + " sessions, expected " + expected);
      }
    }
  }

  @State(Scope.Benchmark)
  public static class InMemory extends Deployment {
    @Param({"100000"})
    public int memorySessions;

    DeploymentResult last;

    @Setup(Level.Trial)
    public void setUp() {
      InMemorySessionStore store = new InMemorySessionStore();
      wire(store, new InMemoryScenarioStore(), new InMemoryPlanStore());
      Population.insert(store, "t", v1, memorySessions);
      expected = memorySessions;
    }

    @Setup(Level.Iteration)
    public void before() {
      check(last);
      reset();
      System.gc();
    }

    @TearDown(Level.Trial)
    public void after() {
      check(last);
    }
  }

  @State(Scope.Benchmark)
  public static class Postgres extends Deployment {
    @Param({"1000000"})
    public int postgresSessions;

    HikariDataSource ds;
    String prefix;
    DeploymentResult last;

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

    @Setup(Level.Iteration)
    public void before() {
      check(last);
      reset();
      // the updates of the last iteration left a dead version of every row: clean up outside the measurement
      Databases.execute(ds, "VACUUM ANALYZE " + prefix + "sessions");
      Databases.execute(ds, "CHECKPOINT");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      check(last);
      Databases.dropTables(ds, prefix);
      ds.close();
    }
  }

  @Benchmark
  public DeploymentResult deployInMemory(InMemory st) {
    return st.last = st.deploy();
  }

  @Benchmark
  public DeploymentResult deployPostgres(Postgres st) {
    return st.last = st.deploy();
  }
}
