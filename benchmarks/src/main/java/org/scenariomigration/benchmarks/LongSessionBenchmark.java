package org.scenariomigration.benchmarks;

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
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.Reconciled;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.SessionStore;

/**
 * Issue #22: the per-message cost of one session as it ages. One session of {@link Scenarios#loopV1()}, advanced
 * {@code visits} times round its Checkout → Confirm cycle in the trial's setup (so that its history holds
 * {@code visits + 1} visits; {@link LongSessions}), in memory, on an embedded H2 and on PostgreSQL. The goal: both
 * figures flat in {@code visits} (within 1.2× of the 10-visit figure at 1,000 and 100,000).
 *
 * <ul>
 *   <li>{@code reconcileUpToDate}: {@code reconcileWithState} of the up-to-date session, the per-message call (one
 *       read of the session; nothing pending, nothing written).
 *   <li>{@code advance}: {@code advance} to the next step of the cycle (one read and one write). <b>Each operation
 *       adds a visit</b>, so, to keep measuring a session of {@code visits} visits, the session is put back to its
 *       state after the setup every {@code max(1, visits / 100)} operations (a store update in a per-invocation
 *       setup, outside the measurement): the measured session holds {@code visits + 1} to {@code visits * 1.01 + 1}
 *       visits. JMH's per-invocation timing adds a few tens of nanoseconds to every operation, which only matters in
 *       memory.
 * </ul>
 *
 * <p>{@code setup=advance} (default) grows the session with {@code advance} calls on the store under test, as a real
 * session grows. {@code -p setup=copy} grows it in memory and stores the result with one {@code insert} into the
 * store under test, for when growing it on a database takes too long (on the code before the compact history, every
 * advance rewrote the whole history, so 100,000 visits took hours; see {@code benchmarks/README.md}). The clock ticks
 * 1.234567 s per read ({@link LongSessions.TickingClock}). The setup prints how long it took and its progress, and
 * fails the trial unless the session is where it should be, at the revision its writes give it, and its
 * {@code reconcile} answers {@code CONTINUE}.
 *
 * <p>Eight warm-up iterations of 2 s, as {@code JdbcReconcileBenchmark}: on H2 the per-message read was still
 * getting faster after the fifth (from 685 to 30-140 µs/op over 8 iterations on a loaded machine).
 *
 * <p>JDBC tables are created under a fresh prefix ({@code smb<8 hex>_}) and dropped at the end of the trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class LongSessionBenchmark {
  /** {@code memory}, {@code h2} or {@code postgres}. */
  @Param({"memory", "h2", "postgres"})
  public String store;

  /** How many times the session was advanced round the cycle before the measurement. */
  @Param({"10", "1000", "100000"})
  public int visits;

  /** {@code advance}: grown by advancing it on the store under test; {@code copy}: grown in memory, then inserted. */
  @Param({"advance"})
  public String setup;

  LongSessions.Engine engine;
  ScenarioMigration migration;
  SessionStore sessions;
  /** The session as the setup left it: what {@code advance} puts back. */
  SessionState grown;

  @Setup(Level.Trial)
  public void setUp() {
    if (visits < 0) {
      throw new IllegalArgumentException("visits must be 0 or more but was " + visits);
    }
    if (!setup.equals("advance") && !setup.equals("copy")) {
      throw new IllegalArgumentException("setup must be advance or copy but was " + setup);
    }
    engine = new LongSessions.Engine(store);
    migration = engine.migration;
    sessions = engine.sessions;
    String label = "LongSessionBenchmark " + store + ", " + visits + " visits, setup=" + setup;
    long started = System.nanoTime();
    grown = engine.grow(visits, setup.equals("copy"), label);
    Reconciled r = migration.reconcileWithState(LongSessions.TENANT, LongSessions.SESSION);
    if (r.outcome() != Outcome.CONTINUE || r.session().revision() != grown.revision()) {
      throw new IllegalStateException(label + ": the up-to-date session should reconcile to CONTINUE and stay at "
          + "revision " + grown.revision() + " but got " + r.outcome() + " at revision " + r.session().revision());
    }
    System.err.printf("%s: set up in %.1f s%n", label, (System.nanoTime() - started) / 1e9);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }

  /** Puts the session back to {@link #grown} every {@code max(1, visits / 100)} advances; names the next step. */
  @State(Scope.Thread)
  public static class Cycle {
    long advances;
    long putBacks;
    String next;

    @Setup(Level.Invocation)
    public void beforeAdvance(LongSessionBenchmark b) {
      long every = Math.max(1, b.visits / 100);
      if (advances++ % every == 0) {
        SessionState now = b.sessions.findOrNull(LongSessions.TENANT, LongSessions.SESSION);
        b.sessions.update(b.grown.withRevision(now.revision()), now.revision());
        putBacks++;
        next = LongSessions.next(b.grown.currentStepId());
      } else {
        next = LongSessions.next(next);
      }
    }

    /**
     * Fails the trial unless every advance and put-back was stored (each bumps the revision by one) and the session
     * is where the last advance moved it.
     */
    @TearDown(Level.Trial)
    public void afterAdvances(LongSessionBenchmark b) {
      SessionState s = b.sessions.findOrNull(LongSessions.TENANT, LongSessions.SESSION);
      long revision = b.grown.revision() + advances + putBacks;
      if (advances > 0 && (!s.currentStepId().equals(next) || s.revision() != revision)) {
        throw new IllegalStateException("after " + advances + " advances and " + putBacks + " put-backs the "
            + "session should be at '" + next + "' at revision " + revision + " but is at '" + s.currentStepId()
            + "' at revision " + s.revision());
      }
    }
  }

  /** The per-message call on the up-to-date session: {@code reconcileWithState}. */
  @Benchmark
  public Reconciled reconcileUpToDate() {
    return migration.reconcileWithState(LongSessions.TENANT, LongSessions.SESSION);
  }

  /** One {@code advance} to the next step of the cycle: adds a visit (see the class comment for the put-back). */
  @Benchmark
  public SessionState advance(Cycle c) {
    return migration.advance(LongSessions.TENANT, LongSessions.SESSION, c.next);
  }
}
