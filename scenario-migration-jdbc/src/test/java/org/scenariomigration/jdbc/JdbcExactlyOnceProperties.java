package org.scenariomigration.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.ScenarioGenerators;
import org.scenariomigration.scenario.ScenarioGenerators.Edit;
import org.scenariomigration.scenario.ScenarioJson;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.runtime.SessionGenerators;
import org.scenariomigration.runtime.SessionGenerators.Profiles;
import org.scenariomigration.runtime.SessionGenerators.SessionSpec;
import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.spi.JournalRecord;

/**
 * Exactly-once on H2: several nodes, each a {@link ScenarioMigration} on its own {@link JdbcStores} (own caches, own
 * connections) over one in-memory H2 database, reconcile the same generated sessions at once after a deployment,
 * answering what the migration asks. Every session gets at most one journal record, at most one migration, and every
 * migration is reported to exactly one caller.
 *
 * <p>1,000 tries, like the in-memory properties; each try uses a tenant of its own, so the tries share the schema and the engines without truncating
 * or rebuilding them.
 */
class JdbcExactlyOnceProperties {
  static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");
  static final int NODES = 3;

  static TestDatabase db;
  static DataSource dataSource;
  static JdbcStores owner;
  static String prefix;
  static ExecutorService pool;
  static ScenarioMigration admin;
  static List<ScenarioMigration> nodes;
  static final AtomicInteger TENANTS = new AtomicInteger();

  @BeforeContainer
  static void create_the_schema() {
    db = TestDatabase.h2();
    dataSource = db.dataSource();
    prefix = TestDatabase.uniquePrefix();
    owner = JdbcStores.builder(dataSource).tablePrefix(prefix).build();
    pool = Executors.newFixedThreadPool(NODES);
    // the engines live as long as the class: their caches are keyed by tenant and every try has a tenant of its own
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    admin = node(clock);
    nodes = new ArrayList<>();
    for (int n = 0; n < NODES; n++) {
      nodes.add(node(clock));
    }
  }

  @AfterContainer
  static void drop_the_schema() {
    pool.shutdownNow();
    owner.downgradeSchema(0);
    db.dropBookkeeping(dataSource, prefix);
  }

  /** A source version, its edited successor, sessions on the source and profiles. */
  record World(ScenarioVersion v1, List<Edit> edits, ScenarioVersion v2, List<SessionSpec> sessions,
      Profiles profiles, long seed) {
    @Override
    public String toString() {
      return "World{edits=" + edits + ", seed=" + seed + ",\nsessions=" + sessions + ",\nprofiles=" + profiles
          + ",\nv1=" + ScenarioJson.write(v1) + ",\nv2=" + ScenarioJson.write(v2) + "}";
    }
  }

  @Provide
  Arbitrary<World> worlds() {
    return Combinators.combine(ScenarioGenerators.scenarios(2, 15), ScenarioGenerators.edits().list().ofMinSize(1)
        .ofMaxSize(3), Arbitraries.integers().between(1, 5), Arbitraries.longs())
        .as((v1, edits, n, seed) -> new World(v1, edits, ScenarioGenerators.applyAll(v1, edits),
            SessionGenerators.sessionList(v1, n, seed),
            SessionGenerators.profiles(SessionGenerators.customers(), T0, seed ^ 0x5DEECE66DL), seed));
  }

  static ScenarioMigration node(Clock clock) {
    JdbcStores s = JdbcStores.builder(dataSource).tablePrefix(prefix).dialect(owner.dialect()).createSchema(false)
        .build();
    return ScenarioMigration.builder().clock(clock)
        .config(MigrationConfig.custom()
            .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build())
        .sessionStore(s.sessionStore()).scenarioStore(s.scenarioStore()).planStore(s.planStore())
        .profileStore(s.profileStore()).build();
  }

  @Property(tries = 1000)
  void nodes_reconciling_at_once_apply_each_migration_exactly_once_with_one_journal_record(
      @ForAll("worlds") World w) throws Exception {
    String tenant = "tenant-" + TENANTS.incrementAndGet();
    admin.publish(tenant, w.v1());
    SessionGenerators.insertAll(owner.sessionStore(), tenant, w.v1(), T0, w.sessions());
    w.profiles().putInto(owner.profileStore(), tenant);
    MigrationPlan plan = admin.operations().generatePlan(tenant, w.v2(), "op@example.com");
    admin.operations().approve(tenant, plan.id(), "lead@example.com");
    admin.operations().deploy(tenant, plan.id());

    CountDownLatch ready = new CountDownLatch(NODES);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Outcome>>> futures = new ArrayList<>();
    for (int n = 0; n < NODES; n++) {
      ScenarioMigration node = nodes.get(n);
      List<SessionSpec> order = new ArrayList<>(w.sessions());
      Collections.shuffle(order, new Random(w.seed() + n));
      Callable<List<Outcome>> task = () -> {
        ready.countDown();
        start.await();
        List<Outcome> out = new ArrayList<>();
        for (SessionSpec s : order) {
          out.add(drive(node, tenant, s.sessionId()));
        }
        return out;
      };
      futures.add(pool.submit(task));
    }
    ready.await();
    start.countDown();
    long moves = 0;
    // an owed move is offered to every node until one acknowledges it: it counts once, by its effect id
    java.util.Set<String> owedMoves = new java.util.HashSet<>();
    for (Future<List<Outcome>> f : futures) {
      for (Outcome o : f.get(60, TimeUnit.SECONDS)) {
        Statistics.label("outcomes").collect(o.kind().jsonName());
        if ((o instanceof Outcome.Teleport || o instanceof Outcome.ExecuteActions) && o.effectId() != null) {
          owedMoves.add(o.effectId());
        } else if (o instanceof Outcome.Teleport || o instanceof Outcome.ExecuteActions) {
          moves++;
        }
      }
    }
    moves += owedMoves.size();
    // every node drives every session: one moves it (a teleport, a few times actions), the others then continue
    Statistics.label("outcomes").coverage(c -> {
      c.check("continue").percentage(p -> p >= 40);
      c.check("teleport").percentage(p -> p >= 10);
      c.check("execute_actions").percentage(p -> p >= 1);
    });

    long applied = 0;
    for (SessionSpec s : w.sessions()) {
      List<JournalRecord> all = owner.sessionStore().forSession(tenant, s.sessionId());
      List<JournalRecord> journal = all.stream().filter(r -> r.kind() != JournalRecord.Kind.EFFECT_RETIRED).toList();
      assertThat(journal).as("journal of %s", s.sessionId()).hasSizeLessThanOrEqualTo(1);
      long migrated = journal.stream().filter(r -> r.kind() == JournalRecord.Kind.MIGRATED
          || r.kind() == JournalRecord.Kind.RELOCATED).count();
      applied += migrated;
      if (migrated == 1) {
        assertThat(admin.session(tenant, s.sessionId()).version()).isEqualTo(w.v2().version());
      }
      assertThat(admin.reconcile(tenant, s.sessionId())).isEqualTo(Outcome.CONTINUE);
      assertThat(owner.sessionStore().forSession(tenant, s.sessionId())).isEqualTo(all);
    }
    assertThat(moves).as("migrations reported to the nodes").isEqualTo(applied);
    assertThat(admin.operations().deploymentStatus(tenant, plan.id()).migrationsPending()).isZero();
  }

  /**
   * Reconciles until the outcome is neither collect nor confirm, answering both, and acknowledges what it was owed; a
   * message that lost too many races is retried, as a host would.
   */
  static Outcome drive(ScenarioMigration node, String tenant, String sessionId) {
    for (int i = 0; i < 40; i++) {
      try {
        Outcome o = node.reconcile(tenant, sessionId);
        Map<String, Object> answers = new LinkedHashMap<>();
        if (o instanceof Outcome.Collect c) {
          c.fields().forEach(f -> answers.put(f, Math.floorMod((sessionId + "/" + f).hashCode(), 10)));
        } else if (o instanceof Outcome.Confirm c) {
          answers.put(c.field(), c.value());
        } else {
          if (o.effectId() != null) {
            node.acknowledge(tenant, sessionId, o.effectId()); // false when another node acknowledged it first
          }
          return o;
        }
        node.setVariables(tenant, sessionId, answers);
      } catch (ConcurrentUpdateException e) {
        // lost the race too often: the next message retries
      }
    }
    throw new AssertionError("session " + sessionId + " never settled");
  }
}
