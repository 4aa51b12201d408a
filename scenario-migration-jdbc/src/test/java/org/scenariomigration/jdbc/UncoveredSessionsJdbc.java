package org.scenariomigration.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.scenariomigration.runtime.UncoveredSessionsContract;
import org.scenariomigration.runtime.ScenarioMigration;

/**
 * {@link UncoveredSessionsContract} on the JDBC stores of one database, built by {@code ScenarioMigration.builder().stores(jdbcStores)}
 * (the four stores and their unit of work), under a table prefix of this run. One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UncoveredSessionsJdbc extends UncoveredSessionsContract {

  /** The database under test. */
  protected abstract TestDatabase database();

  private SchemaOfThisRun schema;

  @BeforeAll
  void create_the_schema_under_a_prefix_of_this_run() {
    schema = new SchemaOfThisRun(database(), "uncovered");
  }

  @BeforeEach
  void skip_when_the_database_is_unreachable() {
    schema.assumeReachable();
  }

  @AfterAll
  void drop_the_schema_of_this_run() {
    schema.close();
  }

  @Override
  protected ScenarioMigration.Builder builder() {
    return ScenarioMigration.builder().stores(schema.stores);
  }
}
