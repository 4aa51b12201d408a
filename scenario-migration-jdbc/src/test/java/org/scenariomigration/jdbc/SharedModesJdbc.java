package org.scenariomigration.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scenariomigration.runtime.MigrationMode;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.runtime.SharedModesContract;
import org.scenariomigration.spi.ModeStore;

/**
 * {@link SharedModesContract} on one database: every node gets {@code JdbcStores} of its own (its own caches) on the
 * same pool and table prefix, as two hosts on one database would. One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedModesJdbc extends SharedModesContract {

  /** The database under test. */
  protected abstract TestDatabase database();

  private SchemaOfThisRun schema;

  @BeforeAll
  void create_the_schema_under_a_prefix_of_this_run() {
    schema = new SchemaOfThisRun(database(), "modes");
  }

  @AfterAll
  void drop_the_schema_of_this_run() {
    schema.close();
  }

  @Override
  protected ScenarioMigration.Builder node() {
    return ScenarioMigration.builder().stores(JdbcStores.builder(schema.pool).tablePrefix(schema.prefix)
        .createSchema(false)
        .clock(clock).build());
  }

  @Override
  protected ModeStore modeStore() {
    schema.assumeReachable();
    return schema.stores.modeStore();
  }

  @Test
  void a_change_is_one_row_of_the_journal_and_the_settings_row_carries_its_revision() throws SQLException {
    ScenarioMigration a = node().build();

    long revision = a.operations().setMode(tenant, MigrationMode.STRICT, "alice").revision();

    try (Connection c = schema.pool.getConnection(); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT revision FROM " + schema.prefix + "mode_settings")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(revision);
      }
      try (ResultSet rs = st.executeQuery("SELECT scope, from_value, to_value, changed_by FROM " + schema.prefix
          + "mode_changes WHERE revision = " + revision)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("tenant");
        assertThat(rs.getString(2)).isNull();
        assertThat(rs.getString(3)).isEqualTo("strict");
        assertThat(rs.getString(4)).isEqualTo("alice");
      }
    }
  }
}
