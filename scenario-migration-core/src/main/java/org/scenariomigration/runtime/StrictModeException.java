package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown by reconcile in {@link MigrationMode#STRICT} when {@code strict_action = "exception"} and a session is on an
 * outdated version with no plan chain to the current one.
 */
public class StrictModeException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public StrictModeException(String tenantId, String sessionId, String scenarioId, int version, int current) {
    super("strict mode: session '" + sessionId + "' of tenant '" + tenantId + "' is on version " + version
        + " of scenario '" + scenarioId + "' and no deployed plan chain leads to current version " + current);
  }
}
