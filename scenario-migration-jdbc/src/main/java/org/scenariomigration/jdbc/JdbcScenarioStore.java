package org.scenariomigration.jdbc;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.condition.ConditionEngine;
import org.scenariomigration.scenario.ScenarioJson;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.spi.CurrentVersion;
import org.scenariomigration.spi.DuplicateRecordException;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.spi.StoredIds;

/**
 * The JDBC {@link ScenarioStore}: versions as their {@link ScenarioJson} text, the current version per scenario in
 * its own table with its deployment generation ({@link CurrentVersion}). {@link #current} (and {@link #currentVersion})
 * is cached for a configurable time; {@link #setCurrentVersion} moves the generation on in the same statement and
 * invalidates this node's entry, other nodes see the change when theirs expires.
 *
 * <p>Inside the host's transaction a change may still be rolled back: a scenario whose current version this store set
 * in a host's transaction is unsettled, and a look-up in a host's transaction does not cache it until a look-up
 * outside one has read it (so no rolled-back version is ever served from the cache).
 */
final class JdbcScenarioStore implements ScenarioStore {
  private record Key(String tenantId, String scenarioId) {}

  /**
   * The bound of the current-version cache in estimated bytes (an entry weighs 128 bytes plus twice the lengths of
   * its ids): some 20,000 scenarios with ids of 32 characters.
   */
  static final long CURRENT_BYTES = 4L << 20;

  private final Jdbc jdbc;
  private final SqlDialect sql;
  private final Clock clock;
  private final ConditionEngine engine;
  private final Duration cacheTtl;
  private final Cache<Key, CurrentVersion> current;
  /**
   * Moved on by every invalidation: a look-up that read the database before a change committed must not put what it
   * read after the change invalidated the entry (this node would then serve the old version until the entry lives
   * out, although it made the change itself).
   */
  private final java.util.concurrent.atomic.AtomicLong invalidations = new java.util.concurrent.atomic.AtomicLong();
  /** Scenarios whose current version this store set in a host's transaction, not read outside one since. */
  private final Set<Key> unsettled = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final String currentSql;
  private final String updateCurrentSql;
  private final String insertCurrentSql;

  JdbcScenarioStore(Jdbc jdbc, SqlDialect sql, Clock clock, ConditionEngine engine, Duration cacheTtl) {
    this.jdbc = jdbc;
    this.sql = sql;
    this.clock = clock;
    this.engine = engine;
    this.cacheTtl = cacheTtl;
    // expiry on the injected clock, so that a test (or a host) that moves its clock moves the cache's time too
    this.current = cacheTtl.isZero() ? null
        : Caffeine.newBuilder().maximumWeight(CURRENT_BYTES)
            .<Key, CurrentVersion>weigher((k, v) -> 128 + 2 * (k.tenantId().length() + k.scenarioId().length()))
            .expireAfterWrite(cacheTtl)
            .ticker(() -> clock.millis() * 1_000_000L).build();
    this.currentSql = "SELECT version, generation FROM " + sql.currentVersions
        + " WHERE tenant_id = ? AND scenario_id = ?";
    this.updateCurrentSql = "UPDATE " + sql.currentVersions + " SET version = ?, generation = generation + 1,"
        + " updated_at = ? WHERE tenant_id = ? AND scenario_id = ?";
    this.insertCurrentSql = "INSERT INTO " + sql.currentVersions + " (tenant_id, scenario_id, version, generation,"
        + " updated_at) VALUES (?, ?, ?, 1, ?)";
  }
  /** The same tables and settings, compiling the conditions of stored versions with {@code other}. */
  JdbcScenarioStore withConditionEngine(ConditionEngine other) {
    return other.equals(engine) ? this : new JdbcScenarioStore(jdbc, sql, clock, other, cacheTtl);
  }

  /** The engine that compiles the conditions of stored versions. */
  ConditionEngine conditionEngine() {
    return engine;
  }


  @Override
  public void save(String tenantId, ScenarioVersion v) {
    Ids.require(IdKind.TENANT, tenantId);
    requireNonNull(v, "version");
    String body = ScenarioJson.write(v);
    String insert = "INSERT INTO " + sql.scenarioVersions + " (tenant_id, scenario_id, version, checksum, body, "
        + "saved_at) VALUES (?, ?, ?, ?, " + sql.json() + ", ?)";
    String checksum = "SELECT checksum FROM " + sql.scenarioVersions
        + " WHERE tenant_id = ? AND scenario_id = ? AND version = ?";
    jdbc.autoCommit(() -> "save of scenario '" + v.scenarioId() + "' version " + v.version() + " of tenant '"
        + tenantId + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, tenantId);
            ps.setString(2, v.scenarioId());
            ps.setInt(3, v.version());
            ps.setString(4, v.checksum());
            ps.setString(5, body);
            sql.bindInstant(ps, 6, clock.instant());
            jdbc.attempt(c, ps::executeUpdate);
            return null;
          } catch (SQLException e) {
            if (!Jdbc.isIntegrityViolation(e)) {
              throw e;
            }
          }
          String prior = null;
          try (PreparedStatement ps = c.prepareStatement(checksum)) {
            ps.setString(1, tenantId);
            ps.setString(2, v.scenarioId());
            ps.setInt(3, v.version());
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                prior = rs.getString(1);
              }
            }
          }
          if (prior != null && !prior.equals(v.checksum())) {
            throw new DuplicateRecordException(tenantId, "scenario version", v.scenarioId(),
                "scenario '" + v.scenarioId() + "' version " + v.version()
                + " of tenant '" + tenantId + "' already exists with different content (checksum " + prior
                + ", new " + v.checksum() + ")");
          }
          return null;
        });
  }

  @Override
  public Optional<ScenarioVersion> find(String tenantId, String scenarioId, int version) {
    if (!StoredIds.mayBeStored(tenantId, scenarioId)) {
      return Optional.empty();
    }
    String q = "SELECT body FROM " + sql.scenarioVersions + " WHERE tenant_id = ? AND scenario_id = ? AND version = ?";
    String body = jdbc.autoCommit(() -> "find of scenario '" + scenarioId + "' version " + version + " of tenant '"
        + tenantId + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement(q)) {
            ps.setString(1, tenantId);
            ps.setString(2, scenarioId);
            ps.setInt(3, version);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getString(1) : null;
            }
          }
        });
    return body == null ? Optional.empty() : Optional.of(ScenarioJson.read(body, engine));
  }

  @Override
  public List<Integer> versions(String tenantId, String scenarioId) {
    if (!StoredIds.mayBeStored(tenantId, scenarioId)) {
      return List.of();
    }
    String q = "SELECT version FROM " + sql.scenarioVersions + " WHERE tenant_id = ? AND scenario_id = ?"
        + " ORDER BY version";
    return jdbc.autoCommit(() -> "look-up of the versions of scenario '" + scenarioId + "' of tenant '" + tenantId
        + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement(q)) {
            ps.setString(1, tenantId);
            ps.setString(2, scenarioId);
            List<Integer> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getInt(1));
              }
            }
            return List.copyOf(out);
          }
        });
  }

  /** A cache hit, or one primary-key read ({@link #current}). */
  @Override
  public int currentVersion(String tenantId, String scenarioId) {
    return current(tenantId, scenarioId).version();
  }

  /** Always one primary-key read ({@link #readCurrent}). */
  @Override
  public int readCurrentVersion(String tenantId, String scenarioId) {
    return readCurrent(tenantId, scenarioId).version();
  }

  /**
   * A cache hit, or one primary-key read: the same instance while the entry lives. Not cached while a host's
   * transaction in which this store set it may still roll it back.
   */
  @Override
  public CurrentVersion current(String tenantId, String scenarioId) {
    if (!StoredIds.mayBeStored(tenantId, scenarioId)) {
      return CurrentVersion.NONE;
    }
    if (current == null) {
      return load(tenantId, scenarioId);
    }
    Key key = new Key(tenantId, scenarioId);
    CurrentVersion hit = current.getIfPresent(key);
    if (hit != null) {
      return hit;
    }
    boolean[] cacheable = {true};
    long stamp = invalidations.get();
    CurrentVersion read = jdbc.autoCommit(() -> "look-up of the current version of scenario '" + scenarioId
        + "' of tenant '" + tenantId + "'", c -> {
          if (!jdbc.joined(c)) {
            unsettled.remove(key);
          } else if (unsettled.contains(key)) {
            cacheable[0] = false;
          }
          return read(c, tenantId, scenarioId);
        });
    if (cacheable[0]) {
      current.put(key, read);
      if (invalidations.get() != stamp) {
        current.invalidate(key); // an invalidation ran since the read: what was read may be older than it
      }
    }
    return read;
  }

  /** Always one primary-key read: what operator changes and the slow path of a reconcile decide on. */
  @Override
  public CurrentVersion readCurrent(String tenantId, String scenarioId) {
    if (!StoredIds.mayBeStored(tenantId, scenarioId)) {
      return CurrentVersion.NONE;
    }
    return load(tenantId, scenarioId);
  }

  private CurrentVersion load(String tenantId, String scenarioId) {
    return jdbc.autoCommit(() -> "look-up of the current version of scenario '" + scenarioId + "' of tenant '"
        + tenantId + "'", c -> read(c, tenantId, scenarioId));
  }

  private CurrentVersion read(java.sql.Connection c, String tenantId, String scenarioId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(currentSql)) {
      ps.setString(1, tenantId);
      ps.setString(2, scenarioId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new CurrentVersion(rs.getInt(1), rs.getLong(2)) : CurrentVersion.NONE;
      }
    }
  }

  /**
   * One transaction: checks that the version is stored, then moves the row on ({@code version = ?, generation =
   * generation + 1}), or inserts it at generation 1 when the scenario has none yet. Two first calls racing: the one
   * whose insert finds the row taken moves it on instead.
   */
  @Override
  public void setCurrentVersion(String tenantId, String scenarioId, int version) {
    Ids.require(IdKind.TENANT, tenantId);
    Ids.require(IdKind.SCENARIO, scenarioId);
    String exists = "SELECT 1 FROM " + sql.scenarioVersions + " WHERE tenant_id = ? AND scenario_id = ? AND version = ?";
    try {
      jdbc.transaction(() -> "setting the current version of scenario '" + scenarioId + "' of tenant '" + tenantId
          + "' to " + version, c -> {
            if (current != null && !c.getAutoCommit()) {
              // (in the library's own transaction too: settled again by the next look-up outside a host's)
              unsettled.add(new Key(tenantId, scenarioId));
            }
            try (PreparedStatement ps = c.prepareStatement(exists)) {
              ps.setString(1, tenantId);
              ps.setString(2, scenarioId);
              ps.setInt(3, version);
              try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                  throw new IllegalArgumentException("tenant '" + tenantId + "' has no version " + version
                      + " of scenario '" + scenarioId + "'");
                }
              }
            }
            if (moveOn(c, tenantId, scenarioId, version) == 0) {
              try (PreparedStatement ps = c.prepareStatement(insertCurrentSql)) {
                ps.setString(1, tenantId);
                ps.setString(2, scenarioId);
                ps.setInt(3, version);
                sql.bindInstant(ps, 4, clock.instant());
                jdbc.attempt(c, ps::executeUpdate); // under a savepoint when joined: a duplicate must not end it
              } catch (SQLException e) {
                if (!Jdbc.isIntegrityViolation(e)) {
                  throw e;
                }
                moveOn(c, tenantId, scenarioId, version); // a concurrent first call inserted it
              }
            }
            return null;
          });
    } finally {
      if (current != null) {
        Key key = new Key(tenantId, scenarioId);
        invalidations.incrementAndGet();
        current.invalidate(key);
        // and once an operator call's transaction has ended: nothing read meanwhile outlives it
        jdbc.afterwards(() -> {
          invalidations.incrementAndGet();
          current.invalidate(key);
        });
      }
    }
  }

  private int moveOn(java.sql.Connection c, String tenantId, String scenarioId, int version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(updateCurrentSql)) {
      ps.setInt(1, version);
      sql.bindInstant(ps, 2, clock.instant());
      ps.setString(3, tenantId);
      ps.setString(4, scenarioId);
      return ps.executeUpdate();
    }
  }

  @Override
  public boolean delete(String tenantId, String scenarioId, int version) {
    if (!StoredIds.mayBeStored(tenantId, scenarioId)) {
      return false;
    }
    String q = "DELETE FROM " + sql.scenarioVersions + " WHERE tenant_id = ? AND scenario_id = ? AND version = ?";
    return jdbc.autoCommit(() -> "deletion of scenario '" + scenarioId + "' version " + version + " of tenant '"
        + tenantId + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement(q)) {
            ps.setString(1, tenantId);
            ps.setString(2, scenarioId);
            ps.setInt(3, version);
            return ps.executeUpdate() > 0;
          }
        });
  }
}
