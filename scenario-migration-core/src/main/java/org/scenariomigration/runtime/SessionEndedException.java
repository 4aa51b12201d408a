package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;
import org.scenariomigration.session.SessionEnd;

/**
 * A call that changes a session ({@code advance}, {@code setVariables}) was made on a session that has ended. The
 * getters name the session, how it ended and what the call tried.
 */
public class SessionEndedException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String tenantId;
  private final String sessionId;
  private final transient SessionEnd end;
  private final String attempted;

  /** Creates the exception; {@code attempted} says what the call tried, for example {@code advance to 'pay'}. */
  public SessionEndedException(String tenantId, String sessionId, SessionEnd end, String attempted) {
    super("session '" + sessionId + "' of tenant '" + tenantId + "' ended (" + end.reason().name() + " at "
        + end.at() + "): cannot " + attempted);
    this.tenantId = tenantId;
    this.sessionId = sessionId;
    this.end = end;
    this.attempted = attempted;
  }

  /** The tenant. */
  public String tenantId() {
    return tenantId;
  }

  /** The session. */
  public String sessionId() {
    return sessionId;
  }

  /** How and when the session ended ({@code null} in a deserialized copy). */
  public SessionEnd end() {
    return end;
  }

  /** What the refused call tried, for example {@code advance to 'pay'}. */
  public String attempted() {
    return attempted;
  }
}
