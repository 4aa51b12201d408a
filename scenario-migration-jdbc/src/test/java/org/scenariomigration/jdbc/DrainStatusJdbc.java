package org.scenariomigration.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.scenariomigration.runtime.DrainStatusContract;
import org.scenariomigration.runtime.ScenarioMigration;

/**
 * {@link DrainStatusContract} on the JDBC stores of one database ({@code ScenarioMigration.builder().stores(...)}:
 * the counts are the store's aggregate statement), in a schema under a table prefix of this run. One subclass per
 * database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DrainStatusJdbc extends DrainStatusContract {

  /** The database under test. */
  protected abstract TestDatabase database();

  private SchemaOfThisRun schema;

  @BeforeAll
  void create_the_schema_under_a_prefix_of_this_run() {
    schema = new SchemaOfThisRun(database(), "drain");
  }

  @AfterAll
  void drop_the_schema_of_this_run() {
    schema.close();
  }

  @Override
  protected ScenarioMigration.Builder builder() {
    schema.assumeReachable();
    return ScenarioMigration.builder().stores(schema.stores);
  }
}
