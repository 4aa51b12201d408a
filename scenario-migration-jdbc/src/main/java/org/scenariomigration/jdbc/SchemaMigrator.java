package org.scenariomigration.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Applies and undoes the versioned schema scripts, recording each applied version in {@code <prefix>schema_version}.
 * Two nodes starting together serialise on the dialect's lock ({@link Dialect#lockSchema}): {@code pg_advisory_lock} on
 * PostgreSQL, {@code GET_LOCK} on MariaDB/MySQL (both held by the migrating connection and released when it closes),
 * and on H2 a row of the lock table {@code <prefix>schema_lock} held {@code FOR UPDATE} by a second connection while
 * the first runs the scripts.
 * Its connections are its own ({@link Jdbc#exclusive}): it refuses to run in the host's transaction.
 *
 * <p>When Flyway runs the scripts instead, with a history table of its own ({@code flywayTable}), the installed
 * version is the highest successful version of that table, and this class neither upgrades nor downgrades.
 */
final class SchemaMigrator {
  /** Every schema version, in order; the scripts of each dialect follow this list. */
  static final List<String> DESCRIPTIONS = List.of("create_tables", "marking_indexes", "owed_effects", "scenario_gates",
      "exact_ids", "session_end", "visit_log", "deployment_generation", "shared_modes");

  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(120);

  private final Jdbc jdbc;
  private final SqlDialect sql;
  private final Clock clock;
  /** The history table of the Flyway that runs the scripts, or {@code null} when this class runs them. */
  private final String flywayTable;

  SchemaMigrator(Jdbc jdbc, SqlDialect sql, Clock clock, String flywayTable) {
    this.jdbc = jdbc;
    this.sql = sql;
    this.clock = clock;
    this.flywayTable = flywayTable;
  }

  static List<SchemaScript> scripts(Dialect dialect) {
    List<SchemaScript> out = new ArrayList<>();
    for (int i = 0; i < DESCRIPTIONS.size(); i++) {
      out.add(new SchemaScript(dialect, i + 1, DESCRIPTIONS.get(i)));
    }
    return List.copyOf(out);
  }

  static int latest() {
    return DESCRIPTIONS.size();
  }

  /** Upgrades to the latest version; returns it. */
  int migrate() {
    requireOwnSchema("migrateSchema()");
    return locked("schema migration", c -> {
      int at = currentVersion(c);
      for (SchemaScript s : scripts(sql.dialect)) {
        if (s.version() <= at) {
          continue;
        }
        run(c, s.upgradeSql(sql.prefix), "upgrade to schema version " + s.version() + " ("
            + s.upgradeResource() + ")");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + sql.schemaVersion
            + " (version, description, installed_at) VALUES (?, ?, ?)")) {
          ps.setInt(1, s.version());
          ps.setString(2, s.description());
          sql.bindInstant(ps, 3, clock.instant());
          ps.executeUpdate();
        }
        commitIfTransactional(c);
        at = s.version();
      }
      return at;
    });
  }

  /** Undoes versions above {@code target}, newest first; returns the version reached. */
  int downgrade(int target) {
    requireOwnSchema("downgradeSchema(" + target + ")");
    return locked("schema downgrade to version " + target, c -> {
      int at = currentVersion(c);
      List<SchemaScript> all = scripts(sql.dialect);
      for (int v = at; v > target; v--) {
        SchemaScript s = all.get(v - 1);
        run(c, s.downgradeSql(sql.prefix), "downgrade from schema version " + v + " (" + s.downgradeResource() + ")");
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.schemaVersion + " WHERE version = ?")) {
          ps.setInt(1, v);
          ps.executeUpdate();
        }
        commitIfTransactional(c);
      }
      return Math.min(at, target);
    });
  }

  /** The installed version, 0 when none. */
  int installedVersion() {
    if (flywayTable != null) {
      return jdbc.autoCommit(() -> "schema version look-up in Flyway's history table '" + flywayTable + "'",
          this::flywayVersion);
    }
    return locked("schema version look-up", this::currentVersion);
  }

  /** The Flyway history table, or {@code null}. */
  String flywayTable() {
    return flywayTable;
  }

  private void requireOwnSchema(String call) {
    if (flywayTable != null) {
      throw new IllegalStateException(call + " is Flyway's to do: the schema with table prefix '" + sql.prefix
          + "' is recorded in Flyway's history table '" + flywayTable + "'; run Flyway with the scripts at classpath:"
          + sql.dialect.scriptLocation());
    }
  }

  /**
   * The highest version Flyway applied successfully, read from its history table (0 when the table does not exist or
   * holds no numbered version); a baseline row counts as the version it names.
   */
  private int flywayVersion(Connection c) throws SQLException {
    String table = null;
    java.sql.DatabaseMetaData meta = c.getMetaData();
    for (String name : List.of(flywayTable, flywayTable.toUpperCase(Locale.ROOT))) {
      String escape = meta.getSearchStringEscape();
      String pattern = escape == null || escape.isEmpty() ? name : name.replace("_", escape + "_");
      try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), pattern, null)) {
        if (rs.next()) {
          table = rs.getString("TABLE_NAME");
          break;
        }
      }
    }
    if (table == null) {
      return 0;
    }
    int max = 0;
    try (java.sql.Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + sql.dialect.quoteIdentifier(table))) {
      while (rs.next()) {
        String v = rs.getString("version");
        if (rs.getBoolean("success") && v != null && v.matches("[0-9]{1,9}")) {
          max = Math.max(max, Integer.parseInt(v));
        }
      }
    }
    return max;
  }

  // ------------------------------------------------------------------------------------------- plumbing

  @FunctionalInterface
  private interface Step<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T locked(String operation, Step<T> step) {
    String op = operation + " with table prefix '" + sql.prefix + "'";
    return jdbc.exclusive(() -> op, c -> {
      c.setAutoCommit(true);
      Connection lockHolder = lock(c);
      try {
        createVersionTable(c);
        // where DDL runs in transactions, each script commits with its version row or not at all
        c.setAutoCommit(!sql.dialect.transactionalDdl());
        T result = step.run(c);
        commitIfTransactional(c);
        return result;
      } catch (SQLException | RuntimeException e) {
        if (!c.getAutoCommit()) {
          try {
            c.rollback();
          } catch (SQLException r) {
            e.addSuppressed(r);
          }
        }
        throw e;
      } finally {
        if (!c.isClosed()) {
          c.setAutoCommit(true);
        }
        unlock(c, lockHolder);
      }
    });
  }

  private void commitIfTransactional(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.commit();
    }
  }

  /** The name of the migration lock of this table prefix, the same in every release. */
  private String lockName() {
    return "scenario-migration:" + sql.prefix;
  }

  /** Takes the migration lock; returns the connection holding it when that is not {@code c}. */
  private Connection lock(Connection c) throws SQLException {
    return sql.dialect.lockSchema(c, lockName(), sql.schemaLock, LOCK_TIMEOUT, () -> jdbc.exclusiveConnection(
        () -> "the schema migration lock of table prefix '" + sql.prefix + "'"));
  }

  private void unlock(Connection c, Connection holder) throws SQLException {
    sql.dialect.unlockSchema(c, lockName(), holder);
  }

  private void createVersionTable(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS " + sql.schemaVersion + " (version INTEGER NOT NULL PRIMARY KEY, "
          + "description VARCHAR(200) NOT NULL, installed_at " + sql.dialect.timestampType() + " NOT NULL)"
          + sql.dialect.tableOptions());
    }
  }

  private int currentVersion(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX(version) FROM " + sql.schemaVersion)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Runs a script statement by statement: statements end with a semicolon at the end of a line. */
  private static void run(Connection c, String script, String what) throws SQLException {
    for (String statement : statements(script)) {
      try (Statement st = c.createStatement()) {
        st.execute(statement);
      } catch (SQLException e) {
        throw new SQLException(what + ", statement [" + statement + "]: " + e.getMessage(), e.getSQLState(),
            e.getErrorCode(), e);
      }
    }
  }

  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\r?\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("--")) {
        continue;
      }
      current.append(current.length() == 0 ? "" : "\n").append(line);
      if (t.endsWith(";")) {
        String s = current.toString().strip();
        out.add(s.substring(0, s.length() - 1).strip());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }
}
