package org.scenariomigration.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * A pool on one test database and the library's schema under a table prefix of this run, for a test class that
 * creates it once ({@code @BeforeAll}) and drops it at the end ({@code @AfterAll}); when the database is unreachable
 * it holds the reason, and {@link #assumeReachable()} skips the tests.
 */
final class SchemaOfThisRun implements AutoCloseable {
  final TestDatabase db;
  final String unreachable;
  final HikariDataSource pool;
  final String prefix;
  final JdbcStores stores;

  SchemaOfThisRun(TestDatabase db, String poolName) {
    this.db = db;
    this.unreachable = db.unreachableReason();
    if (unreachable != null) {
      pool = null;
      prefix = null;
      stores = null;
      return;
    }
    HikariConfig cfg = new HikariConfig();
    cfg.setDataSource(db.dataSource());
    cfg.setMaximumPoolSize(4);
    cfg.setMinimumIdle(1);
    cfg.setPoolName(poolName + "-" + db.name);
    pool = new HikariDataSource(cfg);
    prefix = TestDatabase.uniquePrefix();
    stores = JdbcStores.builder(pool).tablePrefix(prefix).build();
  }

  /** Skips the calling test when the database is unreachable. */
  void assumeReachable() {
    Assumptions.assumeTrue(unreachable == null, unreachable);
  }

  /** Drops the schema of this run and closes the pool. */
  @Override
  public void close() {
    if (stores != null) {
      stores.downgradeSchema(0);
      db.dropBookkeeping(pool, prefix);
    }
    if (pool != null) {
      pool.close();
    }
  }
}
