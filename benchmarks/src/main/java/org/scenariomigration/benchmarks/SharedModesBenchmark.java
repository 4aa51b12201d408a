package org.scenariomigration.benchmarks;

import java.time.Instant;
import java.util.List;
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
import org.scenariomigration.memory.InMemoryModeStore;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.MigrationMode;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.spi.ModeChange;
import org.scenariomigration.spi.ModeSettings;
import org.scenariomigration.spi.ModeStore;

/**
 * {@code ReconcileBenchmark.unmarked} with modes kept in a store of another process (as the JDBC one is, issue 19):
 * the engine answers from its copy, reading the clock once per message to know whether the copy is due
 * ({@code mode_refresh_seconds}). The store here is the in-memory one behind a wrapper that says it is not in this
 * process, so that only the copy and the clock are measured, not a database.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SharedModesBenchmark {

  /** The in-memory store, as if it were elsewhere. */
  record Elsewhere(ModeStore store) implements ModeStore {
    @Override
    public long revision() {
      return store.revision();
    }

    @Override
    public ModeSettings read() {
      return store.read();
    }

    @Override
    public ModeChange setGlobal(MigrationMode mode, String changedBy, Instant at) {
      return store.setGlobal(mode, changedBy, at);
    }

    @Override
    public ModeChange setTenant(String tenantId, MigrationMode mode, String changedBy, Instant at) {
      return store.setTenant(tenantId, mode, changedBy, at);
    }

    @Override
    public ModeChange setSoftLaunch(Set<String> tenants, String changedBy, Instant at) {
      return store.setSoftLaunch(tenants, changedBy, at);
    }

    @Override
    public List<ModeChange> changes(String tenantId, int limit) {
      return store.changes(tenantId, limit);
    }
  }

  /** An up-to-date session with no marker, the modes in a store of another process. */
  @State(Scope.Benchmark)
  public static class Unmarked {
    ScenarioMigration migration;

    @Setup
    public void setUp() {
      migration = ScenarioMigration.builder().modeStore(new Elsewhere(new InMemoryModeStore()))
          .config(MigrationConfig.custom().logMigrations(false).logGapFills(false).logReRoutes(false)
              .logCheckpointBlocks(false).build()).build();
      migration.publish("t", Scenarios.v1());
      migration.startSession("t", "s", "c", "web", "order-flow");
    }
  }

  @Benchmark
  public Outcome unmarkedWithSharedModes(Unmarked st) {
    return st.migration.reconcile("t", "s");
  }
}
