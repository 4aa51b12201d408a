package org.scenariomigration.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanJson;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.spi.DuplicateRecordException;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.StoredIds;

/**
 * The JDBC {@link PlanStore}: plans as their {@link PlanJson} text, with the status and the columns the look-ups
 * filter on beside it. {@link #replace} is an {@code UPDATE ... WHERE status = ?}.
 */
final class JdbcPlanStore implements PlanStore {
  private final Jdbc jdbc;
  private final SqlDialect sql;

  JdbcPlanStore(Jdbc jdbc, SqlDialect sql) {
    this.jdbc = jdbc;
    this.sql = sql;
  }

  @Override
  public void insert(MigrationPlan plan) {
    requireNonNull(plan, "plan");
    String q = "INSERT INTO " + sql.plans + " (tenant_id, plan_id, scenario_id, from_version, to_version, status, "
        + "created_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, " + sql.json() + ")";
    String body = PlanJson.write(plan);
    jdbc.autoCommit(() -> "insert of plan '" + plan.id() + "' of tenant '" + plan.tenantId() + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement(q)) {
        ps.setString(1, plan.tenantId());
        ps.setString(2, plan.id());
        ps.setString(3, plan.scenarioId());
        ps.setInt(4, plan.fromVersion());
        ps.setInt(5, plan.toVersion());
        ps.setString(6, plan.status().jsonName());
        sql.bindInstant(ps, 7, plan.createdAt());
        ps.setString(8, body);
        jdbc.attempt(c, ps::executeUpdate);
        return null;
      } catch (SQLException e) {
        if (Jdbc.isIntegrityViolation(e) && status(c, plan.tenantId(), plan.id()) != null) {
          throw new DuplicateRecordException(plan.tenantId(), "plan", plan.id(),
              "plan '" + plan.id() + "' of tenant '" + plan.tenantId()
              + "' already exists");
        }
        throw e;
      }
    });
  }

  @Override
  public Optional<MigrationPlan> find(String tenantId, String planId) {
    if (!StoredIds.mayBeStored(tenantId, planId)) {
      return Optional.empty();
    }
    String q = "SELECT body FROM " + sql.plans + " WHERE tenant_id = ? AND plan_id = ?";
    String body = jdbc.autoCommit(() -> "find of plan '" + planId + "' of tenant '" + tenantId + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement(q)) {
        ps.setString(1, tenantId);
        ps.setString(2, planId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    });
    return body == null ? Optional.empty() : Optional.of(PlanJson.read(body));
  }

  @Override
  public void replace(MigrationPlan plan, PlanStatus expectedStatus) {
    requireNonNull(plan, "plan");
    requireNonNull(expectedStatus, "expectedStatus");
    String q = "UPDATE " + sql.plans + " SET scenario_id = ?, from_version = ?, to_version = ?, status = ?, "
        + "created_at = ?, body = " + sql.json() + " WHERE tenant_id = ? AND plan_id = ? AND status = ?";
    String body = PlanJson.write(plan);
    jdbc.transaction(() -> "replacement of plan '" + plan.id() + "' of tenant '" + plan.tenantId() + "'", c -> {
      int n;
      try (PreparedStatement ps = c.prepareStatement(q)) {
        ps.setString(1, plan.scenarioId());
        ps.setInt(2, plan.fromVersion());
        ps.setInt(3, plan.toVersion());
        ps.setString(4, plan.status().jsonName());
        sql.bindInstant(ps, 5, plan.createdAt());
        ps.setString(6, body);
        ps.setString(7, plan.tenantId());
        ps.setString(8, plan.id());
        ps.setString(9, expectedStatus.jsonName());
        n = ps.executeUpdate();
      } catch (SQLException e) {
        if (Jdbc.isConflict(e)) {
          throw new ConcurrentUpdateException(plan.tenantId(), "plan", plan.id(), "status "
              + expectedStatus.jsonName(), "a row locked by a concurrent transaction (" + Jdbc.describe(e) + ")");
        }
        throw e;
      }
      if (n == 0) {
        String found = status(c, plan.tenantId(), plan.id());
        throw new ConcurrentUpdateException(plan.tenantId(), "plan", plan.id(), "status " + expectedStatus.jsonName(),
            found == null ? "no plan" : "status " + found);
      }
      return null;
    });
  }

  private String status(java.sql.Connection c, String tenantId, String planId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT status FROM " + sql.plans
        + " WHERE tenant_id = ? AND plan_id = ?")) {
      ps.setString(1, tenantId);
      ps.setString(2, planId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  @Override
  public List<MigrationPlan> forScenario(String tenantId, String scenarioId) {
    if (!StoredIds.mayBeStored(tenantId, scenarioId)) {
      return List.of();
    }
    String q = "SELECT body FROM " + sql.plans + " WHERE tenant_id = ? AND scenario_id = ?"
        + " ORDER BY created_at, plan_id";
    List<String> bodies = jdbc.autoCommit(() -> "look-up of the plans of scenario '" + scenarioId + "' of tenant '"
        + tenantId + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement(q)) {
            ps.setString(1, tenantId);
            ps.setString(2, scenarioId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getString(1));
              }
            }
            return out;
          }
        });
    return bodies.stream().map(PlanJson::read).toList();
  }

  @Override
  public boolean delete(String tenantId, String planId) {
    if (!StoredIds.mayBeStored(tenantId, planId)) {
      return false;
    }
    String q = "DELETE FROM " + sql.plans + " WHERE tenant_id = ? AND plan_id = ?";
    return jdbc.autoCommit(() -> "deletion of plan '" + planId + "' of tenant '" + tenantId + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement(q)) {
        ps.setString(1, tenantId);
        ps.setString(2, planId);
        return ps.executeUpdate() > 0;
      }
    });
  }

  /** Reads the deployed plans of every tenant and keeps those whose rollout is watched (issue 19). */
  @Override
  public List<MigrationPlan> watchedRollouts() {
    String q = "SELECT body FROM " + sql.plans + " WHERE status = ? ORDER BY tenant_id, plan_id";
    List<String> bodies = jdbc.autoCommit(() -> "look-up of the deployed plans with a rollout", c -> {
      try (PreparedStatement ps = c.prepareStatement(q)) {
        ps.setString(1, PlanStatus.DEPLOYED.jsonName());
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
        return out;
      }
    });
    return bodies.stream().map(PlanJson::read).filter(p -> p.rollout() != null && p.rollout().watched()).toList();
  }
}
