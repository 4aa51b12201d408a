package org.scenariomigration.spi;

import java.util.List;
import java.util.Optional;
import org.scenariomigration.scenario.ScenarioVersion;

/**
 * Stores scenario versions and which version is current, scoped by tenant. Ids follow the id grammar as
 * {@link StoredIds} says: a write with a bad id throws, a read by one finds nothing.
 */
public interface ScenarioStore {

  /**
   * Saves a version. Saving the same content again is a no-op; saving different content under an existing scenario id
   * and version number throws {@link DuplicateRecordException}.
   */
  void save(String tenantId, ScenarioVersion version);

  /** A stored version. */
  Optional<ScenarioVersion> find(String tenantId, String scenarioId, int version);

  /** The stored version numbers of a scenario, ascending. */
  List<Integer> versions(String tenantId, String scenarioId);

  /**
   * The current version number of a scenario, or 0 when the tenant has none. It is on the per-message hot path, so it
   * returns a primitive and implementations backed by a database should cache it briefly.
   */
  int currentVersion(String tenantId, String scenarioId);

  /**
   * The current version as stored now, never from a cache: what the slow path of a reconcile and every operator
   * change decide on. The default is {@link #currentVersion}; a store that caches that one must override this.
   */
  default int readCurrentVersion(String tenantId, String scenarioId) {
    return currentVersion(tenantId, scenarioId);
  }

  /**
   * The current version and its deployment generation, as {@link #currentVersion} answers it (from a cache, for a
   * store backed by a database): on the per-message fast path, so a store should answer the same instance while
   * nothing changed. The default pairs {@link #currentVersion} with generation 0, which makes pinned sessions never
   * judged again: a store must override it for widened rollouts and new deployments to reach pinned sessions.
   */
  default CurrentVersion current(String tenantId, String scenarioId) {
    return new CurrentVersion(currentVersion(tenantId, scenarioId), 0);
  }

  /**
   * The current version and its deployment generation as stored now, never from a cache (see
   * {@link #readCurrentVersion}). The default pairs {@link #readCurrentVersion} with generation 0.
   */
  default CurrentVersion readCurrent(String tenantId, String scenarioId) {
    return new CurrentVersion(readCurrentVersion(tenantId, scenarioId), 0);
  }

  /**
   * Makes {@code version} (which must be stored) the current one and moves the deployment generation
   * ({@link CurrentVersion#generation()}) on by one, also when {@code version} is current already: a deployment, a
   * widened rollout and a rollback call it so that pinned sessions are judged again.
   */
  void setCurrentVersion(String tenantId, String scenarioId, int version);

  /** Deletes a stored version (retention); returns whether it existed. */
  boolean delete(String tenantId, String scenarioId, int version);
}
