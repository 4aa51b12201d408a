package org.scenariomigration.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.runtime.MigrationMode;
import org.scenariomigration.spi.ModeChange;
import org.scenariomigration.spi.ModeSettings;
import org.scenariomigration.spi.ModeStore;
import org.scenariomigration.spi.StoredIds;

/**
 * The JDBC {@link ModeStore} (schema 9): the settings row with the global mode and the revision, one row per tenant
 * with a mode or on the soft-launch list, and the journal of changes. A change locks the settings row first
 * ({@code SELECT ... FOR UPDATE}), so changes made on several nodes at once are serialised and numbered one by one; it
 * commits with its journal record (inside the host's transaction, with it). {@link #revision()} is one primary-key
 * read: what each engine runs at most every {@code mode_refresh_seconds}.
 */
final class JdbcModeStore implements ModeStore {
  private final Jdbc jdbc;
  private final SqlDialect sql;
  private final String settings;
  private final String tenants;
  private final String changes;

  JdbcModeStore(Jdbc jdbc, SqlDialect sql) {
    this.jdbc = jdbc;
    this.sql = sql;
    this.settings = sql.prefix + "mode_settings";
    this.tenants = sql.prefix + "tenant_modes";
    this.changes = sql.prefix + "mode_changes";
  }

  @Override
  public long revision() {
    return jdbc.autoCommit(() -> "read of the modes' revision", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT revision FROM " + settings + " WHERE id = 1");
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  /** The revision first, then the rows: a change in between is read again at the next refresh, never missed. */
  @Override
  public ModeSettings read() {
    return jdbc.autoCommit(() -> "read of the modes", c -> {
      long revision = 0;
      MigrationMode global = null;
      try (PreparedStatement ps = c.prepareStatement("SELECT revision, global_mode FROM " + settings
          + " WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          revision = rs.getLong(1);
          global = mode(rs.getString(2));
        }
      }
      Map<String, MigrationMode> modes = new HashMap<>();
      Set<String> soft = new HashSet<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT tenant_id, mode, soft_launch FROM " + tenants);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String t = rs.getString(1);
          MigrationMode m = mode(rs.getString(2));
          if (m != null) {
            modes.put(t, m);
          }
          if (rs.getBoolean(3)) {
            soft.add(t);
          }
        }
      }
      return new ModeSettings(revision, global, modes, soft);
    });
  }

  @Override
  public ModeChange setGlobal(MigrationMode mode, String changedBy, Instant at) {
    check(changedBy, at);
    return jdbc.transaction(() -> "change of the global mode to " + name(mode), c -> {
      Locked locked = lock(c);
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + settings + " SET global_mode = ? WHERE id = 1")) {
        ps.setString(1, name(mode));
        ps.executeUpdate();
      }
      return journal(c, ModeChange.global(locked.next(), locked.global, mode, changedBy, at));
    });
  }

  @Override
  public ModeChange setTenant(String tenantId, MigrationMode mode, String changedBy, Instant at) {
    Ids.require(IdKind.TENANT, tenantId);
    check(changedBy, at);
    return jdbc.transaction(() -> "change of the mode of tenant '" + tenantId + "' to " + name(mode), c -> {
      Locked locked = lock(c);
      MigrationMode before = null;
      Boolean soft = null;
      try (PreparedStatement ps = c.prepareStatement("SELECT mode, soft_launch FROM " + tenants
          + " WHERE tenant_id = ?")) {
        ps.setString(1, tenantId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            before = mode(rs.getString(1));
            soft = rs.getBoolean(2);
          }
        }
      }
      if (soft == null && mode != null) {
        insertTenant(c, tenantId, mode, false);
      } else if (soft != null && mode == null && !soft) {
        update(c, "DELETE FROM " + tenants + " WHERE tenant_id = ?", tenantId);
      } else if (soft != null) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + tenants + " SET mode = ? WHERE tenant_id = ?")) {
          ps.setString(1, name(mode));
          ps.setString(2, tenantId);
          ps.executeUpdate();
        }
      }
      return journal(c, ModeChange.tenant(locked.next(), tenantId, before, mode, changedBy, at));
    });
  }

  @Override
  public ModeChange setSoftLaunch(Set<String> list, String changedBy, Instant at) {
    Ids.requireAll(IdKind.TENANT, requireNonNull(list, "tenants"));
    check(changedBy, at);
    return jdbc.transaction(() -> "change of the soft-launch list", c -> {
      Locked locked = lock(c);
      Set<String> before = new TreeSet<>();
      Set<String> withRow = new HashSet<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT tenant_id, soft_launch FROM " + tenants);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          withRow.add(rs.getString(1));
          if (rs.getBoolean(2)) {
            before.add(rs.getString(1));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + tenants + " SET soft_launch = ?")) {
        ps.setBoolean(1, false);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + tenants + " SET soft_launch = ? WHERE tenant_id = ?")) {
        for (String t : list) {
          if (withRow.contains(t)) {
            ps.setBoolean(1, true);
            ps.setString(2, t);
            ps.executeUpdate();
          } else {
            insertTenant(c, t, null, true);
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tenants
          + " WHERE mode IS NULL AND soft_launch = ?")) {
        ps.setBoolean(1, false);
        ps.executeUpdate();
      }
      return journal(c, ModeChange.softLaunch(locked.next(), before, list, changedBy, at));
    });
  }

  @Override
  public List<ModeChange> changes(String tenantId, int limit) {
    if (limit < 1 || (tenantId != null && !StoredIds.mayBeStored(tenantId))) {
      return List.of();
    }
    String q = "SELECT revision, scope, tenant_id, from_value, to_value, changed_by, changed_at FROM " + changes
        + (tenantId == null ? "" : " WHERE tenant_id IS NULL OR tenant_id = ?") + " ORDER BY revision DESC";
    return jdbc.autoCommit(() -> "read of the mode changes", c -> {
      try (PreparedStatement ps = c.prepareStatement(q)) {
        ps.setMaxRows(limit);
        if (tenantId != null) {
          ps.setString(1, tenantId);
        }
        List<ModeChange> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(change(rs));
          }
        }
        return List.copyOf(out);
      }
    });
  }

  // ------------------------------------------------------------------------------------------- rows

  /** The settings row, locked until the transaction ends. */
  private record Locked(long revision, MigrationMode global) {
    /** Moves the revision on by one; the change's revision. */
    long next() {
      return revision + 1;
    }
  }

  private Locked lock(Connection c) throws SQLException {
    String q = "SELECT revision, global_mode FROM " + settings + " WHERE id = 1 FOR UPDATE";
    try (PreparedStatement ps = c.prepareStatement(q); ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        return new Locked(rs.getLong(1), mode(rs.getString(2)));
      }
    }
    // the first change ever writes the row; a node that loses the race to write it locks the winner's
    try {
      jdbc.attempt(c, () -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + settings
            + " (id, global_mode, revision) VALUES (1, NULL, 0)")) {
          return ps.executeUpdate();
        }
      });
    } catch (SQLException e) {
      if (!Jdbc.isIntegrityViolation(e)) {
        throw e; // not the row another node wrote meanwhile: a real failure
      }
    }
    try (PreparedStatement ps = c.prepareStatement(q); ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("the mode settings row of " + settings + " is missing after it was written");
      }
      return new Locked(rs.getLong(1), mode(rs.getString(2)));
    }
  }

  /** Stores the change's revision in the settings row and appends the change. */
  private ModeChange journal(Connection c, ModeChange change) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + settings + " SET revision = ? WHERE id = 1")) {
      ps.setLong(1, change.revision());
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + changes
        + " (revision, scope, tenant_id, from_value, to_value, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      boolean soft = change.scope() == ModeChange.Scope.SOFT_LAUNCH;
      ps.setLong(1, change.revision());
      ps.setString(2, change.scope().jsonName());
      ps.setString(3, change.tenantId());
      ps.setString(4, soft ? String.join("\n", change.tenantsFrom()) : name(change.from()));
      ps.setString(5, soft ? String.join("\n", change.tenantsTo()) : name(change.to()));
      ps.setString(6, change.changedBy());
      sql.bindInstant(ps, 7, change.changedAt());
      ps.executeUpdate();
    }
    return change;
  }

  private ModeChange change(ResultSet rs) throws SQLException {
    long revision = rs.getLong("revision");
    String scope = rs.getString("scope");
    String by = rs.getString("changed_by");
    Instant at = sql.readInstant(rs, "changed_at");
    return switch (scope) {
      case "global" -> ModeChange.global(revision, mode(rs.getString("from_value")), mode(rs.getString("to_value")),
          by, at);
      case "tenant" -> ModeChange.tenant(revision, rs.getString("tenant_id"), mode(rs.getString("from_value")),
          mode(rs.getString("to_value")), by, at);
      default -> ModeChange.softLaunch(revision, tenantList(rs.getString("from_value")),
          tenantList(rs.getString("to_value")), by, at);
    };
  }

  private void insertTenant(Connection c, String tenantId, MigrationMode mode, boolean soft) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tenants
        + " (tenant_id, mode, soft_launch) VALUES (?, ?, ?)")) {
      ps.setString(1, tenantId);
      ps.setString(2, name(mode));
      ps.setBoolean(3, soft);
      ps.executeUpdate();
    }
  }

  private static void update(Connection c, String statement, String tenantId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(statement)) {
      ps.setString(1, tenantId);
      ps.executeUpdate();
    }
  }

  private static Set<String> tenantList(String text) {
    return text == null || text.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(text.split("\n")));
  }

  private static String name(MigrationMode mode) {
    return mode == null ? null : mode.configName();
  }

  private static MigrationMode mode(String name) {
    return name == null ? null : MigrationMode.fromConfig(name);
  }

  private static void check(String changedBy, Instant at) {
    requireNonNull(changedBy, "changedBy");
    requireNonNull(at, "at");
  }
}
