package org.scenariomigration.runtime;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run-time kill switch: a global mode, per-tenant overrides and a soft-launch allow-list. A global
 * {@link MigrationMode#OFF} wins over every per-tenant mode: it is the kill switch. Package-private.
 */
final class Modes {
  private volatile MigrationMode global;
  private final ConcurrentHashMap<String, MigrationMode> perTenant = new ConcurrentHashMap<>();
  private volatile Set<String> softLaunch = Set.of();
  /** True while there is neither an override nor an allow-list: the hot path then reads one volatile field. */
  private volatile boolean simple = true;

  Modes(MigrationMode initial) {
    this.global = requireNonNull(initial, "mode");
  }

  MigrationMode modeFor(String tenantId) {
    MigrationMode g = global;
    if (simple || g == MigrationMode.OFF) {
      return g;
    }
    MigrationMode m = perTenant.get(tenantId);
    if (m != null) {
      return m;
    }
    Set<String> allowed = softLaunch;
    if (!allowed.isEmpty() && !allowed.contains(tenantId)) {
      return MigrationMode.OFF;
    }
    return g;
  }

  void setGlobal(MigrationMode mode) {
    global = requireNonNull(mode, "mode");
  }

  synchronized void setTenant(String tenantId, MigrationMode mode) {
    requireNonNull(tenantId, "tenantId");
    if (mode == null) {
      perTenant.remove(tenantId);
    } else {
      perTenant.put(tenantId, mode);
    }
    simple = perTenant.isEmpty() && softLaunch.isEmpty();
  }

  synchronized void setSoftLaunch(Set<String> tenants) {
    softLaunch = ImmutableSet.copyOf(tenants);
    simple = perTenant.isEmpty() && softLaunch.isEmpty();
  }
}
