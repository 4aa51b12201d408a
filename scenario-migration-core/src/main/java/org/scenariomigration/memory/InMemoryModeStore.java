package org.scenariomigration.memory;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.runtime.MigrationMode;
import org.scenariomigration.spi.ModeChange;
import org.scenariomigration.spi.ModeSettings;
import org.scenariomigration.spi.ModeStore;

/**
 * The in-memory {@link ModeStore}: the modes shared by the engines built on this instance (each engine builds its own
 * by default, so modes are then per engine, as before). Thread-safe.
 */
public final class InMemoryModeStore implements ModeStore {
  private volatile ModeSettings settings = ModeSettings.NONE;
  private final List<ModeChange> changes = new ArrayList<>();

  /** {@code true}: the settings are one volatile field of this object, which engines read at every call. */
  @Override
  public boolean inProcess() {
    return true;
  }

  @Override
  public long revision() {
    return settings.revision();
  }

  @Override
  public ModeSettings read() {
    return settings;
  }

  @Override
  public synchronized ModeChange setGlobal(MigrationMode mode, String changedBy, Instant at) {
    check(changedBy, at);
    ModeSettings s = settings;
    ModeChange c = ModeChange.global(s.revision() + 1, s.global(), mode, changedBy, at);
    return store(new ModeSettings(c.revision(), mode, s.tenants(), s.softLaunch()), c);
  }

  @Override
  public synchronized ModeChange setTenant(String tenantId, MigrationMode mode, String changedBy, Instant at) {
    Ids.require(IdKind.TENANT, tenantId);
    check(changedBy, at);
    ModeSettings s = settings;
    Map<String, MigrationMode> tenants = new HashMap<>(s.tenants());
    MigrationMode before = mode == null ? tenants.remove(tenantId) : tenants.put(tenantId, mode);
    ModeChange c = ModeChange.tenant(s.revision() + 1, tenantId, before, mode, changedBy, at);
    return store(new ModeSettings(c.revision(), s.global(), tenants, s.softLaunch()), c);
  }

  @Override
  public synchronized ModeChange setSoftLaunch(Set<String> tenants, String changedBy, Instant at) {
    Ids.requireAll(IdKind.TENANT, requireNonNull(tenants, "tenants"));
    check(changedBy, at);
    ModeSettings s = settings;
    ModeChange c = ModeChange.softLaunch(s.revision() + 1, s.softLaunch(), tenants, changedBy, at);
    return store(new ModeSettings(c.revision(), s.global(), s.tenants(), tenants), c);
  }

  @Override
  public synchronized List<ModeChange> changes(String tenantId, int limit) {
    List<ModeChange> out = new ArrayList<>();
    for (int i = changes.size() - 1; i >= 0 && out.size() < limit; i--) {
      ModeChange c = changes.get(i);
      if (tenantId == null || c.concerns(tenantId)) {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  private ModeChange store(ModeSettings next, ModeChange change) {
    changes.add(change);
    settings = next;
    return change;
  }

  private static void check(String changedBy, Instant at) {
    requireNonNull(changedBy, "changedBy");
    requireNonNull(at, "at");
  }
}
