package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;
import org.scenariomigration.session.SessionEnd;

/** A call that changes a session ({@code advance}, {@code setVariables}) was made on a session that has ended. */
public class SessionEndedException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code attempted} says what the call tried, for example {@code advance to 'pay'}. */
  public SessionEndedException(String tenantId, String sessionId, SessionEnd end, String attempted) {
    super("session '" + sessionId + "' of tenant '" + tenantId + "' ended (" + end.reason().name() + " at "
        + end.at() + "): cannot " + attempted);
  }
}
