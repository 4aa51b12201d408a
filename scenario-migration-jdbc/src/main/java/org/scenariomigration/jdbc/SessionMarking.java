package org.scenariomigration.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.scenariomigration.json.SessionJson;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.spi.StoredIds;

/**
 * The set-based statements of {@link JdbcSessionStore} over the sessions a plan's criteria select: marking them,
 * counting the eligible ones, and unmarking a plan's.
 */
final class SessionMarking {
  private final Jdbc jdbc;
  private final SqlDialect sql;
  private final SessionRows rows;
  private final MarkConditions conditions;

  SessionMarking(Jdbc jdbc, SqlDialect sql, SessionRows rows, MarkConditions conditions) {
    this.jdbc = jdbc;
    this.sql = sql;
    this.rows = rows;
    this.conditions = conditions;
  }

  int mark(MarkCriteria m) {
    requireNonNull(m, "criteria");
    List<Object> params = new ArrayList<>();
    String statement = "UPDATE " + sql.sessions + " SET pending_plan_id = ?, pending = " + sql.json()
        + ", revision = revision + 1 WHERE " + MarkConditions.versionCondition(m, params)
        + " AND pending_plan_id IS NULL AND ended_at IS NULL AND " + conditions.matchingUnmarked(m, params);
    return jdbc.transaction(() -> "marking of sessions of tenant '" + m.tenantId() + "' at step '" + m.fromStepId()
        + "' of scenario '" + m.scenarioId() + "' version " + m.fromVersion() + " for plan '" + m.marker().planId()
        + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, m.marker().planId());
            ps.setString(2, SessionJson.writePending(m.marker()));
            rows.bind(ps, 3, params);
            return ps.executeUpdate();
          }
        });
  }

  /**
   * Whether {@link #markAtOnce} can mark with {@code criteria}: the dialect
   * {@link Dialect#supportsUpdateReturningInWith() can}, and the criteria, more than one,
   * {@link MarkCriteria#combinable combine}.
   */
  boolean marksAtOnce(List<MarkCriteria> criteria) {
    return sql.dialect.supportsUpdateReturningInWith() && criteria.size() >= 2 && MarkCriteria.combinable(criteria);
  }

  /** {@link JdbcSessionStore#markAll} as one statement, for criteria that {@link #marksAtOnce}. */
  int[] markAtOnce(List<MarkCriteria> criteria) {
    MarkCriteria first = criteria.get(0);
    StringBuilder q = new StringBuilder("WITH marked AS (UPDATE ").append(sql.sessions)
        .append(" SET pending_plan_id = ?, pending = CASE current_step_id");
    List<Object> set = new ArrayList<>();
    set.add(first.marker().planId());
    for (MarkCriteria m : criteria) {
      q.append(" WHEN ? THEN ").append(sql.json());
      set.add(m.fromStepId());
      set.add(SessionJson.writePending(m.marker()));
    }
    List<Object> where = new ArrayList<>();
    q.append(" END, revision = revision + 1 WHERE ").append(conditions.combinedWhere(criteria, where));
    q.append(" RETURNING current_step_id) SELECT current_step_id, COUNT(*) FROM marked GROUP BY current_step_id");
    String statement = q.toString();
    return jdbc.transaction(() -> "marking of sessions of tenant '" + first.tenantId() + "' at steps "
        + criteria.stream().map(m -> "'" + m.fromStepId() + "'").toList() + " of scenario '" + first.scenarioId()
        + "' version " + first.fromVersion() + " for plan '" + first.marker().planId() + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement(statement)) {
            rows.bind(ps, rows.bind(ps, 1, set), where);
            Map<String, Integer> byStep = new java.util.HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                byStep.put(rs.getString(1), rs.getInt(2));
              }
            }
            int[] counts = new int[criteria.size()];
            for (int k = 0; k < counts.length; k++) {
              counts[k] = byStep.getOrDefault(criteria.get(k).fromStepId(), 0);
            }
            return counts;
          }
        });
  }

  // ------------------------------------------------------------------------------------------- eligible sessions

  long[] countEligible(List<MarkCriteria> criteria) {
    MarkCriteria first = MarkCriteria.requireOneVersion(criteria);
    long[] counts = new long[criteria.size()];
    if (first == null || !StoredIds.mayBeStored(first.tenantId(), first.scenarioId())) {
      return counts;
    }
    List<Object> params = new ArrayList<>();
    String q;
    boolean bySteps = MarkCriteria.combinable(criteria);
    if (bySteps) {
      // one plan's criteria at distinct steps (a deploy's): what they share is tested once per row, each step's scope
      // filter only on its step, counted per step (PostgreSQL: an index-only scan of the coverage index)
      q = "SELECT current_step_id, COUNT(*) FROM " + sql.sessions + " WHERE "
          + conditions.combinedWhere(criteria, params) + " GROUP BY current_step_id";
    } else {
      StringBuilder which = new StringBuilder("CASE");
      for (int k = 0; k < criteria.size(); k++) {
        which.append(" WHEN ").append(conditions.matchingUnmarked(criteria.get(k), params)).append(" THEN ")
            .append(k);
      }
      which.append(" ELSE -1 END");
      String where = MarkConditions.versionCondition(first, params)
          + " AND pending_plan_id IS NULL AND ended_at IS NULL" + MarkConditions.stepCondition(criteria, params);
      q = "SELECT k, COUNT(*) FROM (SELECT " + which + " AS k FROM " + sql.sessions + " WHERE " + where
          + ") e GROUP BY k";
    }
    return jdbc.autoCommit(() -> "count of the sessions of tenant '" + first.tenantId() + "' on scenario '"
        + first.scenarioId() + "' version " + first.fromVersion() + " eligible for plan '" + first.marker().planId()
        + "'", c -> {
          // the dialect prepares the connection for a scan of the whole version (PostgreSQL: its JIT off), on a
          // connection the library holds or in its own transaction (never in the host's: a setting local to the
          // transaction would outlive this call there)
          boolean autoCommit = c.getAutoCommit();
          String saved = autoCommit || jdbc.inUnitOfWork() ? sql.dialect.beforeCount(c, autoCommit) : null;
          try (PreparedStatement ps = c.prepareStatement(q)) {
            rows.bind(ps, 1, params);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                if (bySteps) {
                  String step = rs.getString(1);
                  for (int k = 0; k < counts.length; k++) {
                    if (criteria.get(k).fromStepId().equals(step)) {
                      counts[k] = rs.getLong(2);
                    }
                  }
                } else {
                  int k = rs.getInt(1);
                  if (k >= 0) {
                    counts[k] = rs.getLong(2);
                  }
                }
              }
            }
            return counts;
          } finally {
            if (saved != null) {
              sql.dialect.afterCount(c, saved);
            }
          }
        });
  }

  int unmark(String tenantId, String planId) {
    if (!StoredIds.mayBeStored(tenantId, planId)) {
      return 0;
    }
    String q = "UPDATE " + sql.sessions + " SET pending_plan_id = NULL, pending = NULL, revision = revision + 1"
        + " WHERE tenant_id = ? AND pending_plan_id = ?";
    return jdbc.transaction(() -> "unmarking of sessions of tenant '" + tenantId + "' for plan '" + planId + "'",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(q)) {
            ps.setString(1, tenantId);
            ps.setString(2, planId);
            return ps.executeUpdate();
          }
        });
  }
}
