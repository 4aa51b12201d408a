package org.scenariomigration.memory;

import org.scenariomigration.spi.CurrentVersion;
import org.scenariomigration.spi.DuplicateRecordException;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.spi.StoredIds;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.scenario.ScenarioVersion;

/** The in-memory {@link ScenarioStore}. Thread-safe; ids are checked as {@link StoredIds} says. */
public final class InMemoryScenarioStore implements ScenarioStore {
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, ConcurrentSkipListMap<Integer, ScenarioVersion>>>
      versions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, CurrentVersion>> current =
      new ConcurrentHashMap<>();

  @Override
  public void save(String tenantId, ScenarioVersion v) {
    Ids.require(IdKind.TENANT, tenantId);
    ScenarioVersion prior = versions.computeIfAbsent(tenantId, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(v.scenarioId(), k -> new ConcurrentSkipListMap<>())
        .putIfAbsent(v.version(), v);
    if (prior != null && !prior.checksum().equals(v.checksum())) {
      throw new DuplicateRecordException(tenantId, "scenario version", v.scenarioId(),
          "scenario '" + v.scenarioId() + "' version " + v.version() + " of tenant '"
          + tenantId + "' already exists with different content (checksum " + prior.checksum() + ", new "
          + v.checksum() + ")");
    }
  }

  @Override
  public Optional<ScenarioVersion> find(String tenantId, String scenarioId, int version) {
    Map<Integer, ScenarioVersion> m = scenario(tenantId, scenarioId);
    return m == null ? Optional.empty() : Optional.ofNullable(m.get(version));
  }

  @Override
  public List<Integer> versions(String tenantId, String scenarioId) {
    ConcurrentSkipListMap<Integer, ScenarioVersion> m = scenario(tenantId, scenarioId);
    return m == null ? List.of() : List.copyOf(m.keySet());
  }

  @Override
  public int currentVersion(String tenantId, String scenarioId) {
    return current(tenantId, scenarioId).version();
  }

  @Override
  public CurrentVersion current(String tenantId, String scenarioId) {
    Map<String, CurrentVersion> t = current.get(tenantId);
    if (t == null) {
      return CurrentVersion.NONE;
    }
    CurrentVersion v = t.get(scenarioId);
    return v == null ? CurrentVersion.NONE : v;
  }

  @Override
  public CurrentVersion readCurrent(String tenantId, String scenarioId) {
    return current(tenantId, scenarioId);
  }

  @Override
  public void setCurrentVersion(String tenantId, String scenarioId, int version) {
    Ids.require(IdKind.TENANT, tenantId);
    Ids.require(IdKind.SCENARIO, scenarioId);
    if (find(tenantId, scenarioId, version).isEmpty()) {
      throw new IllegalArgumentException("tenant '" + tenantId + "' has no version " + version + " of scenario '"
          + scenarioId + "'");
    }
    current.computeIfAbsent(tenantId, k -> new ConcurrentHashMap<>()).compute(scenarioId,
        (k, v) -> new CurrentVersion(version, v == null ? 1 : v.generation() + 1));
  }

  @Override
  public boolean delete(String tenantId, String scenarioId, int version) {
    Map<Integer, ScenarioVersion> m = scenario(tenantId, scenarioId);
    return m != null && m.remove(version) != null;
  }

  private ConcurrentSkipListMap<Integer, ScenarioVersion> scenario(String tenantId, String scenarioId) {
    Map<String, ConcurrentSkipListMap<Integer, ScenarioVersion>> t = versions.get(tenantId);
    return t == null ? null : t.get(scenarioId);
  }
}
