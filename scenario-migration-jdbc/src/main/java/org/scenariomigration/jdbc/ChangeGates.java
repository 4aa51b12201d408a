package org.scenariomigration.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.scenariomigration.spi.ConcurrentOperationException;
import org.scenariomigration.spi.Generations;

/**
 * The change gates of {@link JdbcSessionStore}: one row per scenario in the gates table holding its change generation
 * and the operator change that holds it, if any.
 */
final class ChangeGates {
  private final Jdbc jdbc;
  private final SqlDialect sql;

  ChangeGates(Jdbc jdbc, SqlDialect sql) {
    this.jdbc = jdbc;
    this.sql = sql;
  }

  /** The scenario's change generation read on {@code c}; 0 when it has no gate row yet. */
  long readGeneration(Connection c, String tenantId, String scenarioId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT generation FROM " + sql.gates
        + " WHERE tenant_id = ? AND scenario_id = ?")) {
      ps.setString(1, tenantId);
      ps.setString(2, scenarioId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  long changeGeneration(String tenantId, String scenarioId) {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(scenarioId, "scenarioId");
    return jdbc.autoCommit(() -> "read of the change generation of scenario '" + scenarioId + "' of tenant '"
        + tenantId + "'", c -> readGeneration(c, tenantId, scenarioId));
  }

  String changeHolder(String tenantId, String scenarioId) {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(scenarioId, "scenarioId");
    return jdbc.autoCommit(() -> "read of the change holder of scenario '" + scenarioId + "' of tenant '"
        + tenantId + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT holder FROM " + sql.gates
              + " WHERE tenant_id = ? AND scenario_id = ?")) {
            ps.setString(1, tenantId);
            ps.setString(2, scenarioId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getString(1) : null;
            }
          }
        });
  }

  long beginChange(String tenantId, String scenarioId, String operation) {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(scenarioId, "scenarioId");
    requireNonNull(operation, "operation");
    java.util.function.Supplier<String> op = () -> "begin of the " + operation + " of scenario '" + scenarioId
        + "' of tenant '" + tenantId + "'";
    jdbc.autoCommit(op, c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + sql.gates
          + " (tenant_id, scenario_id, generation, holder, changed_at) VALUES (?, ?, 0, NULL, ?)")) {
        ps.setString(1, tenantId);
        ps.setString(2, scenarioId);
        sql.bindInstant(ps, 3, Instant.now());
        jdbc.attempt(c, ps::executeUpdate); // under a savepoint when joined: a duplicate must not end the host's tx
      } catch (SQLException e) {
        if (!Jdbc.isIntegrityViolation(e)) {
          throw e;
        }
      }
      return null;
    });
    return jdbc.transaction(op, c -> {
      long generation;
      String holder;
      try (PreparedStatement ps = c.prepareStatement("SELECT generation, holder FROM " + sql.gates
          + " WHERE tenant_id = ? AND scenario_id = ? FOR UPDATE")) {
        ps.setString(1, tenantId);
        ps.setString(2, scenarioId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          generation = rs.getLong(1);
          holder = rs.getString(2);
        }
      }
      if (holder != null && !holder.equals(operation)) {
        throw new ConcurrentOperationException(tenantId, scenarioId, operation, holder);
      }
      if (holder != null) {
        return generation;
      }
      long odd = Generations.odd();
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.gates + " SET generation = ?, holder = ?,"
          + " changed_at = ? WHERE tenant_id = ? AND scenario_id = ?")) {
        ps.setLong(1, odd);
        ps.setString(2, operation);
        sql.bindInstant(ps, 3, Instant.now());
        ps.setString(4, tenantId);
        ps.setString(5, scenarioId);
        ps.executeUpdate();
      }
      return odd;
    });
  }

  long endChange(String tenantId, String scenarioId, String operation) {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(scenarioId, "scenarioId");
    requireNonNull(operation, "operation");
    return jdbc.transaction(() -> "end of the " + operation + " of scenario '" + scenarioId + "' of tenant '"
        + tenantId + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.gates + " SET generation = ?,"
              + " holder = NULL, changed_at = ? WHERE tenant_id = ? AND scenario_id = ? AND holder = ?")) {
            ps.setLong(1, Generations.even());
            sql.bindInstant(ps, 2, Instant.now());
            ps.setString(3, tenantId);
            ps.setString(4, scenarioId);
            ps.setString(5, operation);
            ps.executeUpdate();
          }
          return readGeneration(c, tenantId, scenarioId);
        });
  }
}
