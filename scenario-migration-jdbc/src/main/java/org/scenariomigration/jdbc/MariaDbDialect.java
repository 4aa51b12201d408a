package org.scenariomigration.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * {@link Dialect#MARIADB}, also MySQL: JSON columns are {@code JSON}, timestamps {@code DATETIME(6)} in UTC, upserts
 * {@code ON DUPLICATE KEY UPDATE}, identifiers quoted with backticks, and the schema lock is {@code GET_LOCK} of the
 * migrating connection.
 */
final class MariaDbDialect implements Dialect {

  @Override
  public String name() {
    return "mariadb";
  }

  /** As a {@link LocalDateTime} in UTC, for a {@code DATETIME(6)}. */
  @Override
  public void bindInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
    if (at == null) {
      ps.setNull(index, Types.TIMESTAMP);
    } else {
      ps.setObject(index, LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }
  }

  @Override
  public Instant readInstant(ResultSet rs, String column) throws SQLException {
    LocalDateTime t = rs.getObject(column, LocalDateTime.class);
    return t == null ? null : t.toInstant(ZoneOffset.UTC);
  }

  @Override
  public String notSettledBy() {
    return "JSON_CONTAINS(settled_plans, JSON_QUOTE(?)) = 0";
  }

  /** MariaDB's {@code JSON_VALUE} answers a JSON true as '1', MySQL's as 'true': compared as JSON instead. */
  @Override
  public String forwardMarker() {
    return "COALESCE(JSON_CONTAINS(pending, 'true', '$.rollback'), 0) = 0";
  }

  @Override
  public String upsert(String table, List<String> columns, int keyColumns, Set<String> jsonColumns) {
    return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + Dialects.values(this, columns,
        jsonColumns) + ") ON DUPLICATE KEY UPDATE " + String.join(", ", columns.subList(keyColumns, columns.size())
            .stream().map(c -> c + " = VALUES(" + c + ")").toList());
  }

  @Override
  public String quoteIdentifier(String name) {
    return "`" + name + "`";
  }

  @Override
  public boolean transactionalDdl() {
    return false;
  }

  @Override
  public String timestampType() {
    return "DATETIME(6)";
  }

  /** The options of every table of the scripts: InnoDB, and text columns that hold no id compared as bytes. */
  @Override
  public String tableOptions() {
    return " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
  }

  /** {@code GET_LOCK}, held by the migrating connection (and released when it closes). */
  @Override
  public Connection lockSchema(Connection c, String name, String lockTable, Duration timeout,
      ConnectionOpener second) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
      ps.setString(1, name);
      ps.setInt(2, (int) timeout.toSeconds());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getInt(1) != 1) {
          throw new SQLException("timed out after " + timeout.toSeconds() + " s waiting for the schema migration lock '"
              + name + "'");
        }
      }
    }
    return null;
  }

  @Override
  public void unlockSchema(Connection c, String name, Connection holder) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
      ps.setString(1, name);
      ps.execute();
    }
  }

  @Override
  public String toString() {
    return "MARIADB";
  }
}
