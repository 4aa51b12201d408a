package org.scenariomigration.runtime;

import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.ScenarioMigrationException;

/** The id checks of {@link ScenarioMigration} that take more than one call. */
final class IdChecks {
  private IdChecks() {}

  /** The ids {@code startSession} takes besides the tenant and the scenario (which the version look-up checks). */
  static void newSession(String sessionId, String customerId, String channel) {
    Ids.require(IdKind.SESSION, sessionId);
    Ids.require(IdKind.CUSTOMER, customerId);
    Ids.require(IdKind.CHANNEL, channel);
  }

  /**
   * What {@code reconcile} throws when the store found no session: {@link org.scenariomigration.InvalidIdException}
   * when an id breaks the grammar (no session can have it; the per-message path checks ids only here, after the
   * store's miss, so that a hit costs nothing), {@link UnknownSessionException} otherwise.
   */
  static ScenarioMigrationException unknownSession(String tenantId, String sessionId) {
    Ids.require(IdKind.TENANT, tenantId);
    Ids.require(IdKind.SESSION, sessionId);
    return new UnknownSessionException(tenantId, sessionId);
  }
}
