package org.scenariomigration.benchmarks;

import java.util.Map;
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
import org.openjdk.jmh.annotations.Warmup;
import org.scenariomigration.model.MigrationPlan;
import org.scenariomigration.model.ScenarioVersion;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.spi.InMemoryProfileStore;
import org.scenariomigration.spi.InMemorySessionStore;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.spi.SessionState;

/**
 * The per-message call, on the in-memory stores. {@code unmarked}: an up-to-date session with nothing pending (the
 * cost every host pays on every message). The migrating benchmarks put a freshly marked session back before each
 * invocation and measure one application of the migration.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReconcileBenchmark {

  /** An up-to-date session with no marker. */
  @State(Scope.Benchmark)
  public static class Unmarked {
    ScenarioMigration migration;

    @Setup
    public void setUp() {
      migration = ScenarioMigration.builder().config(MigrationConfig.custom().logging(false, false, false, false)
          .build()).build();
      migration.publish("t", Scenarios.v1());
      migration.startSession("t", "s", "c", "web", "order-flow");
    }
  }

  @Benchmark
  public Outcome unmarked(Unmarked st) {
    return st.migration.reconcile("t", "s");
  }

  /** A session marked by a deployed plan, restored before each invocation. */
  @State(Scope.Thread)
  public static class Marked {
    @Param({"clean_graft", "gap_fill", "re_route"})
    public String kind;

    ScenarioMigration migration;
    InMemorySessionStore sessions;
    SessionState marked;

    @Setup(Level.Trial)
    public void setUp() {
      sessions = new InMemorySessionStore();
      InMemoryProfileStore profiles = new InMemoryProfileStore();
      migration = ScenarioMigration.builder().sessionStore(sessions).profileStore(profiles)
          .config(MigrationConfig.custom().logging(false, false, false, false).build()).build();
      migration.publish("t", Scenarios.v1());
      migration.startSession("t", "s", "c", "web", "order-flow");
      migration.advance("t", "s", "checkout");
      profiles.put("t", "c", new ProfileField("age", 34, "crm", 1.0, null));
      ScenarioVersion v2 = switch (kind) {
        case "clean_graft" -> Scenarios.v2PaymentDownstream();
        case "gap_fill" -> Scenarios.v2AgeInserted();
        default -> Scenarios.v2AgeFork();
      };
      MigrationPlan plan = migration.generatePlan("t", v2, "bench");
      migration.approve("t", plan.id(), "bench");
      migration.deploy("t", plan.id());
      marked = sessions.find("t", "s").orElseThrow();
      if (marked.pending() == null) {
        throw new IllegalStateException("session not marked");
      }
    }

    @Setup(Level.Invocation)
    public void remark() {
      SessionState now = sessions.find("t", "s").orElseThrow();
      sessions.update(marked.withRevision(now.revision()), now.revision());
      marked = sessions.find("t", "s").orElseThrow();
    }
  }

  @Benchmark
  public Outcome migrate(Marked st) {
    return st.migration.reconcile("t", "s");
  }

  static Map<String, Object> unused() {
    return Map.of();
  }
}
