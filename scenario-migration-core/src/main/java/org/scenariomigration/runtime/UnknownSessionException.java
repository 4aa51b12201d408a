package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;

/** Thrown when a tenant has no session with the given id. */
public class UnknownSessionException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public UnknownSessionException(String tenantId, String sessionId) {
    super("tenant '" + tenantId + "' has no session '" + sessionId + "'");
  }
}
