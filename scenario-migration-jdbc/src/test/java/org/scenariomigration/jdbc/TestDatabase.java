package org.scenariomigration.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A database the tests run against. PostgreSQL and MariaDB URLs come from {@code -Dsm.test.postgres.url=...} and
 * {@code -Dsm.test.mariadb.url=...} (or {@code SM_TEST_POSTGRES_URL}, {@code SM_TEST_MARIADB_URL}); when the database
 * is unreachable its tests are skipped, unless {@code -Dsm.test.require-databases=true} (or
 * {@code SM_TEST_REQUIRE_DATABASES=true}) makes that a failure, so that CI notices.
 */
abstract class TestDatabase {
  static final String REQUIRE = "sm.test.require-databases";
  /** Every table of the schema (not the bookkeeping tables), without the prefix. */
  static final List<String> TABLES = List.of("sessions", "journal", "scenario_versions", "current_versions", "plans",
      "profiles", "scenario_gates", "visits", "erasures", "mode_changes", "tenant_modes", "mode_settings");

  final String name;
  final String url;

  private TestDatabase(String name, String url) {
    this.name = name;
    this.url = url;
  }

  /** A new data source object: every call gives a separate pool of (unpooled) connections. */
  abstract DataSource dataSource();

  abstract Dialect dialect();

  /** Kills the physical connection as a crash or a network failure would: the server drops the session. */
  abstract void kill(Connection c) throws SQLException;

  static TestDatabase h2() {
    return new TestDatabase("H2", "jdbc:h2:mem:sm_" + UUID.randomUUID().toString().replace("-", "")
        + ";DB_CLOSE_DELAY=-1") {
      @Override
      DataSource dataSource() {
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL(url);
        return ds;
      }

      @Override
      Dialect dialect() {
        return Dialect.H2;
      }

      @Override
      void kill(Connection c) throws SQLException {
        c.close();
      }
    };
  }

  static TestDatabase postgres() {
    return new TestDatabase("PostgreSQL", setting("sm.test.postgres.url",
        "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=3")) {
      @Override
      DataSource dataSource() {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(url);
        return ds;
      }

      @Override
      Dialect dialect() {
        return Dialect.POSTGRESQL;
      }

      @Override
      void kill(Connection c) throws SQLException {
        killFromOutside(c, "SELECT pg_backend_pid()", "SELECT pg_terminate_backend(CAST(? AS INTEGER))");
      }
    };
  }

  static TestDatabase mariadb() {
    return new TestDatabase("MariaDB", setting("sm.test.mariadb.url",
        "jdbc:mariadb://127.0.0.1:3306/test?user=root&connectTimeout=3000")) {
      @Override
      DataSource dataSource() {
        try {
          return new org.mariadb.jdbc.MariaDbDataSource(url);
        } catch (SQLException e) {
          throw new IllegalStateException("bad mariadb url " + url, e);
        }
      }

      @Override
      Dialect dialect() {
        return Dialect.MARIADB;
      }

      @Override
      void kill(Connection c) throws SQLException {
        killFromOutside(c, "SELECT CONNECTION_ID()", "KILL ?");
      }
    };
  }

  void killFromOutside(Connection c, String idQuery, String killStatement) throws SQLException {
    long id;
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(idQuery)) {
      rs.next();
      id = rs.getLong(1);
    }
    try (Connection other = dataSource().getConnection();
        PreparedStatement ps = other.prepareStatement(killStatement)) {
      ps.setLong(1, id);
      ps.execute();
    }
    // give the server a moment to drop the session
    for (int i = 0; i < 50 && c.isValid(1); i++) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Why the database cannot be used, or {@code null} when it can.
   *
   * @throws AssertionError when it is unreachable and {@code sm.test.require-databases} is true
   */
  String unreachableReason() {
    try (Connection c = dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("SELECT 1");
      return null;
    } catch (SQLException | RuntimeException e) {
      String why = name + " at " + url + " is unreachable (" + e.getMessage() + ")";
      if (Boolean.parseBoolean(setting(REQUIRE, "false"))) {
        throw new AssertionError(why + " and -D" + REQUIRE + "=true", e);
      }
      return why + ": skipping; set -D" + REQUIRE + "=true to fail instead";
    }
  }

  /** A table prefix no other run uses. */
  static String uniquePrefix() {
    return "smt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
  }

  /** Empties every table of the schema (not the bookkeeping tables). */
  void truncate(DataSource ds, String prefix) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      for (String t : TABLES) {
        st.execute("DELETE FROM " + prefix + t);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot empty the tables with prefix " + prefix, e);
    }
  }

  /** Drops whatever is left with the prefix after a downgrade to 0: the bookkeeping tables. */
  void dropBookkeeping(DataSource ds, String prefix) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + prefix + "schema_version");
      st.execute("DROP TABLE IF EXISTS " + prefix + "schema_lock");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop the bookkeeping tables with prefix " + prefix, e);
    }
  }

  /** The tables whose names start with the prefix. */
  /** The number of rows of a table, by plain SQL. */
  long count(DataSource ds, String table) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  List<String> tables(DataSource ds, String prefix) {
    try (Connection c = ds.getConnection()) {
      String esc = c.getMetaData().getSearchStringEscape();
      String pattern = (dialect() == Dialect.H2 ? prefix.toUpperCase(Locale.ROOT) : prefix).replace("_", esc + "_")
          + "%";
      List<String> out = new java.util.ArrayList<>();
      try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, pattern, new String[] {"TABLE"})) {
        while (rs.next()) {
          out.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String setting(String property, String fallback) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      v = System.getenv(property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
    return v == null || v.isBlank() ? fallback : v;
  }

  @Override
  public String toString() {
    return name;
  }
}
