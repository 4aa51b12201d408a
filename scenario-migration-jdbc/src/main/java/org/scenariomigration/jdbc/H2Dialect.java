package org.scenariomigration.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link Dialect#H2}: JSON columns are CLOBs, settled plans an {@code ARRAY}, upserts {@code MERGE}. H2 commits each
 * schema change, so the schema lock is a row of a lock table held {@code FOR UPDATE} by a second connection. Uses no
 * class of the H2 driver.
 */
final class H2Dialect implements Dialect {

  @Override
  public String name() {
    return "h2";
  }

  @Override
  public void bindSettledPlans(PreparedStatement ps, int index, Collection<String> planIds) throws SQLException {
    ps.setObject(index, planIds.toArray(new String[0]));
  }

  @Override
  public Set<String> readSettledPlans(ResultSet rs, String column) throws SQLException {
    Array a = rs.getArray(column);
    Set<String> s = new LinkedHashSet<>();
    if (a != null) {
      for (Object o : (Object[]) a.getArray()) {
        s.add((String) o);
      }
      a.free();
    }
    return s;
  }

  @Override
  public String notSettledBy() {
    return "NOT ARRAY_CONTAINS(settled_plans, ?)";
  }

  /**
   * The marker is the text the library wrote, without spaces, in which a quote that is not a JSON key's is escaped,
   * so only the key can read {@code "rollback":true}.
   */
  @Override
  public String forwardMarker() {
    return "pending NOT LIKE '%\"rollback\":true%'";
  }

  @Override
  public String upsert(String table, List<String> columns, int keyColumns, Set<String> jsonColumns) {
    return "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY ("
        + String.join(", ", columns.subList(0, keyColumns)) + ") VALUES (" + Dialects.values(this, columns,
            jsonColumns) + ")";
  }

  /** H2 locks every row a sorted {@code FOR UPDATE} reads before its {@code LIMIT}. */
  @Override
  public boolean locksRowsPastLimit() {
    return true;
  }

  @Override
  public boolean transactionalDdl() {
    return false;
  }

  @Override
  public Connection lockSchema(Connection c, String name, String lockTable, Duration timeout,
      ConnectionOpener second) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS " + lockTable + " (id INT NOT NULL PRIMARY KEY)");
    }
    try (PreparedStatement ps = c.prepareStatement("MERGE INTO " + lockTable + " (id) KEY (id) VALUES (1)")) {
      ps.executeUpdate();
    } catch (SQLException e) {
      if (!Jdbc.isIntegrityViolation(e)) {
        throw e; // a node that started at the same moment inserted it
      }
    }
    Connection holder = second.open();
    try {
      holder.setAutoCommit(false);
      try (Statement st = holder.createStatement()) {
        st.execute("SET LOCK_TIMEOUT " + timeout.toMillis());
      }
      try (PreparedStatement ps = holder.prepareStatement("SELECT id FROM " + lockTable + " WHERE id = 1 FOR UPDATE")) {
        ps.executeQuery().close();
      }
      return holder;
    } catch (SQLException | RuntimeException e) {
      holder.close();
      throw e;
    }
  }

  @Override
  public void unlockSchema(Connection c, String name, Connection holder) throws SQLException {
    try (Connection h = holder) {
      h.rollback();
      h.setAutoCommit(true);
    }
  }

  @Override
  public String toString() {
    return "H2";
  }
}
