package org.scenariomigration.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.spi.LoggedVisit;
import org.scenariomigration.spi.StoredIds;
import org.scenariomigration.spi.VisitConflictException;
import org.scenariomigration.spi.VisitLog;
import org.scenariomigration.spi.VisitPage;

/**
 * The full visit log in the {@code <prefix>visits} table (schema 7): one row per visit, keyed by tenant, session and
 * ordinal. Every statement is scoped by tenant; pages are read by ordinal on the primary key. Instants read back exactly:
 * {@code visited_at} holds them to the microsecond (for the retention index) and {@code visited_nano} the nanosecond
 * of the second. Inside the stores' unit of work its statements join the one transaction.
 */
final class JdbcVisitLog implements VisitLog {
  private static final String COLUMNS = "ordinal, customer_id, step_id, step_name, content_hash, version, visited_at,"
      + " visited_nano";

  private final Jdbc jdbc;
  private final SqlDialect sql;
  private final String table;

  JdbcVisitLog(Jdbc jdbc, SqlDialect sql) {
    this.jdbc = jdbc;
    this.sql = sql;
    this.table = sql.prefix + "visits";
  }

  @Override
  public void append(String tenantId, String sessionId, LoggedVisit visit) {
    Ids.require(IdKind.TENANT, tenantId);
    Ids.require(IdKind.SESSION, sessionId);
    requireNonNull(visit, "visit must not be null");
    jdbc.transaction(() -> "append of visit " + visit.ordinal() + " of session '" + sessionId + "' of tenant '"
        + tenantId + "' to the visit log", c -> {
          try {
            jdbc.attempt(c, () -> insert(c, tenantId, sessionId, visit));
            return null;
          } catch (SQLException e) {
            LoggedVisit stored = Jdbc.isIntegrityViolation(e) ? read(c, tenantId, sessionId, visit.ordinal() - 1, 1)
                .stream().filter(v -> v.ordinal() == visit.ordinal()).findFirst().orElse(null) : null;
            if (stored == null) {
              throw e;
            }
            if (!stored.equals(visit)) {
              throw new VisitConflictException(tenantId, sessionId, stored, visit);
            }
            return null; // the same visit again: a retried write
          }
        });
  }

  private int insert(Connection c, String tenantId, String sessionId, LoggedVisit v) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (tenant_id, session_id, " + COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, tenantId);
      ps.setString(2, sessionId);
      ps.setLong(3, v.ordinal());
      ps.setString(4, v.customerId());
      ps.setString(5, v.stepId());
      ps.setString(6, v.stepName());
      ps.setString(7, v.contentHash());
      ps.setInt(8, v.version());
      sql.bindInstant(ps, 9, v.visitedAt());
      ps.setInt(10, v.visitedAt().getNano());
      return ps.executeUpdate();
    }
  }

  @Override
  public VisitPage visits(String tenantId, String sessionId, long afterOrdinal, int limit) {
    VisitLog.requireAfterOrdinal(afterOrdinal);
    VisitLog.requireLimit(limit);
    if (!StoredIds.mayBeStored(tenantId, sessionId)) {
      return new VisitPage(List.of(), false);
    }
    return jdbc.autoCommit(() -> "visit log of session '" + sessionId + "' of tenant '" + tenantId + "'", c -> {
      // one row more than the page says whether there are more
      List<LoggedVisit> rows = read(c, tenantId, sessionId, afterOrdinal, limit == Integer.MAX_VALUE ? limit
          : limit + 1);
      boolean more = rows.size() > limit;
      return new VisitPage(more ? rows.subList(0, limit) : rows, more);
    });
  }

  private List<LoggedVisit> read(Connection c, String tenantId, String sessionId, long afterOrdinal, int limit)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table
        + " WHERE tenant_id = ? AND session_id = ? AND ordinal > ? ORDER BY ordinal LIMIT ?")) {
      ps.setString(1, tenantId);
      ps.setString(2, sessionId);
      ps.setLong(3, afterOrdinal);
      ps.setInt(4, limit);
      List<LoggedVisit> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Instant at = sql.readInstant(rs, "visited_at");
          out.add(new LoggedVisit(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getInt(6), Instant.ofEpochSecond(at.getEpochSecond(), rs.getInt(8))));
        }
      }
      return out;
    }
  }

  @Override
  public int deleteSessions(String tenantId, List<String> sessionIds) {
    requireNonNull(sessionIds, "sessionIds must not be null");
    List<String> ids = new ArrayList<>(sessionIds.size());
    for (String id : sessionIds) {
      if (StoredIds.mayBeStored(requireNonNull(id, "sessionId"))) {
        ids.add(id);
      }
    }
    if (ids.isEmpty() || !StoredIds.mayBeStored(tenantId)) {
      return 0;
    }
    return jdbc.autoCommit(() -> "deletion of the visit log of " + ids.size() + " sessions of tenant '" + tenantId
        + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE tenant_id = ?"
              + " AND session_id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")) {
            ps.setString(1, tenantId);
            for (int i = 0; i < ids.size(); i++) {
              ps.setString(i + 2, ids.get(i));
            }
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public int deleteOlderThan(String tenantId, Instant cutoff, int limit) {
    VisitLog.requireLimit(limit);
    requireNonNull(cutoff, "cutoff must not be null");
    if (!StoredIds.mayBeStored(tenantId)) {
      return 0;
    }
    return jdbc.transaction(() -> "deletion of visits of tenant '" + tenantId + "' older than " + cutoff, c -> {
      // the oldest rows' keys first (the retention index), then those rows by key: one page, whatever the dialect
      List<Object[]> keys = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT session_id, ordinal FROM " + table
          + " WHERE tenant_id = ? AND visited_at < ? ORDER BY visited_at, session_id, ordinal LIMIT ?")) {
        ps.setString(1, tenantId);
        sql.bindInstant(ps, 2, cutoff);
        ps.setInt(3, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            keys.add(new Object[] {rs.getString(1), rs.getLong(2)});
          }
        }
      }
      if (keys.isEmpty()) {
        return 0;
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table
          + " WHERE tenant_id = ? AND session_id = ? AND ordinal = ?")) {
        for (Object[] k : keys) {
          ps.setString(1, tenantId);
          ps.setString(2, (String) k[0]);
          ps.setLong(3, (Long) k[1]);
          ps.addBatch();
        }
        int n = 0;
        for (int r : ps.executeBatch()) {
          n += r == java.sql.Statement.SUCCESS_NO_INFO ? 1 : r;
        }
        return n;
      }
    });
  }

  @Override
  public int deleteCustomer(String tenantId, String customerId) {
    requireNonNull(customerId, "customerId must not be null");
    if (!StoredIds.mayBeStored(tenantId, customerId)) {
      return 0;
    }
    return jdbc.autoCommit(() -> "deletion of the visit log of customer '" + customerId + "' of tenant '" + tenantId
        + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table
              + " WHERE tenant_id = ? AND customer_id = ?")) {
            ps.setString(1, tenantId);
            ps.setString(2, customerId);
            return ps.executeUpdate();
          }
        });
  }
}
