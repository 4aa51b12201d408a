package org.scenariomigration.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.spi.StoreFixtures;

class JdbcStoresBuilderTest {

  private static DataSource h2(String name) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  @Test
  void build_reports_every_invalid_argument_at_once_in_lowercase_with_the_bad_values() {
    assertThatThrownBy(() -> JdbcStores.builder(null).tablePrefix("SM-x; DROP").currentVersionCacheTtl(
        Duration.ofSeconds(-1)).clock(null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("data source must not be null")
        .hasMessageContaining("table prefix must match [a-z_][a-z0-9_]*")
        .hasMessageContaining("'SM-x; DROP'")
        .hasMessageContaining("current version cache ttl must not be null or negative but was PT-1S")
        .hasMessageContaining("clock must not be null")
        .satisfies(e -> assertThat(e.getMessage().substring(0, 40))
            .isEqualTo(e.getMessage().substring(0, 40).toLowerCase(Locale.ROOT)));
  }

  @Test
  void table_prefixes_that_could_inject_sql_or_exceed_identifier_limits_are_rejected() {
    for (String bad : new String[] {"", "1sm_", "sm-", "sm_;", "Sm_", "sm_ x", "\"sm\"", "a".repeat(31)}) {
      assertThatThrownBy(() -> JdbcStores.builder(h2("prefix")).tablePrefix(bad).build()).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
    }
    assertThatThrownBy(() -> JdbcStores.builder(h2("prefix")).tablePrefix(null).build())
        .hasMessageContaining("but was null");
    assertThat(JdbcStores.builder(h2("prefix")).tablePrefix("_x9_").build().tablePrefix()).isEqualTo("_x9_");
  }

  /**
   * By default a journal record keeps the state after the migration as a change to the state before (format 2);
   * {@code fullJournalStates(true)} keeps it in full (format 1), as a release before the change form reads it. Both
   * read back as the same record.
   */
  @Test
  void journal_bodies_keep_the_after_state_as_a_change_unless_full_states_are_asked_for_a_rolling_upgrade()
      throws Exception {
    java.util.List<JournalRecord> records = new java.util.ArrayList<>();
    for (boolean full : new boolean[] {false, true}) {
      DataSource ds = h2("journal_form_" + full);
      JdbcStores stores = JdbcStores.builder(ds).fullJournalStates(full).build();
      Fixtures.TestClock clock = new Fixtures.TestClock(Fixtures.T0);
      ScenarioMigration m = ScenarioMigration.builder().stores(stores).clock(clock).planIdGenerator(() -> "p1").build();
      m.publish("t1", Fixtures.v1());
      m.startSession("t1", "s1", "c1", "web", "order-flow");
      m.advance("t1", "s1", "checkout");
      m.setVariables("t1", "s1", java.util.Map.of("name", "Ada"));
      org.scenariomigration.plan.MigrationPlan p = m.operations().generatePlan("t1", Fixtures.v2PaymentDownstream(),
          "ops");
      m.operations().approve("t1", p.id(), "lead");
      m.operations().deploy("t1", p.id());
      assertThat(m.reconcile("t1", "s1")).isInstanceOf(Outcome.Teleport.class);
      try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement();
          java.sql.ResultSet rs = st.executeQuery("SELECT body FROM sm_journal WHERE kind = 'migrated'")) {
        assertThat(rs.next()).isTrue();
        com.fasterxml.jackson.databind.JsonNode body = org.scenariomigration.json.Json.parse("test", rs.getString(1));
        assertThat(body.path("format_version").intValue()).isEqualTo(full ? 1 : 2);
        assertThat(body.has("after")).isEqualTo(full);
        assertThat(body.has("after_change")).isEqualTo(!full);
      }
      JournalRecord r = m.journal("t1", "s1").stream().filter(x -> x.kind() == JournalRecord.Kind.MIGRATED)
          .findFirst().orElseThrow();
      assertThat(r.after()).isEqualTo(m.session("t1", "s1"));
      records.add(r);
    }
    assertThat(records.get(0)).usingRecursiveComparison().ignoringFields("id").isEqualTo(records.get(1));
  }

  @Test
  void an_h2_file_database_needs_no_setup_and_keeps_its_data_across_restarts(@TempDir Path dir) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + dir.resolve("sm").toAbsolutePath());
    JdbcStores first = JdbcStores.builder(ds).build();
    ScenarioMigration m = ScenarioMigration.builder().sessionStore(first.sessionStore())
        .scenarioStore(first.scenarioStore()).planStore(first.planStore()).profileStore(first.profileStore()).build();
    m.publish("t1", Fixtures.v1());
    m.startSession("t1", "s1", "c1", "web", "order-flow");

    JdbcStores second = JdbcStores.builder(ds).build();

    assertThat(first.dialect()).isEqualTo(Dialect.H2);
    assertThat(first.tablePrefix()).isEqualTo("sm_");
    assertThat(second.schemaVersion()).isEqualTo(JdbcStores.latestSchemaVersion());
    assertThat(second.sessionStore().find("t1", "s1")).isPresent();
    assertThat(m.reconcile("t1", "s1")).isSameAs(Outcome.CONTINUE);
  }

  @Test
  void an_unreachable_data_source_fails_the_build_naming_dialect_detection() {
    assertThatThrownBy(() -> JdbcStores.builder(Proxies.unreachable("Connection refused")).build())
        .isInstanceOf(JdbcStoreException.class)
        .hasMessage("detection of the database dialect failed: Connection refused (sql state 08001)");
  }

  @Test
  void without_schema_creation_nothing_is_created() {
    DataSource ds = h2("no-schema");
    JdbcStores s = JdbcStores.builder(ds).dialect(Dialect.H2).createSchema(false).build();

    assertThatThrownBy(() -> s.sessionStore().find("t1", "s1")).isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("find of session 's1' of tenant 't1' failed: ");
  }

  @Test
  void the_current_version_is_cached_until_its_ttl_and_invalidated_by_this_nodes_change() throws Exception {
    DataSource ds = h2("cache");
    ScenarioStore a = JdbcStores.builder(ds).currentVersionCacheTtl(Duration.ofHours(1)).build().scenarioStore();
    ScenarioStore b = JdbcStores.builder(ds).currentVersionCacheTtl(Duration.ZERO).build().scenarioStore();
    ScenarioStore c = JdbcStores.builder(ds).currentVersionCacheTtl(Duration.ofMillis(50)).build().scenarioStore();
    a.save("t1", StoreFixtures.v1("flow", 1));
    a.save("t1", StoreFixtures.v2("flow", 2));
    a.setCurrentVersion("t1", "flow", 1);
    assertThat(a.currentVersion("t1", "flow")).isEqualTo(1);
    assertThat(c.currentVersion("t1", "flow")).isEqualTo(1);

    b.setCurrentVersion("t1", "flow", 2);

    assertThat(b.currentVersion("t1", "flow")).isEqualTo(2);
    assertThat(a.currentVersion("t1", "flow")).as("another node's change shows after the ttl").isEqualTo(1);
    Thread.sleep(200);
    assertThat(c.currentVersion("t1", "flow")).isEqualTo(2);
    a.setCurrentVersion("t1", "flow", 1);
    assertThat(a.currentVersion("t1", "flow")).isEqualTo(1);
    a.setCurrentVersion("t1", "flow", 2);
    assertThat(a.currentVersion("t1", "flow")).isEqualTo(2);
  }

  @Test
  void an_explicit_dialect_overrides_detection() {
    JdbcStores s = JdbcStores.builder(h2("explicit")).dialect(Dialect.H2).build();

    assertThat(s.dialect()).isEqualTo(Dialect.H2);
    assertThat(Dialects.fromProductName("MySQL")).isEqualTo(Dialect.MARIADB);
    assertThat(Dialects.fromProductName("MariaDB")).isEqualTo(Dialect.MARIADB);
    assertThat(Dialects.fromProductName("PostgreSQL")).isEqualTo(Dialect.POSTGRESQL);
    assertThat(Dialects.fromProductName("H2")).isEqualTo(Dialect.H2);
    assertThat(Dialects.fromProductName("Oracle")).isNull();
  }
}
