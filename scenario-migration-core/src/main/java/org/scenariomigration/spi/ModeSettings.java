package org.scenariomigration.spi;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.Map;
import java.util.Set;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.runtime.MigrationMode;

/**
 * The modes a {@link ModeStore} holds, as one immutable value: what every engine on the store answers from (through
 * its copy, refreshed at most every {@code mode_refresh_seconds}).
 *
 * @param revision the store's revision: moved on by every change, 0 before the first
 * @param global the global mode set at run time, or {@code null} when none was: each engine then uses its configured
 *     {@code mode}
 * @param tenants the per-tenant modes (overrides), by tenant id
 * @param softLaunch the soft-launch list: when not empty, tenants outside it without a mode of their own are off
 */
public record ModeSettings(long revision, MigrationMode global, Map<String, MigrationMode> tenants,
    Set<String> softLaunch) {

  /** Nothing set: revision 0, no global mode, no override, no soft-launch list. */
  public static final ModeSettings NONE = new ModeSettings(0, null, Map.of(), Set.of());

  /** Validates the ids and copies the collections. */
  public ModeSettings {
    if (revision < 0) {
      throw new IllegalArgumentException("revision must not be negative but was " + revision);
    }
    requireNonNull(tenants, "tenants");
    requireNonNull(softLaunch, "softLaunch");
    tenants.forEach((t, m) -> {
      Ids.require(IdKind.TENANT, t);
      requireNonNull(m, "the mode of tenant '" + t + "'");
    });
    softLaunch.forEach(t -> Ids.require(IdKind.TENANT, t));
    tenants = ImmutableMap.copyOf(tenants);
    softLaunch = ImmutableSet.copyOf(softLaunch);
  }
}
