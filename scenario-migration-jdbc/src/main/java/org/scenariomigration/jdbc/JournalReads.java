package org.scenariomigration.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.scenariomigration.json.JournalJson;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.PlanJournalSummary;
import org.scenariomigration.spi.StoredIds;

/** The reads of {@link JdbcSessionStore}'s journal ({@link org.scenariomigration.spi.JournalStore}). */
final class JournalReads {
  private final Jdbc jdbc;
  private final SqlDialect sql;

  JournalReads(Jdbc jdbc, SqlDialect sql) {
    this.jdbc = jdbc;
    this.sql = sql;
  }

  List<JournalRecord> forSession(String tenantId, String sessionId) {
    return records(() -> "journal look-up of session '" + sessionId + "' of tenant '" + tenantId + "'",
        "session_id", tenantId, sessionId);
  }

  List<JournalRecord> forPlan(String tenantId, String planId) {
    return records(() -> "journal look-up of plan '" + planId + "' of tenant '" + tenantId + "'", "plan_id",
        tenantId, planId);
  }

  private List<JournalRecord> records(Supplier<String> op, String column, String tenantId,
      String id) {
    if (!StoredIds.mayBeStored(tenantId, id)) {
      return List.of();
    }
    String q = "SELECT body FROM " + sql.journal + " WHERE tenant_id = ? AND " + column + " = ? ORDER BY seq";
    return jdbc.autoCommit(op, c -> {
      try (PreparedStatement ps = c.prepareStatement(q)) {
        ps.setString(1, tenantId);
        ps.setString(2, id);
        List<JournalRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(JournalJson.read(rs.getString(1)));
          }
        }
        return out;
      }
    });
  }

  PlanJournalSummary summarize(String tenantId, String planId) {
    if (!StoredIds.mayBeStored(tenantId, planId)) {
      return new PlanJournalSummary(Map.of(), Map.of(), null);
    }
    String q = "SELECT kind, migration_scenario, COUNT(*) AS n, MAX(recorded_at) AS last_at FROM " + sql.journal
        + " WHERE tenant_id = ? AND plan_id = ? GROUP BY kind, migration_scenario";
    return jdbc.autoCommit(() -> "journal summary of plan '" + planId + "' of tenant '" + tenantId + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement(q)) {
        ps.setString(1, tenantId);
        ps.setString(2, planId);
        Map<JournalRecord.Kind, Long> kinds = new EnumMap<>(JournalRecord.Kind.class);
        Map<MigrationScenario, Long> scenarios = new EnumMap<>(MigrationScenario.class);
        Instant last = null;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            JournalRecord.Kind kind = JournalRecord.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT));
            long n = rs.getLong("n");
            kinds.merge(kind, n, Long::sum);
            String sc = rs.getString("migration_scenario");
            if (kind == JournalRecord.Kind.MIGRATED && sc != null) {
              scenarios.merge(MigrationScenario.fromJson(sc), n, Long::sum);
            }
            if (kind == JournalRecord.Kind.MIGRATED || kind == JournalRecord.Kind.RELOCATED) {
              Instant at = sql.readInstant(rs, "last_at");
              if (at != null && (last == null || at.isAfter(last))) {
                last = at;
              }
            }
          }
        }
        return new PlanJournalSummary(kinds, scenarios, last);
      }
    });
  }
}
