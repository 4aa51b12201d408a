package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown by reconcile in {@link MigrationMode#STRICT} when {@code strict_action = "exception"} and a session is on an
 * outdated version with no plan chain to the current one. The getters name the session, its scenario and version,
 * and the current version.
 */
public class StrictModeException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String tenantId;
  private final String sessionId;
  private final String scenarioId;
  private final int version;
  private final int currentVersion;

  /** Creates the exception for a session on {@code version} while {@code current} is the current version. */
  public StrictModeException(String tenantId, String sessionId, String scenarioId, int version, int current) {
    super("strict mode: session '" + sessionId + "' of tenant '" + tenantId + "' is on version " + version
        + " of scenario '" + scenarioId + "' and no deployed plan chain leads to current version " + current);
    this.tenantId = tenantId;
    this.sessionId = sessionId;
    this.scenarioId = scenarioId;
    this.version = version;
    this.currentVersion = current;
  }

  /** The tenant. */
  public String tenantId() {
    return tenantId;
  }

  /** The session. */
  public String sessionId() {
    return sessionId;
  }

  /** The session's scenario. */
  public String scenarioId() {
    return scenarioId;
  }

  /** The outdated version the session is on. */
  public int version() {
    return version;
  }

  /** The scenario's current version, which no deployed plan chain reaches from {@link #version()}. */
  public int currentVersion() {
    return currentVersion;
  }
}
