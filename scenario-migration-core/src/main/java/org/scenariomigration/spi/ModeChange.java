package org.scenariomigration.spi;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedSet;
import java.time.Instant;
import java.util.Set;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.runtime.MigrationMode;

/**
 * One change of the shared modes, as the {@link ModeStore} journals it: who made it, when, and the value before and
 * after. A change of the global mode or of a tenant's mode carries {@link #from()} and {@link #to()} ({@code null}:
 * none set); a change of the soft-launch list carries {@link #tenantsFrom()} and {@link #tenantsTo()}.
 *
 * @param revision the store's revision this change made (1 for the first change; increasing)
 * @param scope what changed
 * @param tenantId the tenant whose mode changed ({@link Scope#TENANT}), {@code null} otherwise
 * @param from the mode before ({@code null}: none was set)
 * @param to the mode after ({@code null}: none is set, the override was removed)
 * @param tenantsFrom the soft-launch list before ({@link Scope#SOFT_LAUNCH}; empty otherwise)
 * @param tenantsTo the soft-launch list after ({@link Scope#SOFT_LAUNCH}; empty otherwise)
 * @param changedBy who made the change, as the host names them
 * @param changedAt when it was stored, on the engine's clock
 */
public record ModeChange(long revision, Scope scope, String tenantId, MigrationMode from, MigrationMode to,
    Set<String> tenantsFrom, Set<String> tenantsTo, String changedBy, Instant changedAt) {

  /** What a change changed. */
  public enum Scope {
    /** The global mode (the kill switch). */
    GLOBAL,
    /** One tenant's mode. */
    TENANT,
    /** The soft-launch list. */
    SOFT_LAUNCH;

    /** The JSON name, for example {@code soft_launch}. */
    public String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Validates the components and copies the lists (sorted). */
  public ModeChange {
    if (revision < 1) {
      throw new IllegalArgumentException("revision must be at least 1 but was " + revision);
    }
    requireNonNull(scope, "scope");
    if ((scope == Scope.TENANT) != (tenantId != null)) {
      throw new IllegalArgumentException("a change of scope " + scope.jsonName() + " "
          + (tenantId == null ? "needs a tenant id" : "has no tenant id but was given '" + tenantId + "'"));
    }
    if (tenantId != null) {
      Ids.require(IdKind.TENANT, tenantId);
    }
    tenantsFrom = ImmutableSortedSet.copyOf(requireNonNull(tenantsFrom, "tenantsFrom"));
    tenantsTo = ImmutableSortedSet.copyOf(requireNonNull(tenantsTo, "tenantsTo"));
    requireNonNull(changedBy, "changedBy");
    requireNonNull(changedAt, "changedAt");
  }

  /** A change of the global mode. */
  public static ModeChange global(long revision, MigrationMode from, MigrationMode to, String changedBy,
      Instant changedAt) {
    return new ModeChange(revision, Scope.GLOBAL, null, from, to, Set.of(), Set.of(), changedBy, changedAt);
  }

  /** A change of a tenant's mode. */
  public static ModeChange tenant(long revision, String tenantId, MigrationMode from, MigrationMode to,
      String changedBy, Instant changedAt) {
    return new ModeChange(revision, Scope.TENANT, tenantId, from, to, Set.of(), Set.of(), changedBy, changedAt);
  }

  /** A change of the soft-launch list. */
  public static ModeChange softLaunch(long revision, Set<String> from, Set<String> to, String changedBy,
      Instant changedAt) {
    return new ModeChange(revision, Scope.SOFT_LAUNCH, null, null, null, from, to, changedBy, changedAt);
  }

  /** Whether this change applies to {@code tenant}: its own mode, the global mode or the soft-launch list. */
  public boolean concerns(String tenant) {
    return scope != Scope.TENANT || tenantId.equals(tenant);
  }
}
