package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown by {@link ScenarioMigration#acknowledge} when an effect id was never issued for the session: not the effect it
 * owes now, and none that any of its earlier moves owed. Nothing is changed.
 */
public class UnknownEffectException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String tenantId;
  private final String sessionId;
  private final String effectId;

  /** Creates the exception. */
  public UnknownEffectException(String tenantId, String sessionId, String effectId) {
    super("session '" + sessionId + "' of tenant '" + tenantId + "' was never owed an effect with id '" + effectId
        + "'");
    this.tenantId = tenantId;
    this.sessionId = sessionId;
    this.effectId = effectId;
  }

  /** The tenant. */
  public String tenantId() {
    return tenantId;
  }

  /** The session. */
  public String sessionId() {
    return sessionId;
  }

  /** The effect id that was given. */
  public String effectId() {
    return effectId;
  }
}
