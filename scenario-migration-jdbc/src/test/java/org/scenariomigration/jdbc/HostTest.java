package org.scenariomigration.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.jdbc.Fixtures.T0;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.spi.DuplicateRecordException;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.StoreFixtures;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The library inside a host: the host's transaction (Spring's {@link TransactionTemplate} over a HikariCP pool, the
 * stores on {@link TransactionAwareDataSourceProxy}), the connections each call uses, and the README's Flyway recipe.
 * One subclass per database, as {@link CompatibilityTest}, whose schema and lifecycle it reuses.
 */
abstract class HostTest extends CompatibilityTest {

  /** What the host's own code throws: its work failed after the library's call. */
  static final class HostFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HostFailure(String message) {
      super(message);
    }
  }

  String hostTable() {
    return prefix + "host_orders";
  }

  /** Empties the library's tables and the host's table (created on first use). */
  JdbcStores freshHost() {
    JdbcStores s = freshStores();
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS " + hostTable() + " (id VARCHAR(64) NOT NULL PRIMARY KEY)");
      st.execute("DELETE FROM " + hostTable());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return s;
  }

  @AfterAll
  void drop_the_host_table() {
    if (dataSource != null) {
      try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS " + hostTable());
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A HikariCP pool over the database, as a Spring Boot host has it; 250 ms is Hikari's shortest wait. */
  HikariDataSource pool(int size, boolean autoCommit, DataSource target) {
    HikariConfig cfg = new HikariConfig();
    cfg.setDataSource(target);
    cfg.setMaximumPoolSize(size);
    cfg.setMinimumIdle(size);
    cfg.setConnectionTimeout(250);
    cfg.setAutoCommit(autoCommit);
    cfg.setPoolName("host-" + db.name);
    return new HikariDataSource(cfg);
  }

  long rows(String table, String where) {
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What another connection, outside the host's transaction, sees of the tenant and the host's table. */
  Map<String, Long> seenOutside() {
    return seenOutside(TENANT);
  }

  Map<String, Long> seenOutside(String tenantId) {
    String tenant = "tenant_id = '" + tenantId + "'";
    Map<String, Long> out = new java.util.TreeMap<>();
    for (String t : List.of("sessions", "journal", "scenario_versions", "current_versions", "plans", "profiles")) {
      out.put(t, rows(prefix + t, tenant));
    }
    out.put("host", rows(hostTable(), "1 = 1"));
    return out;
  }

  static Map<String, Long> nothing() {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (String t : List.of("sessions", "journal", "scenario_versions", "current_versions", "plans", "profiles",
        "host")) {
      out.put(t, 0L);
    }
    return out;
  }

  /** V2 of {@link Seeds#v1()} with Loyalty Enrollment, a required action, inserted before Confirm. */
  static ScenarioVersion v2LoyaltyBeforeConfirm() {
    return ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(Seeds.welcome().to("checkout"))
        .step(Seeds.checkout().to("loyalty"))
        .step(Step.builder("loyalty").name("Loyalty Enrollment").description("Enrolls the customer")
            .requiredAction(true).to("confirm"))
        .step(Seeds.confirm())
        .build();
  }

  /** Publishes v1, starts the sessions at {@code step}, deploys the plan to {@code v2}; outside any transaction. */
  MigrationPlan deployed(ScenarioMigration admin, ScenarioVersion v2, String step, String... sessions) {
    return deployed(TENANT, admin, v2, step, sessions);
  }

  MigrationPlan deployed(String tenant, ScenarioMigration admin, ScenarioVersion v2, String step,
      String... sessions) {
    admin.publish(tenant, Fixtures.v1());
    for (String id : sessions) {
      admin.startSession(tenant, id, "customer-" + id, "web", "order-flow");
      if (!step.equals("welcome")) {
        admin.advance(tenant, id, step);
      }
    }
    MigrationPlan plan = admin.operations().generatePlan(tenant, v2, "op@example.com");
    admin.operations().approve(tenant, plan.id(), "lead@example.com");
    assertThat(admin.operations().deploy(tenant, plan.id()).sessionsMarked()).isEqualTo(sessions.length);
    return plan;
  }

  void insertHostRow(DataSource ds, String id) {
    new JdbcTemplate(ds).update("INSERT INTO " + hostTable() + " (id) VALUES (?)", id);
  }

  // ------------------------------------------------------------------------------------------- transactions

  abstract class HostTransactionTests {

    /**
     * An operator call with the unit of work inside the host's transaction joins it under a savepoint: when it fails
     * part-way nothing of it is left, the host's transaction goes on and commits its own work, and the same call
     * afterwards succeeds.
     */
    @Test
    void an_operator_call_that_fails_in_the_hosts_transaction_leaves_nothing_and_the_host_goes_on() {
      JdbcStores s = freshHost();
      ScenarioMigration admin = engine(s, new Fixtures.TestClock(T0));
      admin.publish(TENANT, Fixtures.v1());
      admin.startSession(TENANT, "s1", "customer-s1", "web", "order-flow");
      admin.advance(TENANT, "s1", "checkout");
      MigrationPlan plan = admin.operations().generatePlan(TENANT, Fixtures.v2PaymentDownstream(), "op");
      admin.operations().approve(TENANT, plan.id(), "lead");

      try (HikariDataSource pool = pool(1, true, db.dataSource())) {
        org.scenariomigration.spi.FaultyDataSource faulty =
            new org.scenariomigration.spi.FaultyDataSource(new TransactionAwareDataSourceProxy(pool));
        ScenarioMigration host = ScenarioMigration.builder().stores(stores(faulty)).clock(new Fixtures.TestClock(T0)).build();
        new TransactionTemplate(new DataSourceTransactionManager(pool)).executeWithoutResult(status -> {
          insertHostRow(pool, "order-2");
          faulty.failAt(8, org.scenariomigration.spi.FaultInjector.Kind.AFTER);
          try {
            assertThatThrownBy(() -> host.operations().deploy(TENANT, plan.id()))
                .isInstanceOf(JdbcStoreException.class);
          } finally {
            faulty.disarm();
          }
          assertThat(faulty.struck()).isNotNull();
          insertHostRow(pool, "order-3");
        });
      }
      assertThat(rows(hostTable(), "id IN ('order-2', 'order-3')")).isEqualTo(2);
      assertThat(admin.operations().plan(TENANT, plan.id()).status())
          .isEqualTo(org.scenariomigration.plan.PlanStatus.APPROVED);
      assertThat(admin.currentVersion(TENANT, "order-flow").version()).isEqualTo(1);
      assertThat(admin.session(TENANT, "s1").pending()).isNull();
      assertThat(s.sessionStore().changeHolder(TENANT, "order-flow")).isNull();

      assertThat(admin.operations().deploy(TENANT, plan.id()).sessionsMarked()).isEqualTo(1);
      assertThat(admin.currentVersion(TENANT, "order-flow").version()).isEqualTo(2);
    }

    @Test
    void a_host_transaction_that_rolls_back_leaves_the_session_exactly_as_before() {
      JdbcStores s = freshHost();
      ScenarioMigration admin = engine(s, new Fixtures.TestClock(T0));
      s.profileStore().put(TENANT, "customer-s1", new ProfileField("age", 34, "crm", 1.0, null));
      MigrationPlan plan = deployed(admin, Fixtures.v2AgeInserted(), "checkout", "s1");
      SessionState before = s.sessionStore().find(TENANT, "s1").orElseThrow();

      try (HikariDataSource pool = pool(1, true, db.dataSource())) {
        ScenarioMigration host = engine(stores(new TransactionAwareDataSourceProxy(pool)), new Fixtures.TestClock(T0));
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
          insertHostRow(pool, "order-1");
          assertThat(host.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));
          assertThat(host.session(TENANT, "s1").version()).isEqualTo(2);          // inside: migrated
          assertThat(s.sessionStore().find(TENANT, "s1")).contains(before);       // outside: nothing yet
          throw new HostFailure("the host's work failed after reconcile");
        })).isExactlyInstanceOf(HostFailure.class);

        assertThat(rows(hostTable(), "1 = 1")).isZero();
        assertThat(s.sessionStore().find(TENANT, "s1")).contains(before);
        assertThat(s.sessionStore().forSession(TENANT, "s1")).isEmpty();
        assertThat(admin.pendingMigration(TENANT, "s1")).hasValueSatisfying(m ->
            assertThat(m.planId()).isEqualTo(plan.id())); // still covered, still to migrate

        // the next message migrates it again, and this time the host commits
        tx.executeWithoutResult(status -> {
          insertHostRow(pool, "order-1");
          assertThat(host.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));
        });
      }
      assertThat(rows(hostTable(), "1 = 1")).isEqualTo(1);
      assertThat(s.sessionStore().find(TENANT, "s1").orElseThrow().version()).isEqualTo(2);
      assertThat(s.sessionStore().forSession(TENANT, "s1")).extracting(JournalRecord::kind)
          .containsExactly(JournalRecord.Kind.MIGRATED);
    }

    /**
     * Joined: the migration that owes the actions rolls back with the host's work, and is made again, from the same
     * state, at the next message: the same actions under the same effect id. The host's commit retires them (nothing
     * stays owed); a host that acknowledges all the same is told that they were retired already.
     */
    @Test
    void a_host_failure_after_execute_actions_gets_the_same_actions_and_effect_id_at_the_next_message() {
      JdbcStores s = freshHost();
      ScenarioMigration admin = engine(s, new Fixtures.TestClock(T0));
      deployed(admin, v2LoyaltyBeforeConfirm(), "confirm", "s1");
      Outcome[] first = new Outcome[1];

      try (HikariDataSource pool = pool(1, true, db.dataSource())) {
        ScenarioMigration host = engine(stores(new TransactionAwareDataSourceProxy(pool)), new Fixtures.TestClock(T0));
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
          first[0] = host.reconcile(TENANT, "s1");
          throw new HostFailure("loyalty enrolment failed");
        })).isExactlyInstanceOf(HostFailure.class);
        assertThat(first[0]).isEqualTo(new Outcome.ExecuteActions(List.of("loyalty"), "confirm", 2,
            first[0].effectId()));
        assertThat(first[0].effectId()).isNotNull();

        tx.executeWithoutResult(status -> {
          assertThat(host.reconcile(TENANT, "s1")).isEqualTo(first[0]);
          insertHostRow(pool, "loyalty-s1");
        });
        assertThat(s.sessionStore().find(TENANT, "s1").orElseThrow().owed()).as("retired by the host's commit")
            .isNull();
        tx.executeWithoutResult(status -> {
          assertThat(host.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
          assertThat(host.acknowledge(TENANT, "s1", first[0].effectId())).isFalse();
        });
      }
      assertThat(rows(hostTable(), "id = 'loyalty-s1'")).isEqualTo(1);
      assertThat(s.sessionStore().forSession(TENANT, "s1")).extracting(JournalRecord::kind)
          .containsExactly(JournalRecord.Kind.MIGRATED);
    }

    /**
     * Not joined (auto-commit on, no transaction manager): the migration commits on its own, so the actions stay owed,
     * offered with the same effect id at every message, until the host acknowledges them.
     */
    @Test
    void without_a_host_transaction_the_actions_are_offered_with_the_same_effect_id_until_acknowledged() {
      JdbcStores s = freshHost();
      ScenarioMigration admin = engine(s, new Fixtures.TestClock(T0));
      deployed(admin, v2LoyaltyBeforeConfirm(), "confirm", "s1");
      try (HikariDataSource pool = pool(1, true, db.dataSource())) {
        JdbcStores own = stores(pool);
        assertThat(own.sessionStore().joinsHostTransaction()).isFalse();
        ScenarioMigration host = engine(own, new Fixtures.TestClock(T0));

        Outcome first = host.reconcile(TENANT, "s1");
        // the host's enrolment fails: it never acknowledges
        assertThat(first).isEqualTo(new Outcome.ExecuteActions(List.of("loyalty"), "confirm", 2, first.effectId()));
        assertThat(s.sessionStore().find(TENANT, "s1").orElseThrow().owed().id()).isEqualTo(first.effectId());
        assertThat(host.reconcile(TENANT, "s1")).isEqualTo(first);
        assertThat(admin.reconcile(TENANT, "s1")).as("on another node").isEqualTo(first);

        assertThat(host.acknowledge(TENANT, "s1", first.effectId())).isTrue();
        assertThat(host.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
        assertThat(host.acknowledge(TENANT, "s1", first.effectId())).isFalse();
        assertThatThrownBy(() -> host.acknowledge(TENANT, "s1", "never-issued"))
            .isInstanceOf(org.scenariomigration.runtime.UnknownEffectException.class)
            .hasMessageContaining("'s1'").hasMessageContaining("'never-issued'");
      }
      assertThat(s.sessionStore().find(TENANT, "s1").orElseThrow().owed()).isNull();
      assertThat(s.sessionStore().forSession(TENANT, "s1")).extracting(JournalRecord::kind)
          .containsExactly(JournalRecord.Kind.MIGRATED, JournalRecord.Kind.EFFECT_RETIRED);
    }

    /**
     * An effect owed from outside the host's transaction (an eager batch migration run by a scheduler): an
     * acknowledgement, or a hand-over, inside a host transaction that rolls back is undone with it, and the next
     * message offers the effect again; the hand-over inside a host transaction that commits retires it.
     */
    @Test
    void an_acknowledgement_inside_a_host_transaction_that_rolls_back_is_undone_and_the_effect_offered_again() {
      JdbcStores s = freshHost();
      ScenarioMigration admin = engine(s, new Fixtures.TestClock(T0));
      MigrationPlan plan = deployed(admin, v2LoyaltyBeforeConfirm(), "confirm", "s1");
      Outcome owed = admin.operations().migrateNow(TENANT, plan.id(), 10, r -> { }).page().get(0).outcome();
      SessionState owing = s.sessionStore().find(TENANT, "s1").orElseThrow();
      assertThat(owing.owed().id()).isEqualTo(owed.effectId());

      try (HikariDataSource pool = pool(1, true, db.dataSource())) {
        JdbcStores joined = stores(new TransactionAwareDataSourceProxy(pool));
        ScenarioMigration host = engine(joined, new Fixtures.TestClock(T0));
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
          assertThat(joined.sessionStore().joinsHostTransaction()).isTrue();
          assertThat(host.acknowledge(TENANT, "s1", owed.effectId())).isTrue();
          assertThat(host.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
          throw new HostFailure("the host's work failed after the acknowledgement");
        })).isExactlyInstanceOf(HostFailure.class);
        assertThat(s.sessionStore().find(TENANT, "s1")).contains(owing);

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
          assertThat(host.reconcile(TENANT, "s1")).isEqualTo(owed);
          throw new HostFailure("the host's work failed after the hand-over");
        })).isExactlyInstanceOf(HostFailure.class);
        assertThat(s.sessionStore().find(TENANT, "s1")).contains(owing);

        tx.executeWithoutResult(status -> {
          assertThat(host.reconcile(TENANT, "s1")).isEqualTo(owed);
          insertHostRow(pool, "loyalty-s1");
        });
        tx.executeWithoutResult(status -> {
          assertThat(host.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
          assertThat(host.acknowledge(TENANT, "s1", owed.effectId())).isFalse();
        });
      }
      assertThat(s.sessionStore().find(TENANT, "s1").orElseThrow().owed()).isNull();
      List<JournalRecord> journal = s.sessionStore().forSession(TENANT, "s1");
      assertThat(journal).extracting(JournalRecord::kind)
          .containsExactly(JournalRecord.Kind.MIGRATED, JournalRecord.Kind.EFFECT_RETIRED);
      assertThat(journal.get(1).checkpointWarning()).contains(owed.effectId())
          .contains("handed over inside the host's transaction");
    }

    /**
     * Every kind of write the library makes, inside one host transaction on a pool of one connection: another
     * connection sees nothing until the host commits, the library never ends or changes the transaction, and the
     * host's rollback (which failed with "Cannot rollback when autoCommit is enabled" when the library switched
     * auto-commit on) undoes it all.
     */
    @Test
    void transaction_aware_data_source_proxy_on_a_pool_of_one_commits_nothing_early() {
      freshHost();
      List<String> calls = Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean();
      DataSource watched = Proxies.watching(db.dataSource(), (real, method, args) -> {
        // (a rollback to a savepoint of the library's own is allowed: it undoes a part of the library's work only)
        if (watching.get() && List.of("commit", "rollback", "setAutoCommit", "close", "setTransactionIsolation",
            "setReadOnly").contains(method) && !(args != null && args[0] instanceof java.sql.Savepoint)) {
          calls.add(method + (args == null ? "()" : "(" + args[0].getClass().getSimpleName() + ")"));
        }
      });
      try (HikariDataSource pool = pool(1, true, watched)) {
        JdbcStores stores = stores(new TransactionAwareDataSourceProxy(pool));
        ScenarioMigration host = engine(stores, new Fixtures.TestClock(T0));
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
        // (one tenant per run: the engine keeps facts per change generation, which the run that rolls back would
        // leave to the next one on the same scenario; that is the runtime's to settle, not this test's)
        java.util.function.BiConsumer<String, Boolean> everything = (tenant, commit) -> tx.executeWithoutResult(
            status -> {
          watching.set(true);
          insertHostRow(pool, "order-" + tenant);
          MigrationPlan plan = deployed(tenant, host, Fixtures.v2AgeInserted(), "checkout", "a", "b", "c", "d", "e");
          assertThat(seenOutside(tenant)).isEqualTo(nothing());
          stores.profileStore().put(tenant, "customer-a", new ProfileField("age", 40, "crm", 1.0, null));
          host.setVariables(tenant, "b", Map.of("age", 41));
          assertThat(host.reconcile(tenant, "a").kind()).isEqualTo(Outcome.Kind.TELEPORT);
          // an eager batch page claimed and committed inside the host's transaction
          assertThat(host.operations().migrateNow(tenant, plan.id(), 2, r -> { }).migrated()).isEqualTo(1);
          assertThat(seenOutside(tenant)).isEqualTo(nothing());
          assertThat(calls).as("what the library did to the host's connection").isEmpty();
          watching.set(false);
          if (!commit) {
            status.setRollbackOnly();
          }
        });
        everything.accept("rolled-back", false);
        assertThat(seenOutside("rolled-back")).isEqualTo(nothing());

        everything.accept(TENANT, true);
        Map<String, Long> seen = seenOutside();
        assertThat(seen).containsEntry("host", 1L).containsEntry("sessions", 5L).containsEntry("journal", 2L)
            .containsEntry("plans", 1L).containsEntry("profiles", 1L);
      }
    }

    @Test
    void a_failed_call_inside_the_host_transaction_leaves_nothing_of_itself_and_the_transaction_goes_on() {
      JdbcStores s = freshHost();
      try (HikariDataSource pool = pool(1, true, db.dataSource())) {
        JdbcStores stores = stores(new TransactionAwareDataSourceProxy(pool));
        ScenarioMigration host = engine(stores, new Fixtures.TestClock(T0));
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
        tx.executeWithoutResult(status -> {
          host.publish(TENANT, Fixtures.v1());
          host.publish(TENANT, Fixtures.v1());          // the same version again: a failed insert, then a look-up
          host.startSession(TENANT, "s1", "c1", "web", "order-flow");
          assertThatThrownBy(() -> host.startSession(TENANT, "s1", "c1", "web", "order-flow"))
              .isInstanceOf(DuplicateRecordException.class);
          SessionState one = stores.sessionStore().find(TENANT, "s1").orElseThrow();
          SessionState moved = one.withPinned(true);
          stores.sessionStore().commit(moved, one.revision(), record("r1", one, moved));
          // a commit whose journal insert fails after its session update: the update is undone with it
          SessionState again = moved.withRevision(2).withPosition(1, one.scenarioChecksum(), "confirm");
          assertThatThrownBy(() -> stores.sessionStore().commit(again, 2, record("r1", moved, again)))
              .isInstanceOf(DuplicateRecordException.class);
          insertHostRow(pool, "order-1");
        });
      }
      assertThat(rows(hostTable(), "1 = 1")).isEqualTo(1);
      SessionState stored = s.sessionStore().find(TENANT, "s1").orElseThrow();
      assertThat(stored.revision()).isEqualTo(2);
      assertThat(stored.currentStepId()).isEqualTo("welcome");
      assertThat(s.sessionStore().forSession(TENANT, "s1")).extracting(JournalRecord::id).containsExactly("r1");
      assertThat(s.scenarioStore().versions(TENANT, "order-flow")).containsExactly(1);
    }

    @Test
    void the_stores_on_the_pool_itself_wait_for_the_connection_the_caller_holds_and_fail_transient() {
      freshHost();
      try (HikariDataSource pool = pool(1, true, db.dataSource())) {
        ScenarioMigration wrong = engine(stores(pool), new Fixtures.TestClock(T0));
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
        tx.executeWithoutResult(status -> {
          insertHostRow(pool, "order-1");
          assertThatThrownBy(() -> wrong.publish(TENANT, Fixtures.v1()))
              .isInstanceOfSatisfying(JdbcStoreException.class, e -> assertThat(e.isTransient()).isTrue())
              .hasMessageContaining("save of scenario 'order-flow' version 1");
        });
      }
      assertThat(rows(hostTable(), "1 = 1")).isEqualTo(1);
    }

    @Test
    void a_lost_connection_is_a_transient_failure_and_a_missing_table_is_not() throws SQLException {
      freshHost();
      JdbcStores missing = JdbcStores.builder(dataSource).tablePrefix(TestDatabase.uniquePrefix())
          .dialect(db.dialect()).createSchema(false).build();
      assertThatThrownBy(() -> missing.sessionStore().find(TENANT, "s1"))
          .isInstanceOfSatisfying(JdbcStoreException.class, e -> {
            assertThat(e.isTransient()).isFalse();
            assertThat(e.sqlState()).startsWith("42");
          });
      if (db.dialect() == Dialect.H2) {
        return; // embedded: there is no server connection to lose
      }
      try (Connection own = db.dataSource().getConnection()) {
        JdbcStores s = stores(Proxies.single(own));
        s.sessionStore().insert(StoreFixtures.session(TENANT, "s1", "checkout"));
        db.kill(own);
        assertThatThrownBy(() -> s.sessionStore().find(TENANT, "s1"))
            .isInstanceOfSatisfying(JdbcStoreException.class, e -> assertThat(e.isTransient())
                .as("%s (sql state %s)", e.getMessage(), e.sqlState()).isTrue());
      }
    }

    /**
     * A pool configured without auto-commit and no transaction manager: by default the library commits nothing (the
     * pool rolls its writes back) and refuses to migrate the schema; {@code commitWhenAutoCommitOff(true)} commits
     * each operation, without ever switching auto-commit on.
     */
    @Test
    void commit_when_auto_commit_off_commits_each_operation_on_a_pool_without_auto_commit() {
      JdbcStores s = freshHost();
      List<String> switched = Collections.synchronizedList(new ArrayList<>());
      DataSource watched = Proxies.watching(db.dataSource(), (real, method, args) -> {
        if (method.equals("setAutoCommit") && (Boolean) args[0]) {
          switched.add("setAutoCommit(true)");
        }
      });
      try (HikariDataSource pool = pool(2, false, watched)) {
        stores(pool).sessionStore().insert(StoreFixtures.session(TENANT, "lost", "checkout"));
        assertThat(s.sessionStore().find(TENANT, "lost")).as("rolled back by the pool").isEmpty();
        assertThatThrownBy(() -> JdbcStores.builder(pool).tablePrefix(prefix).build())
            .isInstanceOf(JdbcStoreException.class).hasMessageContaining("auto-commit off")
            .hasMessageContaining("commitWhenAutoCommitOff(true)");

        JdbcStores own = JdbcStores.builder(pool).tablePrefix(prefix).commitWhenAutoCommitOff(true).build();
        switched.clear(); // (the schema migration runs its DDL in auto-commit and restores the connection after it)
        ScenarioMigration m = engine(own, new Fixtures.TestClock(T0));
        m.publish(TENANT, Fixtures.v1());
        m.startSession(TENANT, "s1", "c1", "web", "order-flow");
        m.advance(TENANT, "s1", "checkout");
        MigrationPlan plan = m.operations().generatePlan(TENANT, Fixtures.v2PaymentDownstream(), "op");
        m.operations().approve(TENANT, plan.id(), "lead");
        m.operations().deploy(TENANT, plan.id());
        assertThat(m.reconcile(TENANT, "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);
      }
      assertThat(s.sessionStore().find(TENANT, "s1").orElseThrow().version()).isEqualTo(2);
      assertThat(s.sessionStore().forSession(TENANT, "s1")).hasSize(1);
      assertThat(switched).isEmpty();
    }
  }

  // ------------------------------------------------------------------------------------------- connections

  abstract class ConnectionUseTests {

    /**
     * One read per message: {@code reconcileWithState} of an up-to-date session runs one statement, the session's
     * primary-key read, and answers the state the host needs; {@code reconcile} followed by {@code session} runs two.
     * After a migration the state answered is the one stored.
     */
    @Test
    void a_message_to_an_up_to_date_session_runs_one_read_with_its_state() {
      freshHost();
      Proxies.Recorder recorder = new Proxies.Recorder();
      ScenarioMigration m = engine(stores(Proxies.watching(db.dataSource(), recorder)), new Fixtures.TestClock(T0));
      m.publish(TENANT, Fixtures.v1());
      m.startSession(TENANT, "s1", "c-1", "web", "order-flow");
      m.advance(TENANT, "s1", "checkout");
      m.setVariables(TENANT, "s1", Map.of("item", "book"));
      m.reconcileWithState(TENANT, "s1"); // the current version's look-up is cached from here on

      for (int message = 0; message < 3; message++) {
        recorder.clear();
        org.scenariomigration.runtime.Reconciled r = m.reconcileWithState(TENANT, "s1");
        assertThat(recorder.statements()).hasSize(1);
        assertThat(recorder.statements().get(0)).startsWith("SELECT").contains(prefix + "sessions");
        assertThat(r.outcome()).isEqualTo(Outcome.CONTINUE);
        assertThat(r.session()).isEqualTo(m.session(TENANT, "s1"));
        assertThat(r.session().currentStepId()).isEqualTo("checkout");
        assertThat(r.session().variables()).containsEntry("item", "book");
      }
      recorder.clear();
      m.reconcile(TENANT, "s1");
      m.session(TENANT, "s1");
      assertThat(recorder.statements()).hasSize(2); // what a host paid before

      MigrationPlan plan = m.operations().generatePlan(TENANT, Fixtures.v2PaymentDownstream(), "op");
      m.operations().approve(TENANT, plan.id(), "lead");
      m.operations().deploy(TENANT, plan.id());
      org.scenariomigration.runtime.Reconciled moved = m.reconcileWithState(TENANT, "s1");
      assertThat(moved.outcome()).isInstanceOf(Outcome.Teleport.class);
      assertThat(moved.session()).isEqualTo(m.session(TENANT, "s1"));
      assertThat(moved.session().version()).isEqualTo(2);
      m.reconcileWithState(TENANT, "s1"); // settles the current-version cache on v2
      recorder.clear();
      assertThat(m.reconcileWithState(TENANT, "s1").session().version()).isEqualTo(2);
      assertThat(recorder.statements()).hasSize(1);
    }

    /**
     * The figures of the README: without a host transaction each call holds one connection at a time, except an eager
     * batch migration, whose claimed page holds one while the page's reads take another.
     */
    @Test
    void without_a_host_transaction_each_call_holds_one_connection_at_a_time_and_migrate_now_two() {
      freshHost();
      CountingDataSource counting = new CountingDataSource(db.dataSource());
      ScenarioMigration m = engine(stores(counting), new Fixtures.TestClock(T0));
      Map<String, Integer> most = new java.util.LinkedHashMap<>();
      java.util.function.BiConsumer<String, Runnable> call = (name, r) -> {
        counting.reset();
        r.run();
        most.put(name, counting.most());
      };
      MigrationPlan[] plan = new MigrationPlan[1];
      call.accept("publish", () -> m.publish(TENANT, Fixtures.v1()));
      call.accept("startSession", () -> {
        for (String id : List.of("a", "b", "c")) {
          m.startSession(TENANT, id, "c-" + id, "web", "order-flow");
        }
      });
      call.accept("advance", () -> {
        for (String id : List.of("a", "b", "c")) {
          m.advance(TENANT, id, "checkout");
        }
      });
      call.accept("setVariables", () -> m.setVariables(TENANT, "a", Map.of("x", 1)));
      call.accept("profile put", () -> {
        for (String id : List.of("a", "b", "c")) {
          stores(counting).profileStore().put(TENANT, "c-" + id, new ProfileField("age", 30, "crm", 1.0, null));
        }
      });
      call.accept("generatePlan", () -> plan[0] = m.operations().generatePlan(TENANT, Fixtures.v2AgeInserted(), "op"));
      call.accept("approve", () -> m.operations().approve(TENANT, plan[0].id(), "lead"));
      call.accept("deploy", () -> m.operations().deploy(TENANT, plan[0].id()));
      call.accept("reconcile", () -> m.reconcile(TENANT, "a"));
      call.accept("migrateNow", () -> m.operations().migrateNow(TENANT, plan[0].id(), 10, r -> { }));
      call.accept("deploymentStatus", () -> m.operations().deploymentStatus(TENANT, plan[0].id()));
      call.accept("rollback", () -> m.operations().rollback(TENANT, plan[0].id()));

      Map<String, Integer> expected = new java.util.LinkedHashMap<>();
      for (String name : most.keySet()) {
        expected.put(name, name.equals("migrateNow") ? 2 : 1);
      }
      assertThat(most).isEqualTo(expected);
      assertThat(counting.open()).isZero();
    }

    /**
     * With the stores' unit of work ({@code ScenarioMigration.builder().stores(jdbcStores)}) an operator call holds one connection from
     * its start to its end: one transaction.
     */
    @Test
    void with_the_unit_of_work_each_operator_call_runs_on_one_connection() {
      freshHost();
      CountingDataSource counting = new CountingDataSource(db.dataSource());
      ScenarioMigration m = ScenarioMigration.builder().stores(stores(counting)).clock(new Fixtures.TestClock(T0)).build();
      m.publish(TENANT, Fixtures.v1());
      for (String id : List.of("a", "b", "c")) {
        m.startSession(TENANT, id, "c-" + id, "web", "order-flow");
        m.advance(TENANT, id, "checkout");
      }
      MigrationPlan plan = m.operations().generatePlan(TENANT, Fixtures.v2PaymentDownstream(), "op");
      Map<String, Runnable> calls = new java.util.LinkedHashMap<>();
      calls.put("approve", () -> m.operations().approve(TENANT, plan.id(), "lead"));
      calls.put("deploy", () -> m.operations().deploy(TENANT, plan.id(), 50));
      calls.put("widenRollout", () -> m.operations().widenRollout(TENANT, plan.id(), 100));
      calls.put("rollback", () -> m.operations().rollback(TENANT, plan.id()));
      calls.put("purge", () -> m.operations().purge(TENANT, "order-flow", false));
      Map<String, List<Integer>> used = new java.util.LinkedHashMap<>();
      for (Map.Entry<String, Runnable> call : calls.entrySet()) {
        int opened = counting.opened();
        counting.reset();
        call.getValue().run();
        used.put(call.getKey(), List.of(counting.opened() - opened, counting.most()));
      }
      Map<String, List<Integer>> expected = new java.util.LinkedHashMap<>();
      calls.keySet().forEach(k -> expected.put(k, List.of(1, 1)));
      assertThat(used).isEqualTo(expected);
      assertThat(counting.open()).isZero();
    }

    /** Inside the host's transaction every call, eager batch migration included, uses the host's one connection. */
    @Test
    void inside_the_host_transaction_every_call_uses_the_hosts_one_connection() {
      freshHost();
      CountingDataSource physical = new CountingDataSource(db.dataSource());
      try (HikariDataSource pool = pool(1, true, physical)) {
        AtomicInteger handedOut = new AtomicInteger();
        DataSource proxy = new TransactionAwareDataSourceProxy(pool) {
          @Override
          public Connection getConnection() throws SQLException {
            handedOut.incrementAndGet();
            return super.getConnection();
          }
        };
        ScenarioMigration host = engine(stores(proxy), new Fixtures.TestClock(T0));
        new TransactionTemplate(new DataSourceTransactionManager(pool)).executeWithoutResult(status -> {
          MigrationPlan plan = deployed(host, Fixtures.v2PaymentDownstream(), "checkout", "a", "b", "c");
          host.reconcile(TENANT, "a");
          host.operations().migrateNow(TENANT, plan.id(), 10, r -> { });
        });
        assertThat(handedOut.get()).isGreaterThan(10);
        assertThat(physical.opened()).isEqualTo(1);
        assertThat(physical.most()).isEqualTo(1);
      }
      assertThat(rows(prefix + "journal", "tenant_id = '" + TENANT + "'")).isEqualTo(3);
    }
  }

  // ------------------------------------------------------------------------------------------- Flyway

  /** The README's recipe: the host's Flyway runs its own V1 and, with a history table of their own, the library's. */
  abstract class FlywayRecipeTests {

    /** The folder of the library's scripts; MariaDB's are also under the {@code mysql} alias, used here. */
    String folder() {
      return db.dialect() == Dialect.MARIADB ? "mysql" : db.dialect().name();
    }

    Flyway library(String p, String target) {
      return Flyway.configure().dataSource(dataSource)
          .locations("classpath:db/scenario-migration/" + folder())
          .table(p + "schema_history")
          .placeholders(Map.of("prefix", p))
          .baselineOnMigrate(true).baselineVersion("0")
          .target(target)
          .load();
    }

    @Test
    void the_hosts_flyway_runs_the_library_scripts_next_to_its_own_v1_and_schema_version_reads_them() {
      String p = TestDatabase.uniquePrefix();
      try {
        Flyway host = Flyway.configure().dataSource(dataSource).locations("classpath:db/host-test")
            .table(p + "host_history").placeholders(Map.of("prefix", p))
            .baselineOnMigrate(true).baselineVersion("0").load();
        assertThat(host.migrate().migrationsExecuted).isEqualTo(1);

        assertThat(library(p, "2").migrate().migrationsExecuted).isEqualTo(2);
        assertThatThrownBy(() -> JdbcStores.builder(dataSource).tablePrefix(p)
            .flywayHistoryTable(p + "schema_history").build())
            .isInstanceOf(JdbcStoreException.class).hasMessageContaining("schema version 2")
            .hasMessageContaining("'" + p + "schema_history'")
            .hasMessageContaining("version " + JdbcStores.latestSchemaVersion());

        assertThat(library(p, "latest").migrate().migrationsExecuted)
            .isEqualTo(JdbcStores.latestSchemaVersion() - 2);
        JdbcStores s = JdbcStores.builder(dataSource).tablePrefix(p).flywayHistoryTable(p + "schema_history").build();

        assertThat(s.schemaVersion()).isEqualTo(JdbcStores.latestSchemaVersion());
        assertThat(db.tables(dataSource, p)).doesNotContain(p + "schema_version");
        ScenarioMigration m = engine(s, new Fixtures.TestClock(T0));
        m.publish(TENANT, Fixtures.v1());
        m.startSession(TENANT, "s1", "c1", "web", "order-flow");
        assertThat(m.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
        assertThatThrownBy(s::migrateSchema).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("'" + p + "schema_history'");
        assertThatThrownBy(() -> s.downgradeSchema(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> JdbcStores.builder(dataSource).tablePrefix(p)
            .flywayHistoryTable(p + "no_such_history").build())
            .isInstanceOf(JdbcStoreException.class).hasMessageContaining("schema version 0");
      } finally {
        dropFlywaySchema(p);
      }
    }

    @Test
    void the_mysql_folder_holds_the_mariadb_scripts_byte_for_byte() throws Exception {
      for (SchemaScript s : JdbcStores.schemaScripts(Dialect.MARIADB)) {
        for (String resource : List.of(s.upgradeResource(), s.downgradeResource())) {
          String alias = resource.replace("/mariadb/", "/mysql/");
          try (var a = getClass().getClassLoader().getResourceAsStream(resource);
              var b = getClass().getClassLoader().getResourceAsStream(alias)) {
            assertThat(b).as(alias).isNotNull();
            assertThat(b.readAllBytes()).as(alias).isEqualTo(a.readAllBytes());
          }
        }
      }
    }

    void dropFlywaySchema(String p) {
      try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
        for (int v = JdbcStores.latestSchemaVersion(); v >= 1; v--) {
          for (String statement : SchemaMigrator.statements(
              JdbcStores.schemaScripts(db.dialect()).get(v - 1).downgradeSql(p))) {
            try {
              st.execute(statement);
            } catch (SQLException e) {
              // a version Flyway did not get to
            }
          }
        }
        for (String t : List.of(p + "schema_history", p + "host_history", p + "orders")) {
          st.execute("DROP TABLE IF EXISTS " + db.dialect().quoteIdentifier(t));
          st.execute("DROP TABLE IF EXISTS " + t);
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
