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
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.session.SessionState;
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

  /** How many visits the session's history holds (printed for information; its form may change, issue #22). */
  static int historySize(SessionState s) {
    return s.history().size();
  }

  /**
   * Fails unless {@code s} is where {@link #grow} leaves the session: at {@link #expectedStep}, on version 1, nothing
   * pending, not ended, at {@code revision} (every stored write bumps it by one: {@code visits + 1} after growing it in
   * the store, 1 after inserting a copy). The revision, not the history, proves the visits were stored, so that the
   * check holds whatever form the history takes.
   */
  static SessionState check(SessionState s, int visits, long revision, String label) {
    String expected = expectedStep(visits);
    if (!s.currentStepId().equals(expected) || s.version() != 1 || s.revision() != revision || s.pending() != null
        || s.end() != null) {
      throw new IllegalStateException(label + ": the session should be at '" + expected + "' of version 1 at "
          + "revision " + revision + ", nothing pending and not ended, but is at '" + s.currentStepId()
          + "' of version " + s.version() + " at revision " + s.revision() + ", pending " + s.pending() + ", end "
          + s.end());
    }
    return s;
  }

  /**
   * Starts {@link #SESSION} and advances it {@code visits} times round the cycle; prints its progress to standard
   * error every tenth of the way and at least every 30 s, so that a setup that grows quadratically shows itself.
   *
   * @return the session after the last advance
   */
  static SessionState grow(ScenarioMigration migration, int visits, String label) {
    long started = System.nanoTime();
    SessionState s = migration.startSession(TENANT, SESSION, "c", "web", SCENARIO);
    int tenth = Math.max(1, visits / 10);
    long reported = started;
    for (int i = 1; i <= visits; i++) {
      s = migration.advance(TENANT, SESSION, next(s.currentStepId()));
      long now = System.nanoTime();
      if (visits >= 1_000 && (i % tenth == 0 || now - reported > 30_000_000_000L)) {
        reported = now;
        System.err.printf("%s: %,d of %,d visits after %.1f s%n", label, i, visits, (now - started) / 1e9);
      }
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
      long revision = visits + 1;
      if (copy && ds != null) {
        ScenarioMigration inMemory = ScenarioMigration.builder().config(quiet()).clock(clock()).build();
        inMemory.publish(TENANT, Scenarios.loopV1());
        sessions.insert(check(LongSessions.grow(inMemory, visits, label + " (in memory)"), visits, revision,
            label + " (in memory)"));
        revision = 1;
      } else {
        LongSessions.grow(migration, visits, label);
      }
      SessionState s = check(migration.session(TENANT, SESSION), visits, revision, label);
      System.err.printf("%s: the session's history holds %,d visits%n", label, historySize(s));
      return s;
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
    return MigrationConfig.custom()
        .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build();
  }
}
