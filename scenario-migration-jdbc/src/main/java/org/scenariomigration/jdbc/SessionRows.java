package org.scenariomigration.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.scenariomigration.json.SessionJson;
import org.scenariomigration.json.SessionTexts;
import org.scenariomigration.session.EndReason;
import org.scenariomigration.session.SessionEnd;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.StoredIds;

/**
 * The session rows of {@link JdbcSessionStore}: how a row is read into a {@link SessionState} and a state bound to
 * the columns its statements write, the pages of rows in session id order, and the store's plain reads.
 */
final class SessionRows {
  static final String COLUMNS = "tenant_id, session_id, customer_id, channel, created_at, scenario_id, "
      + "version, scenario_checksum, current_step_id, history, variables, pending, settled_plans, pinned, revision, "
      + "owed, ended_at, end_reason, pin_generation";

  private final Jdbc jdbc;
  private final SqlDialect sql;
  private final String findSql;
  /** Texts of histories, variables and markers read or written lately, reused by identity. */
  final SessionTexts texts = new SessionTexts();

  SessionRows(Jdbc jdbc, SqlDialect sql) {
    this.jdbc = jdbc;
    this.sql = sql;
    this.findSql = "SELECT " + COLUMNS + " FROM " + sql.sessions + " WHERE tenant_id = ? AND session_id = ?";
  }

  // ------------------------------------------------------------------------------------------- reads

  Optional<SessionState> find(String tenantId, String sessionId) {
    if (!StoredIds.mayBeStored(tenantId, sessionId)) {
      return Optional.empty();
    }
    return jdbc.autoCommit(() -> "find of session '" + sessionId + "' of tenant '" + tenantId + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement(findSql)) {
        ps.setString(1, tenantId);
        ps.setString(2, sessionId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
      }
    });
  }

  List<SessionState> findAtVersion(String tenantId, String scenarioId, int version, int limit) {
    if (limit <= 0 || !StoredIds.mayBeStored(tenantId, scenarioId)) {
      return List.of();
    }
    return jdbc.autoCommit(() -> "look-up of sessions of tenant '" + tenantId + "' on scenario '" + scenarioId
        + "' version " + version, c -> atVersion(c, tenantId, scenarioId, version, null, limit));
  }

  List<SessionState> findAtVersion(String tenantId, String scenarioId, int version, String afterSessionId,
      int limit) {
    if (limit <= 0 || !StoredIds.mayBeStored(tenantId, scenarioId)
        || (afterSessionId != null && !StoredIds.mayBeStored(afterSessionId))) {
      return List.of();
    }
    return jdbc.autoCommit(() -> "look-up of a page of sessions of tenant '" + tenantId + "' on scenario '"
        + scenarioId + "' version " + version, c -> atVersion(c, tenantId, scenarioId, version, afterSessionId, limit));
  }

  private List<SessionState> atVersion(Connection c, String tenantId, String scenarioId, int version,
      String afterSessionId, int limit) throws SQLException {
    return page(c, "tenant_id = ? AND scenario_id = ? AND version = ?", List.<Object>of(tenantId, scenarioId, version),
        afterSessionId, limit, "");
  }

  List<SessionState> findMarked(String tenantId, String planId, String afterSessionId, int limit) {
    if (limit <= 0 || !StoredIds.mayBeStored(tenantId, planId)
        || (afterSessionId != null && !StoredIds.mayBeStored(afterSessionId))) {
      return List.of();
    }
    return jdbc.autoCommit(() -> "look-up of sessions of tenant '" + tenantId + "' marked by plan '" + planId + "'",
        c -> page(c, "tenant_id = ? AND pending_plan_id = ?", List.<Object>of(tenantId, planId), afterSessionId, limit,
            ""));
  }

  long countMarked(String tenantId, String planId) {
    if (!StoredIds.mayBeStored(tenantId, planId)) {
      return 0;
    }
    String q = "SELECT COUNT(*) FROM " + sql.sessions + " WHERE tenant_id = ? AND pending_plan_id = ?";
    return jdbc.autoCommit(() -> "count of sessions of tenant '" + tenantId + "' marked by plan '" + planId + "'",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(q)) {
            ps.setString(1, tenantId);
            ps.setString(2, planId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  /** One aggregate statement: the sessions on a version that have not ended, pinned and marked (issue 19). */
  org.scenariomigration.spi.SessionCounts countAtVersion(String tenantId, String scenarioId, int version) {
    if (!StoredIds.mayBeStored(tenantId, scenarioId)) {
      return org.scenariomigration.spi.SessionCounts.NONE;
    }
    String q = "SELECT COUNT(*), COALESCE(SUM(CASE WHEN pinned THEN 1 ELSE 0 END), 0),"
        + " COALESCE(SUM(CASE WHEN pending_plan_id IS NOT NULL THEN 1 ELSE 0 END), 0) FROM " + sql.sessions
        + " WHERE tenant_id = ? AND scenario_id = ? AND version = ? AND ended_at IS NULL";
    return jdbc.autoCommit(() -> "count of sessions of tenant '" + tenantId + "' on version " + version
        + " of scenario '" + scenarioId + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement(q)) {
            ps.setString(1, tenantId);
            ps.setString(2, scenarioId);
            ps.setInt(3, version);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return new org.scenariomigration.spi.SessionCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
          }
        });
  }

  // ------------------------------------------------------------------------------------------- pages

  /**
   * The sessions for which {@code where} holds (its parameters {@code params}) and whose id sorts after
   * {@code afterSessionId} ({@code null}: from the first), ordered by session id, at most {@code limit}; {@code lock}
   * is appended to the query (a locking clause, or empty).
   */
  List<SessionState> page(Connection c, String where, List<Object> params, String afterSessionId, int limit,
      String lock) throws SQLException {
    try (PreparedStatement ps = preparePage(c, COLUMNS, where, params, afterSessionId, limit, lock)) {
      return rows(ps);
    }
  }

  /** The ids of {@link #page}'s sessions (unlocked), without reading (and decoding) their rows. */
  List<String> pageIds(Connection c, String where, List<Object> params, String afterSessionId, int limit)
      throws SQLException {
    try (PreparedStatement ps = preparePage(c, "session_id", where, params, afterSessionId, limit, "")) {
      List<String> ids = new ArrayList<>(limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    }
  }

  private PreparedStatement preparePage(Connection c, String columns, String where, List<Object> params,
      String afterSessionId, int limit, String lock) throws SQLException {
    String q = "SELECT " + columns + " FROM " + sql.sessions + " WHERE " + where
        + (afterSessionId == null ? "" : " AND session_id > ?") + " ORDER BY session_id LIMIT ?" + lock;
    PreparedStatement ps = c.prepareStatement(q);
    try {
      int i = bind(ps, 1, params);
      if (afterSessionId != null) {
        ps.setString(i++, afterSessionId);
      }
      ps.setInt(i, limit);
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  // ------------------------------------------------------------------------------------------- row codec

  List<SessionState> rows(PreparedStatement ps) throws SQLException {
    List<SessionState> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(row(rs));
      }
    }
    return out;
  }

  private SessionState row(ResultSet rs) throws SQLException {
    return SessionState.builder().tenantId(rs.getString("tenant_id")).sessionId(rs.getString("session_id"))
        .customerId(rs.getString("customer_id")).channel(rs.getString("channel"))
        .createdAt(sql.readInstant(rs, "created_at")).scenarioId(rs.getString("scenario_id"))
        .version(rs.getInt("version")).scenarioChecksum(rs.getString("scenario_checksum"))
        .currentStepId(rs.getString("current_step_id")).history(texts.readHistory(rs.getString("history")))
        .variables(texts.readVariables(rs.getString("variables"))).pending(texts.readPending(rs.getString("pending")))
        .settledPlans(sql.readSettled(rs, "settled_plans")).pinned(rs.getBoolean("pinned"))
        .revision(rs.getLong("revision")).owed(SessionJson.readOwed(rs.getString("owed"))).end(end(rs))
        .pinGeneration(rs.getLong("pin_generation")).build();
  }

  private SessionEnd end(ResultSet rs) throws SQLException {
    String reason = rs.getString("end_reason");
    return reason == null ? null : new SessionEnd(EndReason.of(reason), sql.readInstant(rs, "ended_at"));
  }

  /**
   * Binds the columns {@code insert} and {@code update} both write, {@code customer_id} to {@code pin_generation}
   * in the order their statements name them, from parameter {@code i} on; returns the next parameter index.
   */
  int bindState(PreparedStatement ps, int i, SessionState s) throws SQLException {
    ps.setString(i++, s.customerId());
    ps.setString(i++, s.channel());
    sql.bindInstant(ps, i++, s.createdAt());
    ps.setString(i++, s.scenarioId());
    ps.setInt(i++, s.version());
    ps.setString(i++, s.scenarioChecksum());
    ps.setString(i++, s.currentStepId());
    ps.setString(i++, texts.history(s.history()));
    ps.setString(i++, texts.variables(s.variables()));
    ps.setString(i++, s.pending() == null ? null : s.pending().planId());
    sql.bindJson(ps, i++, texts.pending(s.pending()));
    sql.bindSettled(ps, i++, s.settledPlans());
    ps.setBoolean(i++, s.pinned());
    sql.bindJson(ps, i++, SessionJson.writeOwed(s.owed()));
    sql.bindInstant(ps, i++, s.end() == null ? null : s.end().at());
    ps.setString(i++, s.end() == null ? null : s.end().reason().name());
    ps.setLong(i++, s.pinGeneration());
    return i;
  }

  /** Binds strings, ints, longs, booleans and instants from {@code i} on; returns the next index. */
  int bind(PreparedStatement ps, int i, List<Object> params) throws SQLException {
    for (Object p : params) {
      if (p instanceof Instant t) {
        sql.bindInstant(ps, i++, t);
      } else if (p instanceof Integer n) {
        ps.setInt(i++, n);
      } else if (p instanceof Long n) {
        ps.setLong(i++, n);
      } else if (p instanceof Boolean b) {
        ps.setBoolean(i++, b);
      } else {
        ps.setString(i++, (String) p);
      }
    }
    return i;
  }
}
