package org.scenariomigration.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scenariomigration.MovableClock;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.runtime.AtomicOperatorCallsContract;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.spi.FaultyDataSource;

/**
 * {@link AtomicOperatorCallsContract} on the JDBC stores of one database, built by
 * {@code ScenarioMigration.builder().stores(jdbcStores)}'s recipe (the four stores and their unit of work) over a
 * {@link FaultyDataSource}: every statement execution and commit of each operator call fails in turn, before or after
 * it, and the call leaves exactly the state before or after. Each trial is a tenant of its own in one schema, created
 * under a table prefix of this run and dropped after it. One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AtomicOperatorCallsJdbc extends AtomicOperatorCallsContract {

  /** The database under test. */
  protected abstract TestDatabase database();

  private TestDatabase db;
  private HikariDataSource pool;
  private FaultyDataSource faulty;
  private String prefix;
  private JdbcStores stores;
  private String unreachable;

  @BeforeAll
  void create_the_schema_under_a_prefix_of_this_run() {
    db = database();
    unreachable = db.unreachableReason();
    if (unreachable != null) {
      return;
    }
    HikariConfig cfg = new HikariConfig();
    cfg.setDataSource(db.dataSource());
    cfg.setMaximumPoolSize(4);
    cfg.setMinimumIdle(1);
    cfg.setPoolName("atomic-" + db.name);
    pool = new HikariDataSource(cfg);
    faulty = new FaultyDataSource(pool);
    prefix = TestDatabase.uniquePrefix();
    stores = JdbcStores.builder(faulty).tablePrefix(prefix).build();
  }

  @BeforeEach
  void skip_when_the_database_is_unreachable() {
    Assumptions.assumeTrue(unreachable == null, unreachable);
  }

  @AfterAll
  void drop_the_schema_of_this_run() {
    if (stores != null) {
      faulty.disarm();
      stores.downgradeSchema(0);
      db.dropBookkeeping(pool, prefix);
    }
    if (pool != null) {
      pool.close();
    }
  }

  /**
   * A deploy in one transaction racing with three threads of messages: every session is migrated once, by the plan,
   * with one journal record, and no message acts on the deploy before it committed. A deploy that the database chose
   * as a deadlock's victim (MariaDB) throws a transient {@link JdbcStoreException} and is retried, as a host would.
   */
  @Test
  void a_deploy_in_one_transaction_racing_with_messages_migrates_every_session_once() throws Exception {
    String tenant = "race-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    ScenarioMigration m = ScenarioMigration.builder().stores(stores).clock(new MovableClock(Fixtures.T0)).config(
        MigrationConfig.custom()
            .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build()).build();
    m.publish(tenant, Fixtures.v1());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add("s" + i);
      m.startSession(tenant, "s" + i, "c" + i, "web", "order-flow");
      m.advance(tenant, "s" + i, "checkout");
    }
    MigrationPlan plan = m.operations().generatePlan(tenant, Fixtures.v2PaymentDownstream(), "op");
    m.operations().approve(tenant, plan.id(), "lead");
    AtomicBoolean deployed = new AtomicBoolean();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<?>> messages = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      messages.add(pool.submit(() -> {
        boolean last = false;
        while (!last) {
          last = deployed.get();
          for (String id : ids) {
            try {
              m.reconcile(tenant, id);
            } catch (RuntimeException e) {
              if (!(e instanceof ConcurrentUpdateException)) {
                failures.add(e);
              }
            }
          }
        }
      }));
    }
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          m.operations().deploy(tenant, plan.id());
          break;
        } catch (JdbcStoreException e) {
          if (!e.isTransient() || attempt >= 5) {
            throw e;
          }
        }
      }
      deployed.set(true);
      for (Future<?> f : messages) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      deployed.set(true);
      pool.shutdownNow();
    }
    for (String id : ids) {
      m.reconcile(tenant, id);
    }
    assertThat(failures).isEmpty();
    for (String id : ids) {
      assertThat(m.session(tenant, id).version()).as("%s: %s, journal %s", id, m.session(tenant, id),
          m.journal(tenant, id)).isEqualTo(2);
      assertThat(m.journal(tenant, id)).as(id).singleElement()
          .satisfies(r -> assertThat(r.planId()).isEqualTo(plan.id()));
    }
    assertThat(m.operations().deploymentStatus(tenant, plan.id()).migrationsApplied()).isEqualTo(ids.size());
  }

  @Override
  protected Stores stores() {
    return new Stores(stores.scenarioStore(), stores.planStore(), stores.sessionStore(), stores.profileStore(),
        stores.unitOfWork(), faulty);
  }

  @Override
  protected boolean atomic() {
    return true;
  }
}
