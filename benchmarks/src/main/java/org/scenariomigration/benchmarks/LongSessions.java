package org.scenariomigration.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.scenariomigration.jdbc.JdbcStores;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.spi.InMemorySessionStore;
import org.scenariomigration.spi.SessionState;
import org.scenariomigration.spi.SessionStore;

/**
 * One long session of issue #22, shared by {@link LongSessionBenchmark} and {@link RowSizes}: a session of
 * {@link Scenarios#loopV1()} started at Welcome and then advanced {@code visits} times round the Checkout → Confirm
 * cycle, with the library's public calls ({@code startSession}, {@code advance}). Its history then holds
 * {@code visits + 1} visits and the session is at Checkout when {@code visits} is odd, at Confirm when it is even.
 */
final class LongSessions {
  static final String TENANT = "t";
  static final String SESSION = "long";
  static final String SCENARIO = "loop-flow";

  private LongSessions() {}

  /**
   * A clock that moves on by 1.234567 s every time it is read: distinct, realistic visit times (microseconds that
   * differ from visit to visit, as a real session's do) at the cost of one atomic increment.
   */
  static final class TickingClock extends Clock {
    private static final long TICK_MICROS = 1_234_567;
    private final Instant start;
    private final AtomicLong ticks = new AtomicLong();

    TickingClock(Instant start) {
      this.start = start;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the benchmark clock has no other zone");
    }

    @Override
    public Instant instant() {
      long t = ticks.getAndIncrement() * TICK_MICROS;
      return start.plusSeconds(t / 1_000_000).plusNanos((t % 1_000_000) * 1_000);
    }
  }

  /** A ticking clock starting at a fixed instant. */
  static Clock clock() {
    return new TickingClock(Instant.parse("2026-01-05T08:00:00Z"));
  }

  /** The step of the cycle after {@code stepId}: Checkout → Confirm, anything else (Welcome, Confirm) → Checkout. */
  static String next(String stepId) {
    return stepId.equals("checkout") ? "confirm" : "checkout";
  }

  /** The step a session advanced {@code visits} times from Welcome is at. */
  static String expectedStep(int visits) {
    return visits == 0 ? "welcome" : visits % 2 == 1 ? "checkout" : "confirm";
  }

  /** How many visits a session's history holds (the one place that reads the history's form). */
  static int historySize(SessionState s) {
    return s.history().size();
  }

  /**
   * Starts {@link #SESSION} and advances it {@code visits} times round the cycle; prints its progress every tenth of
   * the way to standard error, with the rate, so that a setup that grows quadratically shows itself.
   *
   * @return the session after the last advance
   */
  static SessionState grow(ScenarioMigration migration, int visits, String label) {
    long started = System.nanoTime();
    SessionState s = migration.startSession(TENANT, SESSION, "c", "web", SCENARIO);
    int tenth = Math.max(1, visits / 10);
    for (int i = 1; i <= visits; i++) {
      s = migration.advance(TENANT, SESSION, next(s.currentStepId()));
      if (visits >= 1_000 && i % tenth == 0) {
        System.err.printf("%s: %,d of %,d visits after %.1f s%n", label, i, visits,
            (System.nanoTime() - started) / 1e9);
      }
    }
    return s;
  }

  /**
   * Fails unless {@code s} is the session {@link #grow} promises: at {@link #expectedStep}, on version 1, with
   * {@code visits + 1} visits, nothing pending, not ended.
   */
  static SessionState check(SessionState s, int visits, String label) {
    String expected = expectedStep(visits);
    if (!s.currentStepId().equals(expected) || s.version() != 1 || historySize(s) != visits + 1
        || s.pending() != null || s.end() != null) {
      throw new IllegalStateException(label + ": the session should be at '" + expected + "' of version 1 with "
          + (visits + 1) + " visits, nothing pending and not ended, but is at '" + s.currentStepId() + "' of version "
          + s.version() + " with " + historySize(s) + " visits, pending " + s.pending() + ", end " + s.end());
    }
    return s;
  }

  /**
   * An engine with {@link Scenarios#loopV1()} published, on {@code memory} (in-memory stores), {@code h2} (a private
   * in-memory H2) or {@code postgres}/{@code postgresql} (tables under a fresh prefix), with a {@link TickingClock}.
   * {@link #close} drops what it created.
   */
  static final class Engine implements AutoCloseable {
    final String store;
    final ScenarioMigration migration;
    final SessionStore sessions;
    final HikariDataSource ds;
    final String prefix;

    Engine(String store) {
      this.store = store;
      ScenarioMigration.Builder b = ScenarioMigration.builder().config(quiet()).clock(clock());
      switch (store) {
        case "memory" -> {
          ds = null;
          prefix = null;
          sessions = new InMemorySessionStore();
          b.sessionStore(sessions);
        }
        case "h2", "postgres", "postgresql" -> {
          ds = Databases.of(store.equals("h2") ? "h2" : "postgresql");
          prefix = Databases.freshPrefix();
          JdbcStores stores = Databases.stores(ds, prefix);
          sessions = stores.sessionStore();
          b.sessionStore(sessions).scenarioStore(stores.scenarioStore()).planStore(stores.planStore())
              .profileStore(stores.profileStore());
        }
        default -> throw new IllegalArgumentException("store must be memory, h2 or postgres but was " + store);
      }
      migration = b.build();
      migration.publish(TENANT, Scenarios.loopV1());
    }

    /**
     * Grows {@link #SESSION} to {@code visits} advances: by advancing it here, or, with {@code copy} (on a
     * database), by growing it on in-memory stores and inserting the result with one {@link SessionStore#insert}.
     *
     * @return the stored session, checked ({@link #check})
     */
    SessionState grow(int visits, boolean copy, String label) {
      if (copy && ds != null) {
        ScenarioMigration inMemory = ScenarioMigration.builder().config(quiet()).clock(clock()).build();
        inMemory.publish(TENANT, Scenarios.loopV1());
        sessions.insert(LongSessions.grow(inMemory, visits, label + " (in memory)"));
      } else {
        LongSessions.grow(migration, visits, label);
      }
      return check(migration.session(TENANT, SESSION), visits, label);
    }

    @Override
    public void close() {
      if (ds == null) {
        return;
      }
      if (store.equals("h2")) {
        Databases.shutdownH2(ds);
      } else {
        Databases.dropTables(ds, prefix);
        ds.close();
      }
    }
  }

  /** The configuration of the engines here: defaults, with the migration logging off. */
  static MigrationConfig quiet() {
    return MigrationConfig.custom().logging(false, false, false, false).build();
  }
}
