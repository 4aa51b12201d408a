package org.scenariomigration.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.runtime.VariableMappingsContract;

/**
 * {@link VariableMappingsContract} on the JDBC stores of one database ({@code ScenarioMigration.builder()
 * .stores(jdbcStores)}: the four stores and their unit of work), in a schema under a table prefix of this run: the
 * mappings stored with the plan (every kind of default value round-tripped), applied and undone through the database.
 * One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class VariableMappingsJdbc extends VariableMappingsContract {

  /** The database under test. */
  protected abstract TestDatabase database();

  private TestDatabase db;
  private HikariDataSource pool;
  private JdbcStores stores;
  private String prefix;
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
    cfg.setPoolName("mappings-" + db.name);
    pool = new HikariDataSource(cfg);
    prefix = TestDatabase.uniquePrefix();
    stores = JdbcStores.builder(pool).tablePrefix(prefix).build();
  }

  @BeforeEach
  void skip_when_the_database_is_unreachable() {
    Assumptions.assumeTrue(unreachable == null, unreachable);
  }

  @AfterAll
  void drop_the_schema_of_this_run() {
    if (stores != null) {
      stores.downgradeSchema(0);
      db.dropBookkeeping(pool, prefix);
    }
    if (pool != null) {
      pool.close();
    }
  }

  @Override
  protected ScenarioMigration.Builder builder() {
    return ScenarioMigration.builder().stores(stores);
  }
}
