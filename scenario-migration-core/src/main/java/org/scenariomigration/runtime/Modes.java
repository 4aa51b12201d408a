package org.scenariomigration.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scenariomigration.spi.ModeChange;
import org.scenariomigration.spi.ModeSettings;
import org.scenariomigration.spi.ModeStore;

/**
 * The kill switch as one engine sees it: a copy of the {@link ModeStore}'s global mode, per-tenant overrides and
 * soft-launch list, read again at most every {@code mode_refresh_seconds} on the engine's clock, lazily, by the call
 * that finds its copy due (no thread). A change made through this engine is in its copy at once; a change made on
 * another engine is in force here at most {@code mode_refresh_seconds} after it was stored. A global
 * {@link MigrationMode#OFF} wins over every per-tenant mode. Package-private.
 *
 * <p>The per-message cost ({@link #modeFor}): one read of the clock ({@code System.currentTimeMillis()} on the system
 * clock), one compare and the copy's fields; no allocation. A store that is in this process
 * ({@link ModeStore#inProcess()}, the in-memory one) is read instead at every call, with no clock read: a field read
 * and a compare of revisions.
 */
final class Modes {
  /** An immutable copy of the store's settings, with the answer for the common case precomputed. */
  private record View(long revision, MigrationMode global, Map<String, MigrationMode> perTenant,
      Set<String> softLaunch, boolean simple) {
    static View of(ModeSettings s, MigrationMode configured) {
      return new View(s.revision(), s.global() == null ? configured : s.global(), s.tenants(), s.softLaunch(),
          s.tenants().isEmpty() && s.softLaunch().isEmpty());
    }
  }

  private final ModeStore store;
  private final Clock clock;
  private final MigrationMode configured;
  private final long refreshMillis;
  private final boolean inProcess;
  private volatile View view;
  /** When (clock millis) the copy is read again; a clock set back before the last read reads it again too. */
  private volatile long refreshAt;

  Modes(MigrationMode configured, ModeStore store, Clock clock, int refreshSeconds) {
    this.configured = requireNonNull(configured, "mode");
    this.store = requireNonNull(store, "modeStore");
    this.clock = requireNonNull(clock, "clock");
    this.refreshMillis = refreshSeconds * 1000L;
    this.inProcess = store.inProcess();
    this.view = View.of(ModeSettings.NONE, configured);
    this.refreshAt = Long.MIN_VALUE; // the first call reads the store
  }

  MigrationMode modeFor(String tenantId) {
    View v;
    if (inProcess) {
      ModeSettings s = store.read();
      v = view;
      if (s.revision() != v.revision) {
        v = View.of(s, configured);
        view = v;
      }
    } else {
      long now = clock.millis();
      long at = refreshAt;
      if (now >= at || now < at - refreshMillis) {
        refresh(now);
      }
      v = view;
    }
    MigrationMode g = v.global;
    if (v.simple || g == MigrationMode.OFF) {
      return g;
    }
    MigrationMode m = v.perTenant.get(tenantId);
    if (m != null) {
      return m;
    }
    Set<String> allowed = v.softLaunch;
    if (!allowed.isEmpty() && !allowed.contains(tenantId)) {
      return MigrationMode.OFF;
    }
    return g;
  }

  /** Reads the store again: its revision, and everything when the revision moved on. */
  private void refresh(long now) {
    refreshAt = now + refreshMillis; // the other callers keep the copy meanwhile
    if (store.revision() != view.revision) {
      install(store.read());
    }
  }

  /**
   * Makes {@code s} the copy unless the copy is newer already (a change through this engine installed it while a
   * refresh was reading an older revision): revisions only move on.
   */
  private synchronized void install(ModeSettings s) {
    if (s.revision() > view.revision) {
      view = View.of(s, configured);
    }
  }

  /** After a change through this engine: the copy is the store's now. */
  private ModeChange local(ModeChange change) {
    install(store.read());
    refreshAt = clock.millis() + refreshMillis;
    return change;
  }

  ModeChange setGlobal(MigrationMode mode, String changedBy) {
    return local(store.setGlobal(requireNonNull(mode, "mode"), changedBy, clock.instant()));
  }

  ModeChange setTenant(String tenantId, MigrationMode mode, String changedBy) {
    return local(store.setTenant(tenantId, mode, changedBy, clock.instant()));
  }

  ModeChange setSoftLaunch(Set<String> tenants, String changedBy) {
    return local(store.setSoftLaunch(tenants, changedBy, clock.instant()));
  }

  List<ModeChange> changes(String tenantId, int limit) {
    return store.changes(tenantId, limit);
  }
}
