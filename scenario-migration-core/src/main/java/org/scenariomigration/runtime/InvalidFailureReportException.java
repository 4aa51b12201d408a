package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown when {@link ScenarioMigration#reportFailure} is given a reason it cannot store (blank, or longer than
 * 1000 characters); nothing is stored. {@link #sessionId()} and {@link #reason()} name
 * the session and the reason given.
 */
public class InvalidFailureReportException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String sessionId;
  private final String reason;

  /** Creates the exception. */
  public InvalidFailureReportException(String sessionId, String reason, String message) {
    super(message);
    this.sessionId = sessionId;
    this.reason = reason;
  }

  /** The session the failure was reported for. */
  public String sessionId() {
    return sessionId;
  }

  /** The reason given. */
  public String reason() {
    return reason;
  }
}
