package org.scenariomigration.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.spi.StoreFixtures.T0;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.spi.MarkedPage;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.spi.StoreFixtures;

/** A host's own {@link Dialect}: the stores reach every difference of the database through it, and only through it. */
class DialectTest {

  private static DataSource h2(String name) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:dialect-" + name + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  /** A dialect of H2's behaviour whose count setting is put back: what it saved comes back to afterCount. */
  private static final class SavingDialect extends DelegatingDialect {
    final List<String> restored = new ArrayList<>();

    SavingDialect() {
      super(Dialect.H2);
    }

    @Override
    public String beforeCount(Connection c, boolean autoCommit) throws SQLException {
      super.beforeCount(c, autoCommit);
      return autoCommit ? "saved-in-auto-commit" : null;
    }

    @Override
    public void afterCount(Connection c, String saved) throws SQLException {
      super.afterCount(c, saved);
      restored.add(saved);
    }
  }

  @Test
  void a_host_dialect_runs_every_store_and_the_stores_call_each_of_its_methods() throws SQLException {
    DataSource ds = h2("host");
    SavingDialect dialect = new SavingDialect();
    JdbcStores stores = JdbcStores.builder(ds).dialect(dialect).build();
    JdbcSessionStore sessions = stores.sessionStore();

    SessionState welcome = sessions.insert(StoreFixtures.session("t1", "s1", "welcome"));
    sessions.insert(StoreFixtures.session("t1", "s2", "checkout"));
    sessions.insert(StoreFixtures.session("t1", "s3", "checkout").withSettled("p1"));
    List<MarkCriteria> criteria = List.of(
        new MarkCriteria("t1", "order-flow", 1, "welcome", ScopeFilter.ALL, T0, StoreFixtures.marker("p1"), 100),
        new MarkCriteria("t1", "order-flow", 1, "checkout", ScopeFilter.ALL, T0, StoreFixtures.marker("p1"), 100));
    assertThat(sessions.countEligible(criteria)).containsExactly(1, 1);
    assertThat(dialect.restored).containsExactly("saved-in-auto-commit");
    try (MarkedPage page = sessions.claimEligible(criteria, null, 10)) {
      assertThat(page.sessions()).extracting(SessionState::sessionId).containsExactly("s1", "s2");
    }
    assertThat(sessions.markAll(criteria)).containsExactly(1, 1);
    assertThat(sessions.find("t1", "s1").orElseThrow().pending()).isEqualTo(StoreFixtures.marker("p1"));
    assertThat(sessions.find("t1", "s3").orElseThrow().settledPlans()).containsExactly("p1");
    assertThat(sessions.find("t1", "s1").orElseThrow().createdAt()).isEqualTo(welcome.createdAt());
    stores.profileStore().put("t1", "c1", new ProfileField("age", 34, "crm", 1.0, null));
    stores.profileStore().put("t1", "c1", new ProfileField("age", 35, "crm", 1.0, null));
    assertThat(stores.profileStore().find("t1", "c1", "age").orElseThrow().value()).isEqualTo(35L);
    // Flyway's history, as the stores read it when Flyway runs the scripts
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE sm_flyway (version VARCHAR(50), success BOOLEAN)");
      st.execute("INSERT INTO sm_flyway VALUES ('" + JdbcStores.latestSchemaVersion() + "', TRUE)");
    }
    assertThat(JdbcStores.builder(ds).dialect(dialect).flywayHistoryTable("sm_flyway").build().schemaVersion())
        .isEqualTo(JdbcStores.latestSchemaVersion());

    List<String> methods = Arrays.stream(Dialect.class.getDeclaredMethods())
        .filter(m -> !Modifier.isStatic(m.getModifiers())).map(Method::getName)
        .filter(m -> !m.equals("name")).toList();
    assertThat(methods).hasSizeGreaterThan(15);
    assertThat(dialect.called).containsExactlyInAnyOrderElementsOf(methods);
  }

  @Test
  void a_host_dialect_runs_the_scripts_of_its_own_location_and_a_missing_one_fails_naming_it() {
    Dialect elsewhere = new DelegatingDialect(Dialect.H2) {
      @Override
      public String scriptLocation() {
        return "db/host-dialect";
      }
    };

    assertThatThrownBy(() -> JdbcStores.builder(h2("elsewhere")).dialect(elsewhere).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("schema script db/host-dialect/V1__create_tables.sql is missing from the classpath");
    assertThat(JdbcStores.schemaScripts(elsewhere).get(0).upgradeResource())
        .isEqualTo("db/host-dialect/V1__create_tables.sql");
  }

  @Test
  void the_built_in_dialects_are_named_as_their_script_folders() {
    assertThat(Dialects.BUILT_IN).extracting(Dialect::name).containsExactly("h2", "postgresql", "mariadb");
    assertThat(Dialects.BUILT_IN).extracting(Dialect::scriptLocation).containsExactly("db/scenario-migration/h2",
        "db/scenario-migration/postgresql", "db/scenario-migration/mariadb");
    // as the enum's constants printed before Dialect was an interface
    assertThat(Dialects.BUILT_IN).extracting(Dialect::toString).containsExactly("H2", "POSTGRESQL", "MARIADB");
    // the key of PostgreSQL's advisory lock is the one earlier builds took for the prefix sm_ (FNV-1a), so that nodes
    // of both serialise on one lock during a rolling upgrade
    assertThat(PostgresDialect.lockKey("scenario-migration:sm_")).isEqualTo(-4704144713132306299L);
  }
}
