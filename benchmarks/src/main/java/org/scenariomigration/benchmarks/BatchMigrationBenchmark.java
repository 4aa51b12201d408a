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
import org.scenariomigration.jdbc.JdbcStores;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.runtime.BatchReport;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.MigrationOperations;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.spi.SessionStore;

/**
 * Eager batch migration throughput: {@link MigrationOperations#migrateNow} of a deployed clean-graft plan over
 * {@code batchSessions} marked sessions, 500 per page, single shot with fresh stores per iteration. Sessions per
 * second = batchSessions / score.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class BatchMigrationBenchmark {
  @Param({"memory", "h2"})
  public String store;

  @Param({"10000"})
  public int batchSessions;

  ScenarioMigration migration;
  HikariDataSource ds;
  MigrationPlan plan;
  BatchReport last;

  @Setup(Level.Iteration)
  public void setUp() {
    SessionStore sessions;
    ScenarioMigration.Builder b = ScenarioMigration.builder()
        .config(MigrationConfig.custom()
            .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build());
    if (store.equals("memory")) {
      sessions = new InMemorySessionStore();
      b.sessionStore(sessions);
    } else {
      ds = Databases.h2();
      JdbcStores stores = Databases.stores(ds, "sm_");
      sessions = stores.sessionStore();
      b.sessionStore(sessions).scenarioStore(stores.scenarioStore()).planStore(stores.planStore())
          .profileStore(stores.profileStore());
    }
    migration = b.build();
    migration.publish("t", Scenarios.v1());
    Population.insert(sessions, "t", Scenarios.v1(), batchSessions);
    plan = migration.operations().generatePlan("t", Scenarios.v2PaymentDownstream(), "bench");
    migration.operations().approve("t", plan.id(), "bench");
    long marked = migration.operations().deploy("t", plan.id()).sessionsMarked();
    if (marked != batchSessions) {
      throw new IllegalStateException("marked " + marked);
    }
  }

  @TearDown(Level.Iteration)
  public void tearDown() {
    if (last == null || last.migrated() != batchSessions) {
      throw new IllegalStateException("migrated " + (last == null ? 0 : last.migrated()) + " of " + batchSessions
          + (last == null ? "" : ", outcomes " + last.byOutcome()));
    }
    if (ds != null) {
      Databases.shutdownH2(ds);
      ds = null;
    }
  }

  @Benchmark
  public BatchReport migrateNow() {
    return last = migration.operations().migrateNow("t", plan.id(), 500, r -> { });
  }
}
