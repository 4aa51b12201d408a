package org.scenariomigration.jdbc;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.scenariomigration.json.SessionJson;

/**
 * The dialect hooks: table names with the prefix, how JSON, timestamps and settled plans are bound and read, the
 * settled-plan containment check, upserts and row locking. Every value goes through a parameter.
 */
final class SqlDialect {
  final Dialect dialect;
  final String prefix;
  final String sessions;
  final String journal;
  final String scenarioVersions;
  final String currentVersions;
  final String plans;
  final String profiles;
  final String schemaVersion;
  final String schemaLock;
  final String gates;
  final String erasures;

  SqlDialect(Dialect dialect, String prefix) {
    this.dialect = dialect;
    this.prefix = prefix;
    this.sessions = prefix + "sessions";
    this.journal = prefix + "journal";
    this.scenarioVersions = prefix + "scenario_versions";
    this.currentVersions = prefix + "current_versions";
    this.plans = prefix + "plans";
    this.profiles = prefix + "profiles";
    this.schemaVersion = prefix + "schema_version";
    this.schemaLock = prefix + "schema_lock";
    this.gates = prefix + "scenario_gates";
    this.erasures = prefix + "erasures";
  }

  /** The placeholder of a JSON parameter. */
  String json() {
    return dialect == Dialect.POSTGRESQL ? "CAST(? AS jsonb)" : "?";
  }

  /** The placeholder of the settled-plans parameter. */
  String settledParam() {
    return json();
  }

  /** The condition "the session's settled plans do not contain the plan bound to the one parameter". */
  String notSettledBy() {
    return switch (dialect) {
      // (jsonb_exists is the ? operator, which a JDBC statement cannot spell: a string element of the array, tested
      // instead of a containment; benchmarks/README.md, issue #17)
      case POSTGRESQL -> "NOT jsonb_exists(settled_plans, CAST(? AS text))";
      case MARIADB -> "JSON_CONTAINS(settled_plans, JSON_QUOTE(?)) = 0";
      case H2 -> "NOT ARRAY_CONTAINS(settled_plans, ?)";
    };
  }

  /**
   * The condition "the session's marker ({@code pending}, not null) is a forward one": its {@code rollback} is absent
   * or false. On H2 the marker is the text the library wrote, without spaces, in which a quote that is not a JSON
   * key's is escaped, so only the key can read {@code "rollback":true}.
   */
  String forwardMarker() {
    return switch (dialect) {
      case POSTGRESQL -> "COALESCE(pending ->> 'rollback', 'false') <> 'true'";
      // (MariaDB's JSON_VALUE answers a JSON true as '1', MySQL's as 'true': compare as JSON instead)
      case MARIADB -> "COALESCE(JSON_CONTAINS(pending, 'true', '$.rollback'), 0) = 0";
      case H2 -> "pending NOT LIKE '%\"rollback\":true%'";
    };
  }

  void bindSettled(PreparedStatement ps, int i, Collection<String> planIds) throws SQLException {
    if (dialect == Dialect.H2) {
      ps.setObject(i, planIds.toArray(new String[0]));
    } else {
      ps.setString(i, SessionJson.writeSettledPlans(planIds));
    }
  }

  Set<String> readSettled(ResultSet rs, String column) throws SQLException {
    if (dialect == Dialect.H2) {
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
    return SessionJson.readSettledPlans(rs.getString(column));
  }

  void bindJson(PreparedStatement ps, int i, String json) throws SQLException {
    if (json == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, json);
    }
  }

  /** Binds an instant, truncated to microseconds (the precision of every dialect's timestamp column). */
  void bindInstant(PreparedStatement ps, int i, Instant at) throws SQLException {
    if (at == null) {
      ps.setNull(i, dialect == Dialect.MARIADB ? Types.TIMESTAMP : Types.TIMESTAMP_WITH_TIMEZONE);
      return;
    }
    Instant t = at.truncatedTo(ChronoUnit.MICROS);
    if (dialect == Dialect.MARIADB) {
      ps.setObject(i, LocalDateTime.ofInstant(t, ZoneOffset.UTC));
    } else {
      ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }
  }

  Instant readInstant(ResultSet rs, String column) throws SQLException {
    if (dialect == Dialect.MARIADB) {
      LocalDateTime t = rs.getObject(column, LocalDateTime.class);
      return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** The clause that claims the selected rows, skipping rows other transactions hold (H2 2.2+ has it too). */
  String skipLocked() {
    return " FOR UPDATE SKIP LOCKED";
  }

  /**
   * An insert-or-update by primary key: {@code columns} in parameter order, the first {@code keyColumns} of them
   * forming the key. JSON columns are listed in {@code jsonColumns}.
   */
  String upsert(String table, List<String> columns, int keyColumns, Set<String> jsonColumns) {
    StringBuilder values = new StringBuilder();
    for (String c : columns) {
      values.append(values.length() == 0 ? "" : ", ").append(jsonColumns.contains(c) ? json() : "?");
    }
    String cols = String.join(", ", columns);
    List<String> keys = columns.subList(0, keyColumns);
    List<String> rest = columns.subList(keyColumns, columns.size());
    return switch (dialect) {
      case H2 -> "MERGE INTO " + table + " (" + cols + ") KEY (" + String.join(", ", keys) + ") VALUES (" + values
          + ")";
      case POSTGRESQL -> "INSERT INTO " + table + " (" + cols + ") VALUES (" + values + ") ON CONFLICT ("
          + String.join(", ", keys) + ") DO UPDATE SET "
          + String.join(", ", rest.stream().map(c -> c + " = EXCLUDED." + c).toList());
      case MARIADB -> "INSERT INTO " + table + " (" + cols + ") VALUES (" + values + ") ON DUPLICATE KEY UPDATE "
          + String.join(", ", rest.stream().map(c -> c + " = VALUES(" + c + ")").toList());
    };
  }

  /** The column type of timestamps in bootstrap tables. */
  String timestampType() {
    return dialect == Dialect.MARIADB ? "DATETIME(6)" : "TIMESTAMP(6) WITH TIME ZONE";
  }

  /** The options of the bootstrap tables ({@code schema_version}, whose text columns hold no ids). */
  String tableOptions() {
    return dialect == Dialect.MARIADB ? " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin" : "";
  }
}
