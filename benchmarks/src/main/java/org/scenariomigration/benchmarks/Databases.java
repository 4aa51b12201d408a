package org.scenariomigration.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.scenariomigration.jdbc.JdbcStores;

/**
 * The databases of the JDBC benchmarks: an embedded in-memory H2 ({@link org.h2.jdbcx.JdbcDataSource}) and the
 * PostgreSQL at {@code -Dsm.bench.postgres.url} (default {@code 127.0.0.1:5432}, database {@code test}, user
 * {@code postgres}; {@link org.postgresql.ds.PGSimpleDataSource}). Both behind a small HikariCP pool, as the jdbc
 * stores take a connection per operation and recommend a pool.
 */
final class Databases {
  static final String POSTGRES_URL = System.getProperty("sm.bench.postgres.url",
      System.getenv().getOrDefault("SM_BENCH_POSTGRES_URL",
          "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=3"));

  private Databases() {}

  /** A new private in-memory H2 database. */
  static HikariDataSource h2() {
    return h2("jdbc:h2:mem:bench_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
  }

  static HikariDataSource h2(String url) {
    org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
    ds.setURL(url);
    return pool(ds);
  }

  static HikariDataSource postgres() {
    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setURL(POSTGRES_URL);
    return pool(ds);
  }

  static HikariDataSource of(String db) {
    return switch (db) {
      case "h2" -> h2();
      case "postgresql" -> postgres();
      default -> throw new IllegalArgumentException("unknown database " + db);
    };
  }

  private static HikariDataSource pool(DataSource ds) {
    HikariConfig c = new HikariConfig();
    c.setDataSource(ds);
    c.setMaximumPoolSize(4);
    c.setMinimumIdle(1);
    c.setPoolName("bench");
    return new HikariDataSource(c);
  }

  /** Whether the PostgreSQL of the benchmarks answers. */
  static boolean postgresReachable() {
    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setURL(POSTGRES_URL);
    try (Connection c = ds.getConnection()) {
      return c.isValid(3);
    } catch (SQLException e) {
      return false;
    }
  }

  /** A fresh table prefix, so that runs never see each other's tables. */
  static String freshPrefix() {
    return "smb" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
  }

  /** Stores with the schema created under {@code prefix}. */
  static JdbcStores stores(DataSource ds, String prefix) {
    return JdbcStores.builder(ds).tablePrefix(prefix).build();
  }

  /** Drops every table whose name starts with {@code prefix}. */
  static void dropTables(DataSource ds, String prefix) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = c.getMetaData().getTables(null, null, null, new String[] {"TABLE"})) {
        while (rs.next()) {
          String name = rs.getString("TABLE_NAME");
          if (name.toLowerCase(java.util.Locale.ROOT).startsWith(prefix)) {
            tables.add(name);
          }
        }
      }
      for (String t : tables) {
        st.execute("DROP TABLE IF EXISTS " + t + " CASCADE");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop the benchmark tables " + prefix + "*", e);
    }
  }

  static void execute(DataSource ds, String sql) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Drops an in-memory H2 database and closes its pool. */
  static void shutdownH2(HikariDataSource ds) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("SHUTDOWN");
    } catch (SQLException e) {
      // the connection is closed by the shutdown itself
    }
    ds.close();
  }

  static long count(DataSource ds, String sql) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
