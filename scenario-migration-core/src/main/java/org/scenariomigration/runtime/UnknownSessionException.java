package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;

/** Thrown when a tenant has no session with the given id; {@link #tenantId()} and {@link #sessionId()} name them. */
public class UnknownSessionException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String tenantId;
  private final String sessionId;

  /** Creates the exception. */
  public UnknownSessionException(String tenantId, String sessionId) {
    super("tenant '" + tenantId + "' has no session '" + sessionId + "'");
    this.tenantId = tenantId;
    this.sessionId = sessionId;
  }

  /** The tenant. */
  public String tenantId() {
    return tenantId;
  }

  /** The session id that was asked for. */
  public String sessionId() {
    return sessionId;
  }
}
