package org.scenariomigration.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.scenariomigration.json.SessionJson;

/**
 * The SQL of one schema: its table names (with the prefix), and the {@link Dialect} the stores reach the database's
 * differences through, with the hooks they use most as short forms. Every value goes through a parameter.
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

  /** The placeholder of a JSON parameter ({@link Dialect#jsonParameter()}). */
  String json() {
    return dialect.jsonParameter();
  }

  /** The placeholder of the settled-plans parameter ({@link Dialect#bindSettledPlans}). */
  String settledParam() {
    return dialect.jsonParameter();
  }

  /** {@link Dialect#notSettledBy()}. */
  String notSettledBy() {
    return dialect.notSettledBy();
  }

  /** {@link Dialect#forwardMarker()}. */
  String forwardMarker() {
    return dialect.forwardMarker();
  }

  void bindSettled(PreparedStatement ps, int i, Collection<String> planIds) throws SQLException {
    dialect.bindSettledPlans(ps, i, planIds);
  }

  Set<String> readSettled(ResultSet rs, String column) throws SQLException {
    return dialect.readSettledPlans(rs, column);
  }

  /** Binds a JSON text, or SQL {@code NULL}, at a {@link #json()} placeholder. */
  void bindJson(PreparedStatement ps, int i, String json) throws SQLException {
    if (json == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, json);
    }
  }

  /** {@link Dialect#bindInstant}: truncated to microseconds. */
  void bindInstant(PreparedStatement ps, int i, Instant at) throws SQLException {
    dialect.bindInstant(ps, i, at);
  }

  Instant readInstant(ResultSet rs, String column) throws SQLException {
    return dialect.readInstant(rs, column);
  }

  /** {@link Dialect#skipLocked()}. */
  String skipLocked() {
    return dialect.skipLocked();
  }

  /** {@link Dialect#upsert}. */
  String upsert(String table, List<String> columns, int keyColumns, Set<String> jsonColumns) {
    return dialect.upsert(table, columns, keyColumns, jsonColumns);
  }
}
