package org.scenariomigration.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.scenariomigration.runtime.AtomicOperatorCallsContract;
import org.scenariomigration.spi.FaultyDataSource;

/**
 * {@link AtomicOperatorCallsContract} on the JDBC stores of one database, built by
 * {@link JdbcStores#migrationBuilder()}'s recipe (the four stores and their unit of work) over a
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
