package org.scenariomigration.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The JDBC stores of one test class on one database, in a schema under a table prefix of this run: created by
 * {@link #open}, dropped by {@link #close}. {@link #unreachable()} says why the database cannot be reached, or
 * {@code null}.
 */
final class JdbcTestRun implements AutoCloseable {
  private final TestDatabase db;
  private final String unreachable;
  private HikariDataSource pool;
  private JdbcStores stores;
  private String prefix;

  private JdbcTestRun(TestDatabase db, String poolName) {
    this.db = db;
    this.unreachable = db.unreachableReason();
    if (unreachable != null) {
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

  /** The stores of a run on {@code db}, unless it is unreachable. */
  static JdbcTestRun open(TestDatabase db, String poolName) {
    return new JdbcTestRun(db, poolName);
  }

  /** Why the database cannot be reached, or {@code null}. */
  String unreachable() {
    return unreachable;
  }

  /** The stores (the four of them and their unit of work). */
  JdbcStores stores() {
    return stores;
  }

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
