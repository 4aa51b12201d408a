package org.scenariomigration.spi;

import java.util.List;
import java.util.Optional;
import org.scenariomigration.model.ScenarioVersion;

/** Stores scenario versions and which version is current, scoped by tenant. */
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

  /** Makes {@code version} (which must be stored) the current one. */
  void setCurrentVersion(String tenantId, String scenarioId, int version);

  /** Deletes a stored version (retention); returns whether it existed. */
  boolean delete(String tenantId, String scenarioId, int version);
}
