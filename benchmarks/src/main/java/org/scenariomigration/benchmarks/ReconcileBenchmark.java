package org.scenariomigration.benchmarks;

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
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.session.SessionState;

/**
 * The per-message call, on the in-memory stores. {@code unmarked}: an up-to-date session with nothing pending (the
 * cost every host pays on every message). The migrating benchmarks put a freshly marked session back before each
 * call and measure one application of the migration (minus the {@code remarkOnly} baseline): {@code clean_graft} (a step inserted downstream),
 * {@code gap_fill} (a collected field inserted upstream, filled from the profile), {@code re_route} (a fork inserted
 * upstream, its conditions evaluated on the profile value) and {@code composite} (a session on v1 migrated to v3
 * through two deployed plans). Run with {@code -prof gc} for B/op.
 *
 * <p>The in-memory journal keeps every record (about 0.5 kB each with its before and after states). One session
 * migrated half a million times a second piles up millions of records in one store, and copying that ever-growing
 * heap structure was half the measured time: a cost of this benchmark's workload, not of a message. With
 * {@code journal=bounded} (the default) the session lives in a fresh {@link InMemorySessionStore} every
 * {@value #STORE_GENERATION} migrations (through {@link GenerationalSessionStore}, a thin delegating adapter), so
 * the measurement is the library's work plus the in-memory store's own writes; {@code -p journal=growing} keeps one
 * store per iteration, as before, to show the retention cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReconcileBenchmark {
  /** Migrations per in-memory store generation with {@code journal=bounded}. */
  static final int STORE_GENERATION = 8192;

  /** An up-to-date session with no marker. */
  @State(Scope.Benchmark)
  public static class Unmarked {
    ScenarioMigration migration;

    @Setup
    public void setUp() {
      migration = ScenarioMigration.builder().config(MigrationConfig.custom()
          .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false)
          .build()).build();
      migration.publish("t", Scenarios.v1());
      migration.startSession("t", "s", "c", "web", "order-flow");
    }
  }

  @Benchmark
  public Outcome unmarked(Unmarked st) {
    return st.migration.reconcile("t", "s");
  }

  /**
   * The host loop's call: {@code reconcileWithState} of the same session, the host reading the outcome and the state
   * (the state it needs to handle the message, with no {@code session} call).
   */
  @Benchmark
  public void unmarkedWithState(Unmarked st, org.openjdk.jmh.infra.Blackhole bh) {
    org.scenariomigration.runtime.Reconciled r = st.migration.reconcileWithState("t", "s");
    bh.consume(r.outcome());
    bh.consume(r.session());
  }

  /**
   * A session covered by a deployed plan and not judged yet (before issue #17: marked by it), put back before each
   * invocation.
   */
  @State(Scope.Thread)
  public static class Marked {
    @Param({"clean_graft", "gap_fill", "re_route", "composite"})
    public String kind;

    /** {@code bounded}: a fresh store every {@value #STORE_GENERATION} migrations; {@code growing}: one per iteration. */
    @Param({"bounded"})
    public String journal;

    ScenarioMigration migration;
    GenerationalSessionStore sessions;
    SessionState marked;
    int sinceSwap;

    // fresh stores every iteration: the in-memory journal keeps a record per migration
    @Setup(Level.Iteration)
    public void setUp() {
      if (!journal.equals("bounded") && !journal.equals("growing")) {
        throw new IllegalArgumentException("journal must be bounded or growing but was " + journal);
      }
      sessions = new GenerationalSessionStore();
      InMemoryProfileStore profiles = new InMemoryProfileStore();
      migration = ScenarioMigration.builder().sessionStore(sessions).profileStore(profiles)
          .config(MigrationConfig.custom()
              .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build()).build();
      migration.publish("t", Scenarios.v1());
      migration.startSession("t", "s", "c", "web", "order-flow");
      migration.advance("t", "s", "checkout");
      // under 18 the fork diverts to Rejection: a real re-route (at 34 the conditions send it on to Checkout)
      profiles.put("t", "c", new ProfileField("age", kind.equals("re_route") ? 15 : 34, "crm", 1.0, null));
      ScenarioVersion v2 = switch (kind) {
        case "clean_graft", "composite" -> Scenarios.v2PaymentDownstream();
        case "gap_fill" -> Scenarios.v2AgeInserted();
        case "re_route" -> Scenarios.v2AgeFork();
        default -> throw new IllegalArgumentException(kind);
      };
      MigrationPlan plan = migration.operations().generatePlan("t", v2, "bench");
      migration.operations().approve("t", plan.id(), "bench");
      migration.operations().deploy("t", plan.id());
      if (kind.equals("composite")) {
        // v2 -> v3 deployed while the session still waits on v1 with its v1 -> v2 marker: one migration v1 -> v3
        MigrationPlan second = migration.operations().generatePlan("t", Scenarios.v3ReceiptDownstream(), "bench");
        migration.operations().approve("t", second.id(), "bench");
        migration.operations().deploy("t", second.id());
      }
      // (issue #17) the deploy wrote no marker: the session is covered by the deployment and judged at its next
      // message, so putting back this state (on version 1, unpinned) makes every reconcile a first one
      marked = sessions.find("t", "s").orElseThrow();
      if (marked.pending() != null || migration.pendingMigration("t", "s").isEmpty()) {
        throw new IllegalStateException("session not covered by the deployment, or marked: " + marked);
      }
      // the benchmark measures what it claims: one trial application
      Outcome o = migration.reconcile("t", "s");
      String expected = kind.equals("composite") ? "clean_graft" : kind;
      if (!(o instanceof Outcome.Teleport tp) || !tp.reason().jsonName().equals(expected)) {
        throw new IllegalStateException(kind + ": expected a teleport by " + expected + " but got " + o);
      }
    }

    /**
     * Puts the covered session back (one find and one update of the in-memory store); with {@code journal=bounded},
     * every {@value #STORE_GENERATION} calls into a fresh store holding only the session.
     */
    SessionState remark() {
      if (++sinceSwap == STORE_GENERATION && journal.equals("bounded")) {
        sinceSwap = 0;
        return sessions.nextGeneration(marked);
      }
      SessionState now = sessions.find("t", "s").orElseThrow();
      return sessions.update(marked.withRevision(now.revision()), now.revision());
    }
  }

  /**
   * Re-marks the session and applies the migration. A per-invocation setup would cost more than the operation, so the
   * re-marking is part of the measurement: the migration alone is this minus {@link #remarkOnly} (time and B/op).
   */
  @Benchmark
  public Outcome migrate(Marked st) {
    st.remark();
    return st.migration.reconcile("t", "s");
  }

  /** The re-marking alone: the baseline to subtract from {@link #migrate}. */
  @Benchmark
  public SessionState remarkOnly(Marked st) {
    return st.remark();
  }

  /** Covered sessions per iteration of {@link #firstReconcile}. */
  static final int FIRST_POOL = 20_000;

  /**
   * (issue #17) {@value ReconcileBenchmark#FIRST_POOL} sessions waiting at Checkout of version 1, all covered by a deployment of a
   * clean-graft plan (Payment inserted downstream) and none judged yet: fresh in-memory stores every iteration, the
   * sessions inserted and the plan deployed in the iteration's setup, outside the measurement.
   */
  @State(Scope.Thread)
  public static class Covered {
    ScenarioMigration migration;
    String[] ids;
    Outcome[] outcomes;

    @Setup(Level.Iteration)
    public void setUp() {
      InMemorySessionStore sessions = new InMemorySessionStore();
      migration = ScenarioMigration.builder().sessionStore(sessions)
          .config(MigrationConfig.custom()
              .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build()).build();
      ScenarioVersion v1 = Scenarios.v1();
      migration.publish("t", v1);
      java.time.Instant now = java.time.Instant.now();
      ids = new String[FIRST_POOL];
      for (int i = 0; i < FIRST_POOL; i++) {
        ids[i] = Population.sessionId(i);
        sessions.insert(Population.session("t", ids[i], v1, "checkout", now));
      }
      MigrationPlan plan = migration.operations().generatePlan("t", Scenarios.v2PaymentDownstream(), "bench");
      migration.operations().approve("t", plan.id(), "bench");
      long covered = migration.operations().deploy("t", plan.id()).sessionsMarked();
      if (covered != FIRST_POOL) {
        throw new IllegalStateException("the deployment covers " + covered + " of " + FIRST_POOL + " sessions");
      }
      if (sessions.findOrNull("t", ids[0]).version() != 1 || sessions.findOrNull("t", ids[0]).pending() != null) {
        throw new IllegalStateException("the deploy wrote a session");
      }
      outcomes = new Outcome[FIRST_POOL];
      System.gc();
    }

    /** Every session moved by a clean graft, at its first reconcile, and now up to date on version 2. */
    @TearDown(Level.Iteration)
    public void check() {
      for (int i = 0; i < ids.length; i++) {
        if (!(outcomes[i] instanceof Outcome.Teleport tp) || tp.reason() != Outcome.TeleportReason.CLEAN_GRAFT) {
          throw new IllegalStateException(ids[i] + ": expected a clean-graft teleport but got " + outcomes[i]);
        }
        if (migration.session("t", ids[i]).version() != 2) {
          throw new IllegalStateException(ids[i] + " is not on version 2 after its first reconcile");
        }
      }
    }
  }

  /**
   * (issue #17) The first reconcile of a session covered by a deployment: the fast path's miss, the judgement (the
   * deployment's scope and rollout, {@code MarkCriteria.matches}) and the clean graft (revision-checked update plus
   * journal record), each call on the next session of the pool. Single shot over the whole pool, reported per session.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @OperationsPerInvocation(FIRST_POOL)
  @Warmup(iterations = 20)
  @Measurement(iterations = 20)
  public Outcome[] firstReconcile(Covered st) {
    ScenarioMigration m = st.migration;
    String[] ids = st.ids;
    Outcome[] out = st.outcomes;
    for (int i = 0; i < ids.length; i++) {
      out[i] = m.reconcile("t", ids[i]);
    }
    return out;
  }
}
