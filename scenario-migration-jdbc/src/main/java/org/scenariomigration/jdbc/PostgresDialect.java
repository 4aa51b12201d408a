package org.scenariomigration.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@link Dialect#POSTGRESQL}: JSON columns are {@code jsonb}, upserts {@code ON CONFLICT}, schema changes run in
 * transactions, and the schema lock is an advisory lock of the migrating connection.
 */
final class PostgresDialect implements Dialect {

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String jsonParameter() {
    return "CAST(? AS jsonb)";
  }

  /**
   * {@code jsonb_exists} is the {@code ?} operator, which a JDBC statement cannot spell: a string element of the
   * array, tested instead of a containment (benchmarks/README.md, issue #17).
   */
  @Override
  public String notSettledBy() {
    return "NOT jsonb_exists(settled_plans, CAST(? AS text))";
  }

  @Override
  public String forwardMarker() {
    return "COALESCE(pending ->> 'rollback', 'false') <> 'true'";
  }

  @Override
  public String upsert(String table, List<String> columns, int keyColumns, Set<String> jsonColumns) {
    return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + Dialects.values(this, columns,
        jsonColumns) + ") ON CONFLICT (" + String.join(", ", columns.subList(0, keyColumns)) + ") DO UPDATE SET "
        + String.join(", ", columns.subList(keyColumns, columns.size()).stream().map(c -> c + " = EXCLUDED." + c)
            .toList());
  }

  @Override
  public boolean supportsUpdateReturningInWith() {
    return true;
  }

  /**
   * PostgreSQL compiles a scan with its JIT when the query's estimated cost is high, as a count over a whole scenario
   * version's sessions is, and the compilation costs more than the count saves (benchmarks/README.md, issue #17). Off
   * for the count: {@code SET LOCAL} in the library's own transaction; on a connection in auto-commit {@code SET}, and
   * the pooled connection's own setting is returned, to be put back.
   */
  @Override
  public String beforeCount(Connection c, boolean autoCommit) throws SQLException {
    try (Statement st = c.createStatement()) {
      String before = null;
      if (autoCommit) {
        try (ResultSet rs = st.executeQuery("SELECT current_setting('jit')")) {
          rs.next();
          before = rs.getString(1);
        }
      }
      st.execute(autoCommit ? "SET jit = off" : "SET LOCAL jit = off");
      return before;
    }
  }

  @Override
  public void afterCount(Connection c, String saved) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT set_config('jit', ?, false)")) {
      st.setString(1, saved);
      st.executeQuery().close();
    }
  }

  /** Each script commits with its version row or not at all. */
  @Override
  public boolean transactionalDdl() {
    return true;
  }

  /**
   * {@code pg_advisory_lock} on a 64-bit key hashed from the name, held by the migrating connection's session (and
   * released when it closes). It waits without a timeout.
   */
  @Override
  public Connection lockSchema(Connection c, String name, String lockTable, Duration timeout,
      ConnectionOpener second) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
      ps.setLong(1, lockKey(name));
      ps.execute();
    }
    return null;
  }

  @Override
  public void unlockSchema(Connection c, String name, Connection holder) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      ps.setLong(1, lockKey(name));
      ps.execute();
    }
  }

  /** A stable 64-bit key (FNV-1a) of the lock's name, the same in every release. */
  static long lockKey(String name) {
    long h = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  @Override
  public String toString() {
    return "POSTGRESQL";
  }
}
