package org.scenariomigration.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.jdbc.Fixtures.T0;
import static org.scenariomigration.spi.StoreFixtures.NASTY;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scenariomigration.Ids;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.runtime.BatchReport;
import org.scenariomigration.runtime.DeploymentStatus;
import org.scenariomigration.runtime.LookAlikeTenants;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.RollbackReport;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.spi.CurrentVersion;
import org.scenariomigration.spi.DuplicateRecordException;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.LookAlikeIds;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.PlanStoreContract;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.spi.ProfileStoreContract;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.spi.ScenarioStoreContract;
import org.scenariomigration.spi.SessionCommit;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.SessionStoreContract;
import org.scenariomigration.spi.StoreFixtures;
import org.scenariomigration.spi.UnsupportedValueException;
import org.scenariomigration.spi.UnsupportedValues;
import org.scenariomigration.session.VariableValues;
import org.scenariomigration.spi.VisitLog;
import org.scenariomigration.spi.VisitLogContract;

/**
 * The test base every database runs (db-scheduler style): one concrete subclass per database supplies
 * {@link #database()}, and this class runs the core contract suites, the multi-node, end-to-end, fault and schema
 * tests against it. The schema lives under a table prefix unique to the run, created before the first test and
 * dropped after the last; every contract test starts from empty tables. The suites are abstract inner classes that
 * each database's class runs as {@code @Nested} classes of its own, so that test reports name the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CompatibilityTest {
  static final String TENANT = "tenant-1";

  /** The database under test. */
  protected abstract TestDatabase database();

  TestDatabase db;
  /** The data source the stores get. */
  DataSource dataSource;
  /** The data source of the tests' own SQL, with auto-commit on. */
  DataSource plain;
  String prefix;
  JdbcStores owner;

  String unreachable;

  @BeforeAll
  void create_the_schema_under_a_prefix_of_this_run() {
    db = database();
    unreachable = db.unreachableReason();
    if (unreachable != null) {
      return;
    }
    plain = db.dataSource();
    dataSource = autoCommitOff() ? Proxies.autoCommitOff(plain) : plain;
    prefix = TestDatabase.uniquePrefix();
    owner = builder(dataSource).tablePrefix(prefix).build();
  }

  /** Every test of an unreachable database is reported as skipped, so that a run without it still says so. */
  @BeforeEach
  void skip_when_the_database_is_unreachable() {
    Assumptions.assumeTrue(unreachable == null, unreachable);
  }

  @AfterAll
  void drop_the_schema_of_this_run() {
    if (owner != null) {
      owner.downgradeSchema(0);
      db.dropBookkeeping(plain, prefix);
    }
  }

  /**
   * Whether the stores get their connections with auto-commit off, from a pool configured so and no transaction
   * manager (db-scheduler's no-autocommit variant): they are built with {@code commitWhenAutoCommitOff(true)} and must
   * commit their own work. {@code false} here: connections come with auto-commit on.
   */
  protected boolean autoCommitOff() {
    return false;
  }

  /** A new data source as the stores get it (another node's pool). */
  DataSource newDataSource() {
    return autoCommitOff() ? Proxies.autoCommitOff(db.dataSource()) : db.dataSource();
  }

  /** A builder of stores on {@code ds}, committing their work on connections that come with auto-commit off. */
  JdbcStores.Builder builder(DataSource ds) {
    return JdbcStores.builder(ds).commitWhenAutoCommitOff(autoCommitOff());
  }

  /** Stores over empty tables, with fresh caches. */
  JdbcStores freshStores() {
    db.truncate(plain, prefix);
    return stores(dataSource);
  }

  /** Stores over the run's schema on another data source (another node). */
  JdbcStores stores(DataSource ds) {
    return builder(ds).tablePrefix(prefix).dialect(owner.dialect()).createSchema(false).build();
  }

  static ScenarioMigration engine(JdbcStores s, Fixtures.TestClock clock) {
    return ScenarioMigration.builder().clock(clock).sessionStore(s.sessionStore()).scenarioStore(s.scenarioStore())
        .planStore(s.planStore()).profileStore(s.profileStore()).build();
  }

  // ------------------------------------------------------------------------------------------- core contracts

  abstract class SessionStoreSuite extends SessionStoreContract {
    @Override
    protected Stores newStores() {
      JdbcStores s = freshStores();
      return new Stores(s.sessionStore(), s.sessionStore());
    }
  }

  abstract class VisitLogSuite extends VisitLogContract {
    @Override
    protected VisitLog newLog() {
      return freshStores().visitLog();
    }
  }

  abstract class ScenarioStoreSuite extends ScenarioStoreContract {
    @Override
    protected ScenarioStore newStore() {
      return freshStores().scenarioStore();
    }

    /** Two nodes: stores of their own (their own caches) on the run's schema. */
    @Override
    protected List<ScenarioStore> twoNodes(java.time.Clock clock, Duration ttl) {
      List<ScenarioStore> out = new ArrayList<>();
      for (int n = 0; n < 2; n++) {
        out.add(builder(dataSource).tablePrefix(prefix).dialect(owner.dialect()).createSchema(false)
            .clock(clock).currentVersionCacheTtl(ttl).build().scenarioStore());
      }
      return out;
    }
  }

  abstract class PlanStoreSuite extends PlanStoreContract {
    @Override
    protected PlanStore newStore() {
      return freshStores().planStore();
    }
  }

  abstract class ProfileStoreSuite extends ProfileStoreContract {
    @Override
    protected ProfileStore newStore() {
      return freshStores().profileStore();
    }
  }

  // ------------------------------------------------------------------------------------------- the library on it

  abstract class ThroughScenarioMigrationTests {

    @Test
    void the_seed_flow_publish_start_plan_approve_deploy_reconcile_and_roll_back_runs_on_the_database() {
      JdbcStores s = freshStores();
      Fixtures.TestClock clock = new Fixtures.TestClock(T0);
      ScenarioMigration m = engine(s, clock);

      m.publish(TENANT, Fixtures.v1());
      m.startSession(TENANT, "session-42", "customer-7", "whatsapp", "order-flow");
      m.advance(TENANT, "session-42", "checkout");
      m.startSession(TENANT, "session-43", "customer-8", "sms", "order-flow");
      s.profileStore().put(TENANT, "customer-7", new ProfileField("age", 34, "crm", 1.0, null));
      clock.advance(Duration.ofMinutes(5));
      MigrationPlan plan = m.operations().generatePlan(TENANT, Fixtures.v2AgeInserted(), "operator@example.com");
      m.operations().approve(TENANT, plan.id(), "lead@example.com");
      assertThat(m.operations().deploy(TENANT, plan.id()).sessionsMarked()).isEqualTo(2);
      assertThat(m.currentVersion(TENANT, "order-flow").version()).isEqualTo(2);

      Outcome outcome = m.reconcile(TENANT, "session-42");

      assertThat(outcome).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));
      SessionState migrated = m.session(TENANT, "session-42");
      assertThat(migrated.version()).isEqualTo(2);
      assertThat(migrated.variables()).containsEntry("age", 34L);
      assertThat(migrated.settledPlans()).contains(plan.id());
      assertThat(m.reconcile(TENANT, "session-42")).isSameAs(Outcome.CONTINUE);
      List<JournalRecord> journal = m.journal(TENANT, "session-42");
      assertThat(journal).extracting(JournalRecord::kind).containsExactly(JournalRecord.Kind.MIGRATED);
      assertThat(journal.get(0).migrationScenario()).isEqualTo(MigrationScenario.GAP_FILL);
      assertThat(journal.get(0).filledFields()).containsExactly(
          new FilledField("age", 34, FilledField.Source.PROFILE, 1.0));
      DeploymentStatus status = m.operations().deploymentStatus(TENANT, plan.id());
      assertThat(status.migrationsApplied()).isEqualTo(1);
      assertThat(status.migrationsPending()).isEqualTo(1);

      RollbackReport rollback = m.operations().rollback(TENANT, plan.id());
      assertThat(rollback.sessionsToRestore()).containsExactly("session-42");
      assertThat(m.reconcile(TENANT, "session-42")).isEqualTo(new Outcome.Teleport("checkout", 1, Outcome.TeleportReason.ROLLBACK, null));
      assertThat(m.session(TENANT, "session-42").version()).isEqualTo(1);
      assertThat(m.journal(TENANT, "session-42")).extracting(JournalRecord::kind)
          .containsExactly(JournalRecord.Kind.MIGRATED, JournalRecord.Kind.ROLLED_BACK);
      assertThat(m.operations().plan(TENANT, plan.id()).status()).isEqualTo(PlanStatus.ROLLED_BACK);
      assertThat(m.session(TENANT, "session-43").pending()).isNull();
    }

    @Test
    void look_alike_tenants_with_the_same_scenario_and_session_ids_never_touch_each_other() {
      for (List<String> pair : LookAlikeTenants.PAIRS) {
        LookAlikeTenants.check(engine(freshStores(), new Fixtures.TestClock(T0)), pair.get(0), pair.get(1));
      }
    }

    /**
     * Publishes v1, starts {@code count} sessions (ids from {@code id}, channels alternating web and app) and moves
     * them to checkout, then approves and deploys the plan to v2 (Payment inserted downstream), which marks them all.
     */
    private MigrationPlan deployedAtCheckout(ScenarioMigration admin, java.util.function.IntFunction<String> id,
        int count) {
      admin.publish(TENANT, Fixtures.v1());
      for (int i = 0; i < count; i++) {
        admin.startSession(TENANT, id.apply(i), "customer-" + i, i % 2 == 0 ? "web" : "app", "order-flow");
        admin.advance(TENANT, id.apply(i), "checkout");
      }
      MigrationPlan plan = admin.operations().generatePlan(TENANT, Fixtures.v2PaymentDownstream(), "op@example.com");
      admin.operations().approve(TENANT, plan.id(), "lead@example.com");
      assertThat(admin.operations().deploy(TENANT, plan.id()).sessionsMarked()).isEqualTo(count);
      return plan;
    }

    @Test
    void several_nodes_each_on_its_own_connection_apply_each_marked_session_exactly_once() throws Exception {
      JdbcStores s = freshStores();
      Fixtures.TestClock clock = new Fixtures.TestClock(T0);
      ScenarioMigration admin = engine(s, clock);
      int sessions = 12;
      MigrationPlan plan = deployedAtCheckout(admin, i -> "s" + i, sessions);

      int nodes = 6;
      List<Connection> connections = new ArrayList<>();
      List<Callable<List<Outcome>>> work = new ArrayList<>();
      try {
        for (int n = 0; n < nodes; n++) {
          Connection own = newDataSource().getConnection();
          connections.add(own);
          ScenarioMigration node = engine(stores(Proxies.single(own)), clock);
          int offset = n;
          work.add(() -> {
            List<Outcome> out = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
              for (int i = 0; i < sessions; i++) {
                out.add(node.reconcile(TENANT, "s" + ((i + offset) % sessions)));
              }
            }
            return out;
          });
        }
        List<Outcome> outcomes = runAtOnce(work).stream().flatMap(List::stream).toList();

        assertThat(outcomes).filteredOn(o -> o.kind() == Outcome.Kind.TELEPORT).hasSize(sessions);
        assertThat(outcomes).filteredOn(o -> o.kind() != Outcome.Kind.TELEPORT)
            .allSatisfy(o -> assertThat(o).isSameAs(Outcome.CONTINUE));
      } finally {
        for (Connection c : connections) {
          c.close();
        }
      }
      for (int i = 0; i < sessions; i++) {
        assertThat(s.sessionStore().forSession(TENANT, "s" + i)).as("s" + i).extracting(JournalRecord::kind)
            .containsExactly(JournalRecord.Kind.MIGRATED);
        assertThat(admin.session(TENANT, "s" + i).version()).isEqualTo(2);
      }
      assertThat(admin.operations().deploymentStatus(TENANT, plan.id()).migrationsPending()).isZero();
      assertThat(s.sessionStore().summarize(TENANT, plan.id()).count(JournalRecord.Kind.MIGRATED))
          .isEqualTo(sessions);
    }

    @Test
    void eager_batch_migration_pages_through_the_marked_sessions_on_two_nodes_at_once() throws Exception {
      JdbcStores s = freshStores();
      Fixtures.TestClock clock = new Fixtures.TestClock(T0);
      ScenarioMigration admin = engine(s, clock);
      MigrationPlan plan = deployedAtCheckout(admin, i -> "b" + i, 9);
      ScenarioMigration other = engine(stores(newDataSource()), clock);

      List<Long> migrated = runAtOnce(List.<Callable<Long>>of(
          () -> admin.operations().migrateNow(TENANT, plan.id(), 2, r -> { }).migrated(),
          () -> other.operations().migrateNow(TENANT, plan.id(), 2, r -> { }).migrated()));

      assertThat(migrated.get(0) + migrated.get(1)).isEqualTo(9);
      assertThat(admin.operations().deploymentStatus(TENANT, plan.id()).migrationsPending()).isZero();
      assertThat(s.sessionStore().forPlan(TENANT, plan.id())).hasSize(9);
    }

    /** A node: stores of its own (its own caches) on the run's schema, on the test's clock. */
    private ScenarioMigration node(Fixtures.TestClock clock) {
      JdbcStores s = builder(newDataSource()).tablePrefix(prefix).dialect(owner.dialect())
          .createSchema(false).clock(clock).build();
      return engine(s, clock);
    }

    @Test
    void a_deployment_on_one_node_migrates_every_session_another_node_warmed_at_its_first_message_exactly_once() {
      JdbcStores s = freshStores();
      Fixtures.TestClock clock = new Fixtures.TestClock(T0);
      ScenarioMigration a = node(clock);
      ScenarioMigration b = node(clock);
      a.publish(TENANT, Fixtures.v1());
      for (int i = 0; i < 20; i++) {
        a.startSession(TENANT, "w" + i, "c" + i, "web", "order-flow");
        a.advance(TENANT, "w" + i, "checkout");
        assertThat(b.reconcile(TENANT, "w" + i)).isSameAs(Outcome.CONTINUE); // B's caches now hold version 1
      }
      MigrationPlan plan = a.operations().generatePlan(TENANT, Fixtures.v2PaymentDownstream(), "op");
      a.operations().approve(TENANT, plan.id(), "lead");
      assertThat(a.operations().deploy(TENANT, plan.id()).sessionsMarked()).isEqualTo(20);

      // the deploy wrote no session: B's cache still says version 1 is current, so within its time to live (1 s by
      // default) B continues and writes nothing; the first message after it migrates, once; later messages continue
      clock.advance(Duration.ofMillis(900));
      for (int i = 0; i < 20; i++) {
        assertThat(b.reconcile(TENANT, "w" + i)).as("w" + i).isSameAs(Outcome.CONTINUE);
        assertThat(s.sessionStore().forSession(TENANT, "w" + i)).isEmpty();
      }
      clock.advance(Duration.ofMillis(101));
      for (int i = 0; i < 20; i++) {
        assertThat(b.reconcile(TENANT, "w" + i)).as("w" + i).isEqualTo(new Outcome.Teleport("checkout", 2,
            Outcome.TeleportReason.CLEAN_GRAFT, null));
      }
      clock.advance(Duration.ofSeconds(6));
      for (int i = 0; i < 20; i++) {
        assertThat(b.reconcile(TENANT, "w" + i)).isSameAs(Outcome.CONTINUE);
        assertThat(s.sessionStore().forSession(TENANT, "w" + i)).extracting(JournalRecord::kind)
            .containsExactly(JournalRecord.Kind.MIGRATED);
      }
      DeploymentStatus status = a.operations().deploymentStatus(TENANT, plan.id());
      assertThat(status.sessionsMarked()).isEqualTo(20);
      assertThat(status.migrationsApplied()).isEqualTo(20);
      assertThat(status.migrationsPending()).isZero();
    }

    @Test
    void a_rollout_widened_on_one_node_judges_again_the_sessions_another_node_pinned_once_its_cache_lives_out() {
      JdbcStores s = freshStores();
      Fixtures.TestClock clock = new Fixtures.TestClock(T0);
      ScenarioMigration a = node(clock);
      ScenarioMigration b = node(clock);
      a.publish(TENANT, Fixtures.v1());
      List<String> out = new java.util.ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String id = "r" + i;
        a.startSession(TENANT, id, "c" + i, "web", "order-flow");
        a.advance(TENANT, id, "checkout");
        if (org.scenariomigration.spi.Rollout.bucket(id) >= 20) {
          out.add(id);
        }
      }
      assertThat(out).isNotEmpty();
      MigrationPlan plan = a.operations().generatePlan(TENANT, Fixtures.v2PaymentDownstream(), "op");
      a.operations().approve(TENANT, plan.id(), "lead");
      a.operations().deploy(TENANT, plan.id(), 20);
      // B judges the sessions the 20 % leaves out: pinned at this deployment generation, then the fast path
      for (String id : out) {
        assertThat(b.reconcile(TENANT, id)).isSameAs(Outcome.CONTINUE);
      }
      Map<String, SessionState> pinned = new java.util.HashMap<>();
      for (String id : out) {
        SessionState p = s.sessionStore().find(TENANT, id).orElseThrow();
        assertThat(p.pinned()).as(id).isTrue();
        pinned.put(id, p);
      }

      assertThat(a.operations().widenRollout(TENANT, plan.id(), 100).sessionsMarked()).isEqualTo(out.size());

      // the widening wrote no session; within B's cache time to live B continues and writes nothing
      clock.advance(Duration.ofMillis(900));
      for (String id : out) {
        assertThat(b.reconcile(TENANT, id)).isSameAs(Outcome.CONTINUE);
        assertThat(s.sessionStore().find(TENANT, id)).contains(pinned.get(id));
      }
      clock.advance(Duration.ofMillis(101));
      for (String id : out) {
        assertThat(b.reconcile(TENANT, id)).as(id).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.CLEAN_GRAFT,
            null));
        assertThat(b.reconcile(TENANT, id)).isSameAs(Outcome.CONTINUE);
        assertThat(s.sessionStore().forSession(TENANT, id)).extracting(JournalRecord::kind)
            .containsExactly(JournalRecord.Kind.PINNED, JournalRecord.Kind.MIGRATED);
      }
      assertThat(a.operations().deploymentStatus(TENANT, plan.id()).migrationsApplied()).isEqualTo(out.size());
    }

    @Test
    void a_version_made_current_on_one_node_moves_nothing_on_another_until_its_cache_lives_out_and_then_once() {
      JdbcStores s = freshStores();
      Fixtures.TestClock clock = new Fixtures.TestClock(T0);
      ScenarioMigration a = node(clock);
      ScenarioMigration b = node(clock);
      a.publish(TENANT, Fixtures.v1());
      a.startSession(TENANT, "s1", "c1", "web", "order-flow");
      a.advance(TENANT, "s1", "checkout");
      assertThat(b.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
      SessionState before = s.sessionStore().find(TENANT, "s1").orElseThrow();
      a.publish(TENANT, Fixtures.v2PaymentDownstream());
      a.operations().makeCurrent(TENANT, "order-flow", 2);

      // within B's cache time to live (1 s by default): B may only continue, and writes nothing
      clock.advance(Duration.ofMillis(900));
      assertThat(b.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
      assertThat(s.sessionStore().find(TENANT, "s1")).contains(before);
      assertThat(s.sessionStore().forSession(TENANT, "s1")).isEmpty();

      // the first message after it: relocated, once
      clock.advance(Duration.ofMillis(101));
      assertThat(b.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.RELOCATION, null));
      assertThat(b.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
      assertThat(s.sessionStore().forSession(TENANT, "s1")).extracting(JournalRecord::kind)
          .containsExactly(JournalRecord.Kind.RELOCATED);
    }

    @Test
    void eager_batch_migration_on_one_node_skips_the_page_another_node_has_claimed_and_waits_for_nothing()
        throws Exception {
      JdbcStores s = freshStores();
      Fixtures.TestClock clock = new Fixtures.TestClock(T0);
      ScenarioMigration admin = engine(s, clock);
      MigrationPlan plan = deployedAtCheckout(admin, i -> "c" + i, 7);
      JdbcStores nodeA = stores(newDataSource());
      ScenarioMigration nodeB = engine(stores(newDataSource()), clock);

      MigrationPlan deployed = admin.operations().plan(TENANT, plan.id());
      org.scenariomigration.scenario.AnchorTransformation checkout = deployed.transformationMap()
          .anchorAtFromStep("checkout").orElseThrow();
      List<org.scenariomigration.spi.MarkCriteria> covered = List.of(new org.scenariomigration.spi.MarkCriteria(
          TENANT, "order-flow", 1, "checkout", org.scenariomigration.policy.ScopeFilter.ALL, deployed.markedAt(),
          new org.scenariomigration.session.PendingMigration(plan.id(), checkout.anchorContentHash(), 2,
              deployed.markedAt(), null), 100, s.scenarioStore().readCurrent(TENANT, "order-flow").generation()));
      try (org.scenariomigration.spi.MarkedPage held = nodeA.sessionStore().claimEligible(covered, null, 3)) {
        assertThat(held.sessions()).extracting(SessionState::sessionId).containsExactly("c0", "c1", "c2");
        // node B pages through the same plan while node A's page is open: its claims skip A's rows (a lock wait
        // would hang this call, or fail it with a lock timeout)
        BatchReport b = runAtOnce(List.<Callable<BatchReport>>of(
            () -> nodeB.operations().migrateNow(TENANT, plan.id(), 2, r -> { }))).get(0);
        assertThat(b.migrated()).isEqualTo(4);
        assertThat(b.other()).isZero();
        for (String id : List.of("c0", "c1", "c2")) {
          assertThat(admin.pendingMigration(TENANT, id)).as(id).isPresent();
        }
      }
      // A's claim ended: the rest is B's (or anyone's) to migrate
      assertThat(nodeB.operations().migrateNow(TENANT, plan.id(), 2, r -> { }).migrated()).isEqualTo(3);
      assertThat(admin.operations().deploymentStatus(TENANT, plan.id()).migrationsPending()).isZero();
      assertThat(s.sessionStore().forPlan(TENANT, plan.id())).hasSize(7);
    }

    /** 1 when a message of the session gets a teleport, which the host then acknowledges when it is owed. */
    long received(ScenarioMigration node, String sessionId) {
      Outcome o = node.reconcile(TENANT, sessionId);
      if (o.effectId() != null) {
        node.acknowledge(TENANT, sessionId, o.effectId());
      }
      return o.kind() == Outcome.Kind.TELEPORT ? 1 : 0;
    }

    @Test
    void eager_batch_migration_racing_with_messages_on_another_node_journals_each_session_once() throws Exception {
      JdbcStores s = freshStores();
      Fixtures.TestClock clock = new Fixtures.TestClock(T0);
      ScenarioMigration admin = engine(s, clock);
      int sessions = 40;
      MigrationPlan plan = deployedAtCheckout(admin, i -> String.format("r%02d", i), sessions);
      ScenarioMigration other = engine(stores(newDataSource()), clock);

      List<Long> migrated = runAtOnce(List.<Callable<Long>>of(
          () -> admin.operations().migrateNow(TENANT, plan.id(), 8, r -> { }).migrated(),
          () -> {
            long teleports = 0;
            for (int i = sessions - 1; i >= 0; i--) {
              teleports += received(other, String.format("r%02d", i));
            }
            return teleports;
          }));

      // a session the batch migrated after the other node's message gets its teleport at its next message (owed,
      // until the host acknowledges it, as this one does at once)
      long reported = migrated.get(1);
      for (int i = 0; i < sessions; i++) {
        reported += received(other, String.format("r%02d", i));
      }
      assertThat(reported).isEqualTo(sessions);
      assertThat(migrated.get(0)).isLessThanOrEqualTo(sessions);
      for (int i = 0; i < sessions; i++) {
        String id = String.format("r%02d", i);
        assertThat(s.sessionStore().forSession(TENANT, id)).as(id).extracting(JournalRecord::kind)
            .filteredOn(k -> k != JournalRecord.Kind.EFFECT_RETIRED)
            .containsExactly(JournalRecord.Kind.MIGRATED);
        assertThat(s.sessionStore().find(TENANT, id).orElseThrow().owed()).as(id).isNull();
      }
      assertThat(admin.operations().deploymentStatus(TENANT, plan.id()).migrationsPending()).isZero();
    }

    @Test
    void concurrent_commits_of_one_session_from_separate_connections_let_exactly_one_win() throws Exception {
      JdbcStores s = freshStores();
      SessionState base = s.sessionStore().insert(StoreFixtures.session(TENANT, "s1", "checkout"));
      int threads = 8;
      List<Callable<Boolean>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        JdbcSessionStore node = stores(newDataSource()).sessionStore();
        int n = t;
        work.add(() -> {
          SessionState after = base.withPosition(2, "checksum-2", "checkout").withSettled("p1");
          try {
            node.commit(after, base.revision(), record("r" + n, base, after));
            return true;
          } catch (ConcurrentUpdateException e) {
            assertThat(e).hasMessageContaining("'s1'").hasMessageContaining("'" + TENANT + "'")
                .hasMessageContaining("revision 1");
            return false;
          }
        });
      }
      assertThat(runAtOnce(work)).containsOnlyOnce(true);
      assertThat(s.sessionStore().forSession(TENANT, "s1")).hasSize(1);
      assertThat(s.sessionStore().find(TENANT, "s1").orElseThrow().revision()).isEqualTo(2);
    }
  }

  // ------------------------------------------------------------------------------------------- hot path

  abstract class HotPathTests {
    final Proxies.Recorder recorder = new Proxies.Recorder();

    @Test
    void reconciling_an_unmarked_session_is_one_primary_key_read() {
      freshStores();
      ScenarioMigration m = engine(stores(Proxies.watching(dataSource, recorder)), new Fixtures.TestClock(T0));
      m.publish(TENANT, Fixtures.v1());
      m.startSession(TENANT, "s1", "c1", "web", "order-flow");
      m.reconcile(TENANT, "s1");
      recorder.clear();

      assertThat(m.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);

      // on a connection that comes with auto-commit off, the read commits (and never switches auto-commit)
      assertThat(recorder.log).hasSize(autoCommitOff() ? 2 : 1);
      assertThat(recorder.log.get(0)).startsWith("SELECT").contains("FROM " + prefix + "sessions")
          .endsWith("WHERE tenant_id = ? AND session_id = ?");
      if (autoCommitOff()) {
        assertThat(recorder.log.get(1)).isEqualTo("COMMIT");
      }
    }

    @Test
    void marking_is_one_set_based_update_whatever_the_scope_filter() {
      JdbcSessionStore store = stores(Proxies.watching(dataSource, recorder)).sessionStore();
      freshStores();
      for (int i = 0; i < 30; i++) {
        store.insert(StoreFixtures.session(TENANT, "m" + i, "order-flow", 1, "checkout", i % 3 == 0 ? "sms" : "web",
            T0.minus(Duration.ofDays(i))));
      }
      recorder.clear();

      int n = store.mark(new MarkCriteria(TENANT, "order-flow", 1, "checkout", ScopeFilter.builder()
          .includeChannels("web", "sms").excludeChannels("sms").maxSessionAgeDays(20).minSessionAgeDays(2)
          .includeCurrentSteps("checkout").excludeCurrentSteps("confirm").build(), T0, marker("p1"), 60));

      assertThat(recorder.statements()).hasSize(1);
      assertThat(recorder.statements().get(0)).startsWith("UPDATE " + prefix + "sessions SET pending_plan_id = ?");
      long expected = java.util.stream.IntStream.range(0, 30).filter(i -> i % 3 != 0 && i >= 2 && i <= 20)
          .filter(i -> org.scenariomigration.spi.Rollout.bucket("m" + i) < 60).count();
      assertThat(n).isEqualTo(expected);
      assertThat(store.countMarked(TENANT, "p1")).isEqualTo(expected);
    }

    @Test
    void marking_every_anchor_of_a_plan_is_one_update_on_postgresql_and_one_per_anchor_elsewhere() {
      JdbcSessionStore store = stores(Proxies.watching(dataSource, recorder)).sessionStore();
      freshStores();
      List<String> steps = List.of("welcome", "checkout", "confirm");
      for (int i = 0; i < 30; i++) {
        store.insert(StoreFixtures.session(TENANT, "m" + i, "order-flow", 1, steps.get(i % 3),
            i % 5 == 0 ? "sms" : "web", T0.minus(Duration.ofDays(i))));
      }
      recorder.clear();

      int[] counts = store.markAll(List.of(
          new MarkCriteria(TENANT, "order-flow", 1, "welcome", ScopeFilter.builder().excludeChannels("sms").build(),
              T0, marker("p1"), 100),
          new MarkCriteria(TENANT, "order-flow", 1, "checkout", ScopeFilter.builder().maxSessionAgeDays(15).build(),
              T0, marker("p1"), 100),
          new MarkCriteria(TENANT, "order-flow", 1, "confirm", ScopeFilter.ALL, T0, marker("p1"), 100)));

      if (owner.dialect() == Dialect.POSTGRESQL) {
        assertThat(recorder.statements()).hasSize(1);
        assertThat(recorder.statements().get(0)).startsWith("WITH marked AS (UPDATE " + prefix + "sessions SET ");
      } else {
        assertThat(recorder.statements()).hasSize(3).allMatch(q -> q.startsWith("UPDATE " + prefix + "sessions"));
      }
      assertThat(counts).containsExactly(
          (int) java.util.stream.IntStream.range(0, 30).filter(i -> i % 3 == 0 && i % 5 != 0).count(),
          (int) java.util.stream.IntStream.range(0, 30).filter(i -> i % 3 == 1 && i <= 15).count(),
          10);
      assertThat(store.countMarked(TENANT, "p1")).isEqualTo(counts[0] + counts[1] + counts[2]);
    }

    @Test
    void applying_a_clean_graft_is_one_transaction_of_at_most_three_statements() {
      freshStores();
      ScenarioMigration m = engine(stores(Proxies.watching(dataSource, recorder)), new Fixtures.TestClock(T0));
      m.publish(TENANT, Fixtures.v1());
      m.startSession(TENANT, "s1", "c1", "web", "order-flow");
      m.advance(TENANT, "s1", "checkout");
      MigrationPlan plan = m.operations().generatePlan(TENANT, Fixtures.v2PaymentDownstream(), "op");
      m.operations().approve(TENANT, plan.id(), "lead");
      m.operations().deploy(TENANT, plan.id());
      recorder.clear();

      assertThat(m.reconcile(TENANT, "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);

      List<String> log = new ArrayList<>(recorder.log);
      int begin;
      if (autoCommitOff()) {
        // the connections come in a transaction, which the library never switches: every operation ends with a
        // commit, and the graft's transaction starts after the commit of the reads before it
        assertThat(log).doesNotContain("BEGIN");
        int update = 0;
        while (update < log.size() && !log.get(update).startsWith("UPDATE " + prefix + "sessions")) {
          update++;
        }
        begin = log.subList(0, update).lastIndexOf("COMMIT");
      } else {
        assertThat(Collections.frequency(log, "BEGIN")).isEqualTo(1);
        begin = log.indexOf("BEGIN");
      }
      List<String> tx = log.subList(begin + 1, begin + 1 + log.subList(begin + 1, log.size()).indexOf("COMMIT"));
      assertThat(tx).hasSizeLessThanOrEqualTo(3);
      // revision-checked, and under the change generation the reconcile decided on
      assertThat(tx.get(0)).startsWith("UPDATE " + prefix + "sessions").contains("AND revision = ?")
          .contains(prefix + "scenario_gates");
      assertThat(tx.get(1)).startsWith("INSERT INTO " + prefix + "journal");
    }
  }

  // ------------------------------------------------------------------------------------------- faults

  abstract class FaultTests {

    @Test
    void a_journal_record_that_violates_a_constraint_rolls_the_session_update_back() {
      JdbcSessionStore store = freshStores().sessionStore();
      SessionState s = store.insert(StoreFixtures.session(TENANT, "s1", "checkout"));
      SessionState moved = store.commit(s.withPinned(true), 1, record("r1", s, s.withPinned(true)));

      SessionState again = moved.withPosition(2, "checksum-2", "confirm");
      assertThatThrownBy(() -> store.commit(again, 2, record("r1", moved, again)))
          .isInstanceOf(DuplicateRecordException.class).hasMessageContaining("'r1'")
          .hasMessageContaining("'" + TENANT + "'");

      assertThat(store.find(TENANT, "s1")).contains(moved);
      assertThat(store.forSession(TENANT, "s1")).extracting(JournalRecord::id).containsExactly("r1");
    }

    @Test
    void a_connection_that_dies_between_the_update_and_the_journal_insert_leaves_no_partial_state() {
      assertTheConnectionDiesWithoutPartialState("INSERT INTO");
    }

    @Test
    void a_connection_that_dies_at_commit_leaves_no_partial_state() {
      assertTheConnectionDiesWithoutPartialState("commit");
    }

    private void assertTheConnectionDiesWithoutPartialState(String trigger) {
      JdbcSessionStore clean = freshStores().sessionStore();
      SessionState s = clean.insert(StoreFixtures.session("t'1", "s1", "checkout"));
      AtomicBoolean armed = new AtomicBoolean(true);
      DataSource breaking = Proxies.watching(newDataSource(), (real, method, args) -> {
        boolean hit = trigger.equals("commit") ? method.equals("commit")
            : method.equals("prepareStatement") && String.valueOf(args[0]).startsWith(trigger);
        if (hit && armed.getAndSet(false)) {
          db.kill(real);
        }
      });
      JdbcSessionStore store = stores(breaking).sessionStore();
      SessionState after = s.withPosition(2, "checksum-2", "checkout").withSettled("p1");

      assertThatThrownBy(() -> store.commit(after, 1, record("r1", s, after)))
          .isInstanceOf(JdbcStoreException.class)
          .hasMessageStartingWith("commit of session 's1' of tenant 't'1' failed: ")
          .hasCauseInstanceOf(SQLException.class);

      assertThat(armed).isFalse();
      assertThat(clean.find("t'1", "s1")).contains(s);
      assertThat(clean.forSession("t'1", "s1")).isEmpty();
      // the store keeps working on new connections
      assertThat(store.commit(after, 1, record("r1", s, after)).revision()).isEqualTo(2);
    }

    @Test
    void a_page_with_a_value_outside_the_model_keeps_the_commits_before_it_and_throws_naming_the_value() {
      JdbcSessionStore store = freshStores().sessionStore();
      List<SessionState> stored = new ArrayList<>();
      for (String id : List.of("a", "b", "c")) {
        stored.add(store.insert(StoreFixtures.session(TENANT, id, "checkout")));
      }
      List<SessionCommit> commits = new ArrayList<>();
      for (SessionState s : stored) {
        SessionState after = s.withPosition(2, "checksum-2", "review");
        if (s.sessionId().equals("b")) {
          after = after.withVariables(Map.of("due", java.time.LocalDate.of(2026, 11, 29)));
        }
        commits.add(new SessionCommit(after, 1, record("r-" + s.sessionId(), s, after)));
      }

      // "b" is refused before the batch is written, so the page is applied one at a time: "a" stored, "b" thrown
      assertThatThrownBy(() -> store.commitAll(commits)).isInstanceOf(UnsupportedValueException.class)
          .hasMessageContaining("'due'").hasMessageContaining("java.time.LocalDate");

      assertThat(store.find(TENANT, "a")).contains(commits.get(0).session().withRevision(2));
      assertThat(store.find(TENANT, "b")).contains(stored.get(1));
      assertThat(store.find(TENANT, "c")).contains(stored.get(2));
      assertThat(store.forPlan(TENANT, "p1")).extracting(JournalRecord::id).containsExactly("r-a");
    }

    @Test
    void a_connection_that_dies_at_the_commit_of_a_page_stores_none_of_it() {
      JdbcSessionStore clean = freshStores().sessionStore();
      List<SessionCommit> commits = new ArrayList<>();
      for (String id : List.of("a", "b")) {
        SessionState s = clean.insert(StoreFixtures.session(TENANT, id, "checkout"));
        SessionState after = s.withPosition(2, "checksum-2", "review");
        commits.add(new SessionCommit(after, 1, record("r-" + id, s, after)));
      }
      AtomicBoolean armed = new AtomicBoolean(true);
      DataSource breaking = Proxies.watching(newDataSource(), (real, method, args) -> {
        if (method.equals("commit") && armed.getAndSet(false)) {
          db.kill(real);
        }
      });
      JdbcSessionStore store = stores(breaking).sessionStore();

      assertThatThrownBy(() -> store.commitAll(commits)).isInstanceOf(JdbcStoreException.class)
          .hasMessageStartingWith("commit of 2 sessions of tenant '" + TENANT + "' from session 'a' failed: ")
          .hasCauseInstanceOf(SQLException.class);

      assertThat(armed).isFalse();
      assertThat(clean.find(TENANT, "a").orElseThrow().revision()).isEqualTo(1);
      assertThat(clean.find(TENANT, "b").orElseThrow().revision()).isEqualTo(1);
      assertThat(clean.forPlan(TENANT, "p1")).isEmpty();
      // applied again later, it is stored whole
      assertThat(store.commitAll(commits)).extracting(java.util.Optional::isPresent).containsExactly(true, true);
      assertThat(clean.forPlan(TENANT, "p1")).extracting(JournalRecord::id).containsExactly("r-a", "r-b");
    }

    @Test
    void an_unreachable_database_surfaces_as_a_jdbc_store_exception_naming_the_operation() {
      JdbcStores down = builder(Proxies.unreachable("Connection refused")).tablePrefix(prefix)
          .dialect(owner.dialect()).createSchema(false).build();

      assertThatThrownBy(() -> down.sessionStore().find("t1", "s1")).isInstanceOf(JdbcStoreException.class)
          .isInstanceOf(org.scenariomigration.ScenarioMigrationException.class)
          .hasMessage("find of session 's1' of tenant 't1' failed: Connection refused (sql state 08001)");
      assertThatThrownBy(() -> down.scenarioStore().currentVersion("t1", "flow"))
          .isInstanceOf(JdbcStoreException.class).hasMessageContaining("current version of scenario 'flow'");
    }

    @Test
    void channels_steps_and_tenants_with_quotes_and_sql_metacharacters_mark_as_filtered() {
      JdbcSessionStore store = freshStores().sessionStore();
      store.insert(StoreFixtures.session(NASTY, "a", "order-flow", 1, "check'out", NASTY, T0));
      store.insert(StoreFixtures.session(NASTY, "b", "order-flow", 1, "check'out", "web", T0));
      store.insert(StoreFixtures.session(NASTY, "c", "order-flow", 1, "check'out", "o'brien", T0));
      store.insert(StoreFixtures.session("o'brien", "a", "order-flow", 1, "check'out", NASTY, T0));

      int marked = store.mark(new MarkCriteria(NASTY, "order-flow", 1, "check'out",
          ScopeFilter.builder().includeChannels(NASTY, "o'brien").excludeChannels("o'brien")
              .excludeCurrentSteps("x' OR '1'='1").build(), T0, StoreFixtures.marker(NASTY), 100));

      assertThat(marked).isEqualTo(1);
      assertThat(store.findMarked(NASTY, NASTY, null, 10)).extracting(SessionState::sessionId).containsExactly("a");
      assertThat(store.find("o'brien", "a").orElseThrow().pending()).isNull();
    }

    @Test
    void variables_round_trip_exactly_with_ints_as_longs() {
      JdbcSessionStore store = freshStores().sessionStore();
      Map<String, Object> vars = new java.util.LinkedHashMap<>();
      vars.put("int", 7);
      vars.put("long", 1L << 40);
      vars.put("big", new java.math.BigInteger("123456789012345678901234567890"));
      vars.put("double", 2.5);
      vars.put("whole double", 100.0);
      vars.put("huge double", 1.0e20);
      vars.put("tiny double", 1.0e-12);
      vars.put("empty", null);
      vars.put("list", List.of(1, "two", 3.0, false, Map.of("k", List.of())));
      vars.put("unicode", "Zürich \u2603 \uD83D\uDE00 \\ \" '");
      SessionState s = store.insert(StoreFixtures.session(TENANT, "s1", "checkout").withVariables(vars));

      Map<String, Object> back = store.find(TENANT, "s1").orElseThrow().variables();

      assertThat(back).isEqualTo(s.variables());
      assertThat(back.get("int")).isEqualTo(7L); // as VariableValues normalises it
      assertThat(back.get("long")).isInstanceOf(Long.class);
      assertThat(back.get("whole double")).isInstanceOf(Double.class);
      assertThat(back.get("huge double")).isEqualTo(1.0e20);
      assertThat(back).containsKey("empty");
    }
  }

  // ------------------------------------------------------------------------------------------- values

  /**
   * The value model on the database: refusals through the engine, stored texts beyond the limits, rows written before
   * tags existed, and the tagged JSON itself. (The contract suites above round-trip every value of the model.)
   */
  abstract class ValueTests {

    @Test
    void set_variables_refuses_every_unsupported_value_naming_the_field_and_leaves_the_stored_session_as_it_was() {
      JdbcStores s = freshStores();
      ScenarioMigration m = engine(s, new Fixtures.TestClock(T0));
      m.publish(TENANT, Fixtures.v1());
      m.startSession(TENANT, "s1", "c1", "web", "order-flow");
      SessionState before = m.setVariables(TENANT, "s1", Map.of("kept", 1));

      for (UnsupportedValues.Case bad : UnsupportedValues.cases()) {
        Throwable t = null;
        try {
          m.setVariables(TENANT, "s1", Map.of("kept", 2, "address",
              Map.of("lines", java.util.Arrays.asList("a", "b", bad.value()))));
        } catch (Throwable e) {
          t = e;
        }
        bad.check(t, "address.lines[2]");
        assertThat(m.session(TENANT, "s1")).as(bad.name()).isEqualTo(before);
      }
      assertThat(s.profileStore().find(TENANT, "c1", "kept")).isEmpty();
    }

    /** Overwrites a JSON column of stored rows with {@code text}, as another program or a broken copy might. */
    void overwrite(String table, String column, String text) throws SQLException {
      try (Connection c = plain.getConnection(); java.sql.Statement st = c.createStatement()) {
        if (db.dialect() == Dialect.MARIADB) {
          // MariaDB's JSON_VALID check refuses documents nested 32 levels deep: this is what a row can hold without it
          st.execute("SET SESSION check_constraint_checks = 0");
        }
        try (java.sql.PreparedStatement ps = c.prepareStatement("UPDATE " + prefix + table + " SET " + column + " = "
            + (db.dialect() == Dialect.POSTGRESQL ? "CAST(? AS jsonb)" : "?"))) {
          ps.setString(1, text);
          assertThat(ps.executeUpdate()).isPositive();
        }
      }
    }

    /** The text of a JSON column of the one row of {@code table}, as the database gives it back. */
    String stored(String table, String column) throws SQLException {
      try (Connection c = plain.getConnection(); java.sql.Statement st = c.createStatement();
          java.sql.ResultSet rs = st.executeQuery("SELECT " + column + " FROM " + prefix + table)) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }

    private void assertNestingLimit(Throwable t, String document) {
      assertThat(t).isInstanceOfSatisfying(org.scenariomigration.json.JsonLimitException.class, e -> {
        assertThat(e.limit()).isEqualTo(org.scenariomigration.json.JsonLimitException.NESTING_DEPTH);
        assertThat(e.maximum()).isEqualTo(org.scenariomigration.json.SessionJson.MAX_NESTING_DEPTH);
        assertThat(e.document()).isEqualTo(document);
      }).hasMessageContaining("nested more than " + org.scenariomigration.json.SessionJson.MAX_NESTING_DEPTH + " levels deep (limit: nesting "
          + "depth " + org.scenariomigration.json.SessionJson.MAX_NESTING_DEPTH + ")");
    }

    @Test
    void stored_texts_nested_10000_levels_deep_are_refused_naming_the_nesting_limit() throws SQLException {
      JdbcStores s = freshStores();
      JdbcSessionStore store = s.sessionStore();
      SessionState one = store.insert(StoreFixtures.session(TENANT, "s1", "checkout"));
      store.commit(one.withPinned(true), 1, record("r1", one, one.withPinned(true).withRevision(2)));
      s.profileStore().put(TENANT, "c1", new ProfileField("age", 42, "crm", 1.0, null));
      String deepList = "[".repeat(10_000) + "]".repeat(10_000);
      String deepMap = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);

      overwrite("sessions", "variables", "{\"v\": " + deepList + "}");
      assertNestingLimit(catchThrowable(() -> store.find(TENANT, "s1")), "stored session variables");
      overwrite("sessions", "variables", deepMap);
      assertNestingLimit(catchThrowable(() -> store.find(TENANT, "s1")), "stored session variables");
      overwrite("sessions", "variables", "{}");
      overwrite("sessions", "history", "[{\"step_id\": \"a\", \"extra\": " + deepList + "}]");
      assertNestingLimit(catchThrowable(() -> store.find(TENANT, "s1")), "stored session history");
      overwrite("journal", "body", deepMap);
      assertNestingLimit(catchThrowable(() -> store.forSession(TENANT, "s1")), "stored journal record");
      overwrite("profiles", "value_json", deepList);
      assertNestingLimit(catchThrowable(() -> s.profileStore().find(TENANT, "c1", "age")), "stored profile value");
    }

    @Test
    void a_stored_value_deeper_than_the_model_allows_is_refused_naming_the_depth_limit() throws SQLException {
      JdbcSessionStore store = freshStores().sessionStore();
      store.insert(StoreFixtures.session(TENANT, "s1", "checkout"));
      int depth = VariableValues.MAX_DEPTH + 1;
      overwrite("sessions", "variables", "{\"v\": " + "[".repeat(depth) + "]".repeat(depth) + "}");

      assertThat(catchThrowable(() -> store.find(TENANT, "s1"))).isInstanceOfSatisfying(
          UnsupportedValueException.class, e -> {
            assertThat(e.limit()).isEqualTo("MAX_DEPTH");
            assertThat(e.field()).startsWith("v[0]");
          });
    }

    @Test
    void rows_written_before_tags_existed_read_as_they_did_with_integers_as_longs_and_maps_in_key_order()
        throws SQLException {
      JdbcStores s = freshStores();
      s.sessionStore().insert(StoreFixtures.session(TENANT, "s1", "checkout"));
      overwrite("sessions", "variables", "{\"name\": \"Ann\", \"age\": 34, \"score\": 1.5, \"whole\": 100.0, "
          + "\"big\": 123456789012345678901234567890, \"nested\": {\"b\": 1, \"a\": [1, 2.0, null]}, "
          + "\"nan\": \"NaN\", \"$ref\": \"x\", \"odd\": {\"$decimal\": 5}, \"empty\": null}");

      Map<String, Object> vars = s.sessionStore().find(TENANT, "s1").orElseThrow().variables();

      assertThat(vars.keySet()).containsExactly("$ref", "age", "big", "empty", "name", "nan", "nested", "odd",
          "score", "whole");
      assertThat(vars).containsEntry("age", 34L).containsEntry("score", 1.5).containsEntry("whole", 100.0)
          .containsEntry("big", new java.math.BigInteger("123456789012345678901234567890"))
          .containsEntry("nan", "NaN").containsEntry("$ref", "x").containsEntry("odd", Map.of("$decimal", 5L))
          .containsEntry("empty", null).containsEntry("name", "Ann");
      assertThat(org.scenariomigration.spi.ValueGenerators.describe(vars.get("nested")))
          .isEqualTo("{\"a\"=[Long:1, D:4000000000000000(2.0), null], \"b\"=Long:1}");
      // a session whose only variable was named $decimal: the variables object is never read as a tag
      overwrite("sessions", "variables", "{\"$decimal\": \"1.5\"}");
      assertThat(s.sessionStore().find(TENANT, "s1").orElseThrow().variables()).isEqualTo(Map.of("$decimal", "1.5"));
    }

    @Test
    void decimals_negative_zero_and_dollar_keys_are_tagged_in_the_stored_json_and_nothing_else_is() throws Exception {
      JdbcStores s = freshStores();
      Map<String, Object> vars = new java.util.LinkedHashMap<>();
      vars.put("price", new java.math.BigDecimal("1.50"));
      vars.put("zero", -0.0);
      vars.put("$ref", Map.of("$decimal", "not a tag"));
      vars.put("huge", 1e20);
      vars.put("n", 7);
      s.sessionStore().insert(StoreFixtures.session(TENANT, "s1", "checkout").withVariables(vars));

      com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(stored("sessions", "variables"));

      assertThat(json.get("price").get("$decimal").textValue()).isEqualTo("1.50");
      assertThat(json.get("zero").get("$double").textValue()).isEqualTo("-0.0");
      assertThat(json.get("$$ref").get("$$decimal").textValue()).isEqualTo("not a tag");
      assertThat(json.get("huge").isFloatingPointNumber()).isTrue();
      assertThat(json.get("huge").decimalValue()).isEqualByComparingTo("1e20");
      assertThat(json.get("n").isIntegralNumber()).isTrue();
      assertThat(s.sessionStore().find(TENANT, "s1").orElseThrow().variables())
          .isEqualTo(VariableValues.normalizeVariables(vars));
    }
  }

  private static Throwable catchThrowable(org.assertj.core.api.ThrowableAssert.ThrowingCallable c) {
    return org.assertj.core.api.Assertions.catchThrowable(c);
  }

  // ------------------------------------------------------------------------------------------- schema

  abstract class SchemaTests {

    @Test
    void the_dialect_is_detected_from_the_connection_metadata() {
      assertThat(owner.dialect()).isEqualTo(db.dialect());
      assertThat(owner.schemaVersion()).isEqualTo(JdbcStores.latestSchemaVersion());
    }

    @Test
    void upgrading_from_empty_to_latest_downgrading_and_upgrading_again_keeps_the_data() {
      String p = TestDatabase.uniquePrefix();
      JdbcStores s = builder(dataSource).tablePrefix(p).createSchema(false).build();
      try {
        assertThat(s.schemaVersion()).isZero();
        assertThat(s.downgradeSchema(0)).isZero();

        assertThat(s.migrateSchema()).isEqualTo(JdbcStores.latestSchemaVersion());
        SessionState first = s.sessionStore().insert(StoreFixtures.richSession(NASTY, "s1"));
        s.scenarioStore().save(NASTY, StoreFixtures.v1("order-flow", 1));
        s.profileStore().put(NASTY, "c1", new ProfileField("age", 42, "crm", 1.0, null));
        assertThat(s.migrateSchema()).isEqualTo(JdbcStores.latestSchemaVersion());

        // the stores of this release need the latest schema; downgrading is for going back to an older release, so
        // below it the rows are counted with SQL
        for (int v = JdbcStores.latestSchemaVersion() - 1; v >= 1; v--) {
          assertThat(s.downgradeSchema(v)).isEqualTo(v);
          assertThat(s.schemaVersion()).isEqualTo(v);
          assertThat(db.count(plain, p + "sessions")).isEqualTo(1);
          assertThat(db.count(plain, p + "scenario_versions")).isEqualTo(1);
        }
        assertThat(s.migrateSchema()).isEqualTo(JdbcStores.latestSchemaVersion());
        assertThat(s.sessionStore().find(NASTY, "s1")).contains(first);
        assertThat(s.scenarioStore().versions(NASTY, "order-flow")).containsExactly(1);
        assertThat(s.profileStore().find(NASTY, "c1", "age")).isPresent();

        assertThat(s.downgradeSchema(0)).isZero();
        assertThat(db.tables(plain, p)).containsExactlyInAnyOrderElementsOf(db.dialect() == Dialect.H2
            ? List.of(p + "schema_lock", p + "schema_version") : List.of(p + "schema_version"));
        assertThatThrownBy(() -> s.sessionStore().find(NASTY, "s1")).isInstanceOf(JdbcStoreException.class);

        assertThat(s.migrateSchema()).isEqualTo(JdbcStores.latestSchemaVersion());
        assertThat(s.sessionStore().find(NASTY, "s1")).isEmpty();
        assertThat(s.sessionStore().insert(StoreFixtures.richSession(NASTY, "s1")).sameStateAs(first)).isTrue();
      } finally {
        s.downgradeSchema(0);
        db.dropBookkeeping(plain, p);
      }
      assertThat(db.tables(plain, p)).isEmpty();
    }

    /**
     * Proves in SQL, past the stores' own checks, that every id column compares exactly: a second row whose id is a
     * look-alike of the first's (a trailing space, which the grammar refuses and only SQL can write; upper case; the
     * NFD form; the accent dropped) is a second key, and selecting by one id finds one row. Under MariaDB's
     * utf8mb4_bin (before exact_ids) the trailing space made the two one key.
     */
    @Test
    void every_id_column_keeps_look_alikes_apart_in_sql_without_padding_or_folding() throws SQLException {
      String v = "Caf\u00e9";
      List<String> variants = List.of(v + " ", "CAF\u00c9", "Cafe\u0301", "Cafe");
      JdbcStores s = freshStores();
      for (String id : List.of(v, "other")) {
        SessionState session = StoreFixtures.withIds(StoreFixtures.session(id, id, "checkout"), id, id, id, id, id, id)
            .withPending(marker(id));
        s.sessionStore().insert(session);
        s.sessionStore().commit(session, 1, new JournalRecord(id, id, id, id, JournalRecord.Kind.MIGRATED, null,
            session, session, null, null, null, T0));
        s.scenarioStore().save(id, StoreFixtures.v1(id, 1));
        s.scenarioStore().setCurrentVersion(id, id, 1);
        MigrationPlan plan = StoreFixtures.plan(StoreFixtures.planner(T0), id, id, "op");
        s.planStore().insert(StoreFixtures.withIds(plan, id, id, PlanStatus.PENDING));
        s.profileStore().put(id, id, new ProfileField(id, 1, "crm", 1.0, null));
      }
      try (Connection c = plain.getConnection()) {
        SchemaScriptsTest.ID_COLUMNS.forEach((table, columns) -> {
          for (String column : columns) {
            String current = "other";
            for (String variant : variants) {
              String where = prefix + table + " WHERE " + column + " = ?";
              try (PreparedStatement up = c.prepareStatement("UPDATE " + where.replace(" WHERE ", " SET " + column
                  + " = ? WHERE "))) {
                up.setString(1, variant);
                up.setString(2, current);
                assertThat(up.executeUpdate()).as(table + "." + column + " = " + Ids.quote(variant)).isEqualTo(1);
              } catch (SQLException e) {
                throw new AssertionError(table + "." + column + ": " + Ids.quote(variant) + " is a look-alike of "
                    + Ids.quote(v) + " that the column takes for it: " + e.getMessage(), e);
              }
              assertThat(count(c, "SELECT COUNT(*) FROM " + where, v)).as(table + "." + column + " = " + Ids.quote(v)
                  + " beside " + Ids.quote(variant)).isEqualTo(1);
              assertThat(count(c, "SELECT COUNT(*) FROM " + where, variant)).as(table + "." + column).isEqualTo(1);
              current = variant;
            }
          }
        });
      }
      assertThat(s.sessionStore().find(v, v).orElseThrow().channel()).isEqualTo(v);
    }

    /**
     * Takes rows written at schema 8 back to schema 7 (the deployment generation and the pin generation dropped, the
     * rows kept) and up again: every existing row reads at generation 0, so a session pinned before the upgrade stays
     * pinned until the next change of the current version, and that change starts the generations at 1.
     */
    @Test
    void upgrading_rows_to_deployment_generations_reads_them_at_0_and_the_undo_keeps_every_row() {
      String p = TestDatabase.uniquePrefix();
      JdbcStores s = builder(dataSource).tablePrefix(p).createSchema(false).build();
      try {
        int generations = SchemaMigrator.DESCRIPTIONS.indexOf("deployment_generation") + 1;
        assertThat(generations).isLessThanOrEqualTo(JdbcStores.latestSchemaVersion());
        assertThat(s.migrateSchema()).isEqualTo(JdbcStores.latestSchemaVersion());
        SessionState pinned = s.sessionStore().insert(StoreFixtures.session("acme", "pinned", "checkout").withPin(5));
        SessionState legacy = s.sessionStore().insert(StoreFixtures.session("acme", "legacy", "checkout")
            .withPinned(true));
        SessionState free = s.sessionStore().insert(StoreFixtures.session("acme", "free", "checkout"));
        s.scenarioStore().save("acme", StoreFixtures.v1("order-flow", 1));
        s.scenarioStore().setCurrentVersion("acme", "order-flow", 1);
        s.scenarioStore().setCurrentVersion("acme", "order-flow", 1);
        assertThat(s.scenarioStore().readCurrent("acme", "order-flow")).isEqualTo(new CurrentVersion(1, 2));

        assertThat(s.downgradeSchema(generations - 1)).isEqualTo(generations - 1);
        assertThat(db.count(plain, p + "sessions")).isEqualTo(3);
        assertThat(db.count(plain, p + "current_versions")).isEqualTo(1);
        assertThat(sql(p, "SELECT MAX(pin_generation) FROM %ssessions")).as("the column is dropped").isEqualTo(-1);
        assertThat(sql(p, "SELECT MAX(generation) FROM %scurrent_versions")).as("the column is dropped")
            .isEqualTo(-1);
        assertThat(sql(p, "SELECT version FROM %scurrent_versions WHERE tenant_id = ?", "acme")).isEqualTo(1);

        assertThat(s.migrateSchema()).isEqualTo(JdbcStores.latestSchemaVersion());
        assertThat(s.sessionStore().find("acme", "pinned")).contains(pinned.withPin(0));
        assertThat(s.sessionStore().find("acme", "legacy")).contains(legacy);
        assertThat(s.sessionStore().find("acme", "free")).contains(free);
        assertThat(s.scenarioStore().readCurrent("acme", "order-flow")).isEqualTo(new CurrentVersion(1, 0));
        MarkCriteria c = new MarkCriteria("acme", "order-flow", 1, "checkout", ScopeFilter.ALL, T0,
            new PendingMigration("p1", "hash-checkout", 2, T0, List.of()), 100);
        assertThat(s.sessionStore().countEligible(List.of(c.atGeneration(0)))).containsExactly(1);
        s.scenarioStore().setCurrentVersion("acme", "order-flow", 1);
        assertThat(s.scenarioStore().readCurrent("acme", "order-flow")).isEqualTo(new CurrentVersion(1, 1));
        assertThat(s.sessionStore().countEligible(List.of(c.atGeneration(1)))).containsExactly(3);
      } finally {
        s.downgradeSchema(0);
        db.dropBookkeeping(plain, p);
      }
    }

    /**
     * Upgrades a schema holding rows to the version that makes ids exact ({@code exact_ids}) and back: every row reads
     * back the same, ids at 255 bytes included; on MariaDB the trailing-space look-alike that the version before took
     * for the same key is a second key after the upgrade, and the undo refuses to run while such a pair exists (it
     * would merge them) and runs once it is gone.
     */
    @Test
    void upgrading_rows_to_exact_ids_keeps_them_and_makes_look_alikes_two_keys_and_downgrading_works()
        throws SQLException {
      String p = TestDatabase.uniquePrefix();
      JdbcStores s = builder(dataSource).tablePrefix(p).createSchema(false).build();
      try {
        int exact = SchemaScriptsTest.EXACT_IDS;
        // the rows are written by today's stores (which need the latest schema), then taken back to before exact_ids
        assertThat(s.migrateSchema()).isEqualTo(JdbcStores.latestSchemaVersion());
        List<String> ids = new ArrayList<>(List.of(NASTY, "acme", "ACME", "caf\u00e9", "cafe\u0301"));
        ids.addAll(LookAlikeIds.atTheBound());
        List<SessionState> sessions = new ArrayList<>();
        for (String id : ids) {
          sessions.add(s.sessionStore().insert(StoreFixtures.withIds(StoreFixtures.richSession(id, id), id, id, id,
              id, id, id)));
          s.scenarioStore().save(id, StoreFixtures.v1(id, 1));
          s.scenarioStore().setCurrentVersion(id, id, 1);
          s.profileStore().put(id, id, new ProfileField(id, id, "crm", 1.0, null));
        }
        MigrationPlan plan = StoreFixtures.plan(StoreFixtures.planner(T0), "acme", "order-flow", "op");
        s.planStore().insert(plan);
        s.sessionStore().insert(StoreFixtures.session("acme", "x", "checkout"));
        assertThat(s.downgradeSchema(exact - 1)).isEqualTo(exact - 1);
        String rename = "UPDATE %ssessions SET session_id = ? WHERE tenant_id = ? AND session_id = ?";
        // before exact_ids MariaDB's PAD SPACE takes 'acme ' for the key 'acme' that the tenant has already
        assertThat(sql(p, rename, "acme ", "acme", "x")).isEqualTo(db.dialect() == Dialect.MARIADB ? -1 : 1);
        sql(p, rename, "x", "acme", "acme ");

        assertThat(s.migrateSchema()).isEqualTo(JdbcStores.latestSchemaVersion());
        for (int i = 0; i < ids.size(); i++) {
          String id = ids.get(i);
          assertThat(s.sessionStore().find(id, id)).contains(sessions.get(i));
          assertThat(s.scenarioStore().find(id, id, 1)).contains(StoreFixtures.v1(id, 1));
          assertThat(s.scenarioStore().currentVersion(id, id)).isEqualTo(1);
          assertThat(s.profileStore().find(id, id, id)).contains(new ProfileField(id, id, "crm", 1.0, null));
        }
        assertThat(s.planStore().find("acme", plan.id())).contains(plan);
        assertThat(sql(p, rename, "acme ", "acme", "x")).as("a trailing space with exact_ids").isEqualTo(1);
        assertThat(sql(p, "SELECT COUNT(*) FROM %ssessions WHERE tenant_id = ? AND session_id = ?", "acme", "acme"))
            .isEqualTo(1);

        if (db.dialect() == Dialect.MARIADB) {
          assertThatThrownBy(() -> s.downgradeSchema(exact - 1)).isInstanceOf(JdbcStoreException.class)
              .hasMessageContaining("U" + exact + "__exact_ids.sql");
          assertThat(s.schemaVersion()).isEqualTo(exact); // the versions above it were undone
        }
        sql(p, "DELETE FROM %ssessions WHERE tenant_id = ? AND session_id = ?", "acme", "acme ");
        assertThat(s.downgradeSchema(exact - 1)).isEqualTo(exact - 1);
        assertThat(s.schemaVersion()).isEqualTo(exact - 1);
        assertThat(s.migrateSchema()).isEqualTo(JdbcStores.latestSchemaVersion()); // today's stores read the latest
        for (int i = 0; i < ids.size(); i++) {
          assertThat(s.sessionStore().find(ids.get(i), ids.get(i)).orElseThrow().sameStateAs(sessions.get(i)))
              .isTrue();
        }
        assertThat(s.migrateSchema()).isEqualTo(JdbcStores.latestSchemaVersion());
        assertThat(s.sessionStore().find("caf\u00e9", "caf\u00e9")).contains(sessions.get(3));
      } finally {
        s.downgradeSchema(0);
        db.dropBookkeeping(plain, p);
      }
    }

    @Test
    void nodes_starting_together_create_the_schema_once() throws Exception {
      String p = TestDatabase.uniquePrefix();
      List<Callable<Integer>> nodes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        nodes.add(() -> builder(newDataSource()).tablePrefix(p).build().schemaVersion());
      }
      try {
        assertThat(runAtOnce(nodes)).containsOnly(JdbcStores.latestSchemaVersion());
        JdbcStores s = builder(dataSource).tablePrefix(p).createSchema(false).build();
        assertThat(s.sessionStore().insert(StoreFixtures.session("t1", "s1", "checkout")).revision()).isEqualTo(1);
      } finally {
        builder(dataSource).tablePrefix(p).createSchema(false).build().downgradeSchema(0);
        db.dropBookkeeping(plain, p);
      }
    }
  }

  // ------------------------------------------------------------------------------------------- helpers

  static JournalRecord record(String id, SessionState before, SessionState after) {
    return new JournalRecord(id, before.tenantId(), before.sessionId(), "p1", JournalRecord.Kind.MIGRATED,
        MigrationScenario.CLEAN_GRAFT, before, after, List.of(), List.of(), null, T0);
  }

  static long count(Connection c, String query, String param) {
    try (PreparedStatement ps = c.prepareStatement(query)) {
      ps.setString(1, param);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(query, e);
    }
  }

  /**
   * Runs one statement on tables with prefix {@code p} ({@code %s} in the text): an update's row count or a query's
   * first column as a number; -1 when the database refuses it.
   */
  long sql(String p, String statement, String... params) {
    try (Connection c = plain.getConnection();
        PreparedStatement ps = c.prepareStatement(String.format(statement, p))) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      if (ps.execute()) {
        try (java.sql.ResultSet rs = ps.getResultSet()) {
          rs.next();
          return rs.getLong(1);
        }
      }
      return ps.getUpdateCount();
    } catch (SQLException e) {
      return -1;
    }
  }

  static <T> List<T> runAtOnce(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch ready = new CountDownLatch(tasks.size());
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(() -> {
          ready.countDown();
          start.await();
          return task.call();
        }));
      }
      ready.await();
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(90, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  static PendingMigration marker(String plan) {
    return StoreFixtures.marker(plan);
  }
}
