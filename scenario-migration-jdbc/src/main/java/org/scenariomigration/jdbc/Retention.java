package org.scenariomigration.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scenariomigration.json.JournalJson;
import org.scenariomigration.json.SessionJson;
import org.scenariomigration.spi.CustomerErasure;
import org.scenariomigration.spi.ErasureRecord;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.StoredIds;

/**
 * Retention and erasure in {@link JdbcSessionStore}: the deletion of ended sessions and of old journal records, the
 * erasure of a customer's data and the records of erasures.
 */
final class Retention {
  private final Jdbc jdbc;
  private final SqlDialect sql;
  /** The form of the journal bodies this store writes. */
  private final JournalJson.Form journalFormat;

  Retention(Jdbc jdbc, SqlDialect sql, JournalJson.Form journalFormat) {
    this.jdbc = jdbc;
    this.sql = sql;
    this.journalFormat = journalFormat;
  }

  int deleteEnded(String tenantId, String scenarioId, Instant endedBefore, int limit) {
    if (!StoredIds.mayBeStored(tenantId, scenarioId)) {
      return 0;
    }
    return jdbc.transaction(() -> "deletion of ended sessions of scenario '" + scenarioId + "' of tenant '" + tenantId
        + "'", c -> {
          List<String> ids = ended(c, tenantId, scenarioId, endedBefore, limit);
          if (ids.isEmpty()) {
            return 0;
          }
          String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.journal + " WHERE tenant_id = ?"
              + " AND session_id IN (" + in + ")")) {
            bindIds(ps, tenantId, ids);
            ps.executeUpdate();
          }
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.sessions + " WHERE tenant_id = ?"
              + " AND session_id IN (" + in + ") AND ended_at IS NOT NULL")) {
            bindIds(ps, tenantId, ids);
            return ps.executeUpdate();
          }
        });
  }

  List<String> endedSessionIds(String tenantId, String scenarioId, Instant endedBefore, int limit) {
    if (!StoredIds.mayBeStored(tenantId, scenarioId)) {
      return List.of();
    }
    return jdbc.autoCommit(() -> "ended sessions of scenario '" + scenarioId + "' of tenant '" + tenantId + "'",
        c -> ended(c, tenantId, scenarioId, endedBefore, limit));
  }

  /** The ids of ended sessions {@link #deleteEnded} deletes, in its order. */
  private List<String> ended(Connection c, String tenantId, String scenarioId, Instant endedBefore, int limit)
      throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT session_id FROM " + sql.sessions
        + " WHERE tenant_id = ? AND scenario_id = ? AND ended_at IS NOT NULL AND ended_at < ?"
        + " ORDER BY session_id LIMIT ?")) {
      ps.setString(1, tenantId);
      ps.setString(2, scenarioId);
      sql.bindInstant(ps, 3, endedBefore);
      ps.setInt(4, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  private static void bindIds(PreparedStatement ps, String tenantId, List<?> ids) throws SQLException {
    ps.setString(1, tenantId);
    int i = 2;
    for (Object id : ids) {
      ps.setObject(i++, id);
    }
  }

  int deleteJournal(String tenantId, String scenarioId, Instant before, Set<String> keepPlanIds,
      int limit) {
    if (!StoredIds.mayBeStored(tenantId, scenarioId)) {
      return 0;
    }
    List<String> keep = List.copyOf(keepPlanIds);
    String notKept = keep.isEmpty() ? "" : " AND (j.plan_id IS NULL OR j.plan_id NOT IN ("
        + String.join(", ", Collections.nCopies(keep.size(), "?")) + "))";
    return jdbc.transaction(() -> "deletion of journal records of scenario '" + scenarioId + "' of tenant '"
        + tenantId + "'", c -> {
          List<Long> seqs = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement("SELECT j.seq FROM " + sql.journal + " j JOIN "
              + sql.sessions + " s ON s.tenant_id = j.tenant_id AND s.session_id = j.session_id"
              + " WHERE j.tenant_id = ? AND s.scenario_id = ? AND j.recorded_at < ?" + notKept
              + " ORDER BY j.seq LIMIT ?")) {
            int i = 1;
            ps.setString(i++, tenantId);
            ps.setString(i++, scenarioId);
            sql.bindInstant(ps, i++, before);
            for (String p : keep) {
              ps.setString(i++, p);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                seqs.add(rs.getLong(1));
              }
            }
          }
          if (seqs.isEmpty()) {
            return 0;
          }
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.journal + " WHERE tenant_id = ?"
              + " AND seq IN (" + String.join(", ", Collections.nCopies(seqs.size(), "?")) + ")")) {
            bindIds(ps, tenantId, seqs);
            return ps.executeUpdate();
          }
        });
  }

  long countJournal(String tenantId, String planId, Instant before) {
    if (!StoredIds.mayBeStored(tenantId, planId)) {
      return 0;
    }
    return jdbc.autoCommit(() -> "count of journal records of plan '" + planId + "' of tenant '" + tenantId + "'",
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + sql.journal
              + " WHERE tenant_id = ? AND plan_id = ? AND recorded_at < ?")) {
            ps.setString(1, tenantId);
            ps.setString(2, planId);
            sql.bindInstant(ps, 3, before);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  ErasureRecord eraseCustomer(String tenantId, String customerId, ErasureRecord erasure) {
    if (!StoredIds.mayBeStored(tenantId, customerId)) {
      return erasure.withSessionData(0, 0, 0);
    }
    return jdbc.transaction(() -> "erasure of the data of customer '" + customerId + "' of tenant '" + tenantId
        + "'", c -> {
          List<String> withValues = new ArrayList<>();
          int sessionCount = 0;
          int variableCount = 0;
          try (PreparedStatement ps = c.prepareStatement("SELECT session_id, variables FROM " + sql.sessions
              + " WHERE tenant_id = ? AND customer_id = ? ORDER BY session_id FOR UPDATE")) {
            ps.setString(1, tenantId);
            ps.setString(2, customerId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                sessionCount++;
                int n = SessionJson.readVariables(rs.getString(2)).size();
                if (n > 0) {
                  variableCount += n;
                  withValues.add(rs.getString(1));
                }
              }
            }
          }
          if (!withValues.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.sessions + " SET variables = "
                + sql.json() + ", revision = revision + 1 WHERE tenant_id = ? AND session_id = ?")) {
              for (String id : withValues) {
                ps.setString(1, "{}");
                ps.setString(2, tenantId);
                ps.setString(3, id);
                ps.addBatch();
              }
              ps.executeBatch();
            }
          }
          Map<Long, String> rewritten = new LinkedHashMap<>();
          try (PreparedStatement ps = c.prepareStatement("SELECT j.seq, j.body FROM " + sql.journal + " j JOIN "
              + sql.sessions + " s ON s.tenant_id = j.tenant_id AND s.session_id = j.session_id"
              + " WHERE j.tenant_id = ? AND s.customer_id = ? ORDER BY j.seq")) {
            ps.setString(1, tenantId);
            ps.setString(2, customerId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                JournalRecord r = JournalJson.read(rs.getString(2));
                JournalRecord erased = CustomerErasure.erase(r);
                if (erased != r) {
                  rewritten.put(rs.getLong(1), JournalJson.write(erased, journalFormat));
                }
              }
            }
          }
          if (!rewritten.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.journal + " SET body = " + sql.json()
                + " WHERE seq = ?")) {
              for (Map.Entry<Long, String> e : rewritten.entrySet()) {
                sql.bindJson(ps, 1, e.getValue());
                ps.setLong(2, e.getKey());
                ps.addBatch();
              }
              ps.executeBatch();
            }
          }
          return erasure.withSessionData(sessionCount, variableCount, rewritten.size());
        });
  }

  void recordErasure(ErasureRecord e) {
    jdbc.transaction(() -> "record of erasure '" + e.id() + "' of tenant '" + e.tenantId() + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + sql.erasures + " (tenant_id, erasure_id,"
          + " requested_by, erased_at, sessions, variables, journal_records, profile_fields, visits)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, e.tenantId());
        ps.setString(2, e.id());
        ps.setString(3, e.requestedBy());
        sql.bindInstant(ps, 4, e.at());
        ps.setInt(5, e.sessions());
        ps.setInt(6, e.variables());
        ps.setInt(7, e.journalRecords());
        ps.setInt(8, e.profileFields());
        ps.setInt(9, e.visits());
        ps.executeUpdate();
        return null;
      }
    });
  }

  List<ErasureRecord> erasures(String tenantId) {
    if (!StoredIds.mayBeStored(tenantId)) {
      return List.of();
    }
    return jdbc.autoCommit(() -> "erasure records of tenant '" + tenantId + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT erasure_id, requested_by, erased_at, sessions, variables,"
          + " journal_records, profile_fields, visits FROM " + sql.erasures + " WHERE tenant_id = ? ORDER BY erased_at,"
          + " erasure_id")) {
        ps.setString(1, tenantId);
        List<ErasureRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new ErasureRecord(rs.getString(1), tenantId, rs.getString(2), sql.readInstant(rs, "erased_at"),
                rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8)));
          }
        }
        return out;
      }
    });
  }
}
