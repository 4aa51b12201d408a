package org.scenariomigration.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.runtime.SessionEndsContract;
import org.scenariomigration.spi.ProfileStore;

/**
 * {@link SessionEndsContract} on the JDBC stores of one database, built by {@code ScenarioMigration.builder().stores(jdbcStores)} (the
 * four stores and their unit of work), in a schema under a table prefix of this run; the scan selects every column of
 * every table under the prefix as text. One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SessionEndsJdbc extends SessionEndsContract {

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
    cfg.setPoolName("ends-" + db.name);
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

  @Override
  protected ProfileStore profiles() {
    return stores.profileStore();
  }

  /** Every column of every row of every table under this run's prefix, read as text. */
  @Override
  protected List<String> storedTexts() {
    List<String> out = new ArrayList<>();
    List<String> tables = db.tables(pool, prefix);
    assertThat(tables).contains(prefix + "sessions", prefix + "journal", prefix + "profiles", prefix + "erasures",
        prefix + "visits");
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      for (String table : tables) {
        try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            for (int i = 1; i <= md.getColumnCount(); i++) {
              String v = rs.getString(i);
              if (v != null) {
                out.add(v);
              }
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  @Test
  void the_end_of_a_session_is_stored_in_its_row_and_an_erasure_record_in_a_table_of_its_own() {
    ScenarioMigration m = builder().clock(clock).build();
    m.publish(tenant, org.scenariomigration.scenario.Seeds.v1());
    m.startSession(tenant, "s1", "c1", "web", "order-flow");
    m.endSession(tenant, "s1", org.scenariomigration.session.EndReason.of("transferred"));
    m.operations().forgetCustomer(tenant, "c1", "dpo");
    List<String> texts = storedTexts();
    assertThat(texts).contains("transferred", "dpo");
    assertThat(stores.sessionStore().find(tenant, "s1").orElseThrow().end().reason().name())
        .isEqualTo("transferred");
  }

  @Test
  void a_visit_the_log_refuses_rolls_the_session_write_back_in_the_same_transaction() {
    ScenarioMigration m = builder().clock(clock).config(org.scenariomigration.runtime.MigrationConfig.custom()
        .visitLog(true)
            .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build()).build();
    m.publish(tenant, org.scenariomigration.scenario.Seeds.v1());
    // rows in the way of the visits the next writes make: each append fails, after its session write ran
    org.scenariomigration.spi.LoggedVisit squatter = new org.scenariomigration.spi.LoggedVisit(0, "c1", "confirm",
        "squatter", "hash", 1, clock.instant());
    stores.visitLog().append(tenant, "s2", squatter);
    m.startSession(tenant, "s1", "c1", "web", "order-flow");
    stores.visitLog().append(tenant, "s1", new org.scenariomigration.spi.LoggedVisit(1, "c1", "confirm",
        "squatter", "hash", 1, clock.instant()));
    org.scenariomigration.session.SessionState before = m.session(tenant, "s1");

    assertThatThrownBy(() -> m.advance(tenant, "s1", "checkout"))
        .isInstanceOf(org.scenariomigration.spi.VisitConflictException.class).hasMessageContaining("'s1'");
    assertThatThrownBy(() -> m.startSession(tenant, "s2", "c1", "web", "order-flow"))
        .isInstanceOf(org.scenariomigration.spi.VisitConflictException.class).hasMessageContaining("'s2'");

    assertThat(m.session(tenant, "s1")).isEqualTo(before);
    assertThat(stores.sessionStore().find(tenant, "s2")).isEmpty();
    assertThat(stores.visitLog().visits(tenant, "s2", -1, 10).visits()).containsExactly(squatter);
    assertThat(stores.visitLog().visits(tenant, "s1", -1, 10).visits()).extracting(v -> v.stepId())
        .containsExactly("welcome", "confirm");
  }
}
