package org.scenariomigration.spi;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.scenariomigration.runtime.MigrationMode;

/**
 * The modes shared by every engine (node) of a host: the global mode (the kill switch), per-tenant modes and the
 * soft-launch list, with the journal of their changes (who, when, before and after). Each engine keeps a copy and
 * reads the store again at most every {@code mode_refresh_seconds} ({@link #revision()}, then {@link #read()} when it
 * moved on), lazily, on a call: no thread. The in-memory default ({@code InMemoryModeStore}) shares the modes between
 * the engines built on the same instance; {@code JdbcStores.modeStore()} shares them through the database.
 *
 * <p>Every change is atomic with its journal record, and moves the revision on by exactly one. A change that sets
 * what is set already is still journaled (it is what the operator did).
 */
public interface ModeStore {
  /**
   * Whether {@link #read()} answers from this process's memory for the cost of a field read, never changing behind
   * the engines' backs in another process: engines then read it at every call, with no copy and no clock read (the
   * in-memory store). The default, {@code false}, is right for every store that another process can change: engines
   * keep a copy and refresh it at most every {@code mode_refresh_seconds}.
   */
  default boolean inProcess() {
    return false;
  }

  /** The revision now: a cheap read (one row on a database) that moves on with every change. */
  long revision();

  /** Everything the store holds now, with its revision. */
  ModeSettings read();

  /**
   * Sets the global mode ({@code null}: none, each engine uses its configured mode) and journals the change.
   *
   * @return the journaled change
   */
  ModeChange setGlobal(MigrationMode mode, String changedBy, Instant at);

  /**
   * Sets a tenant's mode ({@code null}: removes the override) and journals the change.
   *
   * @return the journaled change
   */
  ModeChange setTenant(String tenantId, MigrationMode mode, String changedBy, Instant at);

  /**
   * Replaces the soft-launch list (empty: lifted) and journals the change.
   *
   * @return the journaled change
   */
  ModeChange setSoftLaunch(Set<String> tenants, String changedBy, Instant at);

  /**
   * The journaled changes, newest first, at most {@code limit}: every change when {@code tenantId} is {@code null},
   * otherwise those that concern the tenant ({@link ModeChange#concerns}: its own mode, the global mode and the
   * soft-launch list).
   */
  List<ModeChange> changes(String tenantId, int limit);
}
