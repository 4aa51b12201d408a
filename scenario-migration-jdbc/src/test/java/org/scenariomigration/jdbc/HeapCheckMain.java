package org.scenariomigration.jdbc;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.Reconciled;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;

/**
 * Runs long sessions through {@code reconcile}, {@code advance} and a migration on one database, in the heap it is
 * given (the test launches it with {@code -Xmx256m}, {@link BoundedHeapTest}); prints each phase's time and the heap
 * live after it, and a last line {@code HEAP-CHECK OK}. Exits 3 on {@link OutOfMemoryError}.
 *
 * <p>Arguments: {@code h2 <directory>} or {@code postgresql}, then the visits of the long session (on a scenario no
 * plan changes: it goes through reconcile and advance before and after the deployment), the visits of the long
 * session that migrates, the number of other sessions (which migrate) and their visits. The sessions are stored with their histories given
 * as lists of visits (folded into one entry per step, as a row written by an older version is when read: quicker than
 * 100,000 calls of {@code advance}); then each goes through the calls.
 */
final class HeapCheckMain {
  static final String TENANT = "tenant-1";

  private HeapCheckMain() {}

  public static void main(String[] args) throws Exception {
    AtomicLong peak = new AtomicLong();
    String db = args[0];
    int a = db.equals("h2") ? 2 : 1;
    int longVisits = Integer.parseInt(args[a]);
    int migratedVisits = Integer.parseInt(args[a + 1]);
    int sessions = Integer.parseInt(args[a + 2]);
    int visits = Integer.parseInt(args[a + 3]);
    DataSource ds;
    TestDatabase pg = null;
    if (db.equals("h2")) {
      org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
      // H2 runs in this JVM: its page cache (8 MB here) is in the same heap
      h2.setURL("jdbc:h2:file:" + args[1] + "/heap;DB_CLOSE_DELAY=-1;CACHE_SIZE=8192");
      ds = h2;
    } else {
      pg = TestDatabase.postgres();
      ds = pg.dataSource();
    }
    String prefix = TestDatabase.uniquePrefix();
    JdbcStores stores = JdbcStores.builder(ds).tablePrefix(prefix).build();
    try {
      run(stores, longVisits, migratedVisits, sessions, visits, peak);
    } catch (OutOfMemoryError e) {
      System.out.println("HEAP-CHECK OUT OF MEMORY, most heap live after a phase " + mb(peak.get()) + " MB");
      System.out.flush();
      Runtime.getRuntime().halt(3);
    } finally {
      stores.downgradeSchema(0);
      if (pg != null) {
        pg.dropBookkeeping(ds, prefix);
      }
    }
  }

  private static void run(JdbcStores stores, int longVisits, int migratedVisits, int sessions, int visits,
      AtomicLong peak) {
    Fixtures.TestClock clock = new Fixtures.TestClock(Fixtures.T0.plus(Duration.ofDays(30)));
    ScenarioMigration m = ScenarioMigration.builder().stores(stores).clock(clock).build();
    ScenarioVersion v1 = Fixtures.v1();
    ScenarioVersion loop = ScenarioVersion.builder("loop-flow", 1).name("Loop")
        .step(Fixtures.welcome().to("checkout")).step(Fixtures.checkout().to("confirm"))
        .step(Fixtures.confirm().to("checkout")).build();
    m.publish(TENANT, v1);
    m.publish(TENANT, loop);
    Phases phases = new Phases(peak);

    stores.sessionStore().insert(session(loop, "long", history(loop, longVisits)));
    phases.end("store a session of " + longVisits + " visits");
    for (int i = 0; i < 3; i++) {
      check(m.reconcile(TENANT, "long") == Outcome.CONTINUE, "reconcile of the long session continues");
      Reconciled r = m.reconcileWithState(TENANT, "long");
      check(r.session().visitCount() == longVisits + i, "the state counts every visit");
      check(r.session().history().size() <= loop.steps().size(), "the state holds one entry per step");
      m.advance(TENANT, "long", i % 2 == 0 ? "checkout" : "confirm");
    }
    phases.end("3 messages of it: reconcile, reconcileWithState, advance");

    stores.sessionStore().insert(session(v1, "migrated", history(v1, migratedVisits)));
    List<StepVisit> shared = history(v1, visits);
    for (int i = 0; i < sessions; i++) {
      stores.sessionStore().insert(session(v1, "s" + i, shared));
    }
    shared = null;
    phases.end("store a session of " + migratedVisits + " visits and " + sessions + " of " + visits);
    MigrationPlan plan = m.operations().generatePlan(TENANT, Fixtures.v2PaymentDownstream(), "op");
    m.operations().approve(TENANT, plan.id(), "lead");
    m.operations().deploy(TENANT, plan.id());
    phases.end("generate, approve and deploy a plan to v2 (marks " + (sessions + 1) + " sessions)");
    Reconciled moved = m.reconcileWithState(TENANT, "migrated");
    check(moved.outcome() instanceof Outcome.Teleport && moved.session().version() == 2, "it migrates");
    m.advance(TENANT, "migrated", "payment");
    phases.end("migrate the session of " + migratedVisits + " visits at its next message, and advance it");
    for (int i = 0; i < sessions; i++) {
      Reconciled r = m.reconcileWithState(TENANT, "s" + i);
      check(r.outcome() instanceof Outcome.Teleport && r.session().version() == 2, "each migrates");
      m.advance(TENANT, "s" + i, "payment");
    }
    phases.end("migrate each of the " + sessions + " at its next message, and advance it");
    for (int i = 0; i < 3; i++) {
      Reconciled r = m.reconcileWithState(TENANT, "long");
      check(r.outcome() == Outcome.CONTINUE, "the long one continues: " + r.outcome() + " at "
          + r.session().scenarioId() + "@" + r.session().version() + " pending " + r.session().pending());
      m.advance(TENANT, "long", i % 2 == 0 ? "checkout" : "confirm");
    }
    phases.end("3 more messages of the session of " + longVisits + " visits");
    System.out.println(String.format(Locale.ROOT, "HEAP-CHECK OK max heap %d MB, most heap live after a phase %d MB",
        mb(Runtime.getRuntime().maxMemory()), mb(peak.get())));
  }

  /** Visits alternating between checkout and confirm, a second apart, ending on checkout. */
  static List<StepVisit> history(ScenarioVersion v, int visits) {
    Step checkout = v.requireStep("checkout");
    Step confirm = v.requireStep("confirm");
    ImmutableList.Builder<StepVisit> b = ImmutableList.builderWithExpectedSize(visits);
    for (int i = 0; i < visits; i++) {
      b.add(StepVisit.of((visits - 1 - i) % 2 == 0 ? checkout : confirm, Fixtures.T0.plusSeconds(i)));
    }
    return b.build();
  }

  static SessionState session(ScenarioVersion v, String id, List<StepVisit> history) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("name", "Ann");
    vars.put("item", "book");
    return SessionState.builder().tenantId(TENANT).sessionId(id).customerId("c-" + id).channel("web")
        .createdAt(Fixtures.T0).scenarioId(v.scenarioId()).version(v.version()).scenarioChecksum(v.checksum())
        .currentStepId(history.get(history.size() - 1).stepId()).history(history).variables(vars).build();
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError("not so: " + what);
    }
  }

  static long mb(long bytes) {
    return bytes >> 20;
  }

  /** Prints each phase's time and the heap live after it (after a full collection). */
  private static final class Phases {
    private final AtomicLong peak;
    private long started = System.nanoTime();

    Phases(AtomicLong peak) {
      this.peak = peak;
    }

    void end(String what) {
      long ms = (System.nanoTime() - started) / 1_000_000;
      System.gc();
      Runtime rt = Runtime.getRuntime();
      long live = rt.totalMemory() - rt.freeMemory();
      peak.accumulateAndGet(live, Math::max);
      System.out.println(String.format(Locale.ROOT, "%-75s %7d ms, heap live after it %4d MB", what, ms, mb(live)));
      System.out.flush();
      started = System.nanoTime();
    }
  }
}
