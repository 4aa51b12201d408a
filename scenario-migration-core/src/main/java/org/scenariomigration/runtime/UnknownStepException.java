package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown when a session is moved ({@link ScenarioMigration#advance}) to a step its scenario version does not have. The
 * session is left as it was.
 */
public class UnknownStepException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String tenantId;
  private final String scenarioId;
  private final int version;
  private final String stepId;
  private final String sessionId;

  /** Version {@code version} of scenario {@code scenarioId} has no step {@code stepId}, asked for by a session. */
  public UnknownStepException(String tenantId, String scenarioId, int version, String stepId, String sessionId) {
    super("scenario '" + scenarioId + "' version " + version + " has no step '" + stepId + "' (session '" + sessionId
        + "' of tenant '" + tenantId + "')");
    this.tenantId = tenantId;
    this.scenarioId = scenarioId;
    this.version = version;
    this.stepId = stepId;
    this.sessionId = sessionId;
  }

  /** Version {@code version} of scenario {@code scenarioId} has no step {@code stepId}, asked for by an operator. */
  public UnknownStepException(String tenantId, String scenarioId, int version, String stepId) {
    super("scenario '" + scenarioId + "' version " + version + " has no step '" + stepId + "' (tenant '" + tenantId
        + "')");
    this.tenantId = tenantId;
    this.scenarioId = scenarioId;
    this.version = version;
    this.stepId = stepId;
    this.sessionId = null;
  }

  /** The tenant. */
  public String tenantId() {
    return tenantId;
  }

  /** The session's scenario. */
  public String scenarioId() {
    return scenarioId;
  }

  /** The session's version, which lacks the step. */
  public int version() {
    return version;
  }

  /** The step the version lacks. */
  public String stepId() {
    return stepId;
  }

  /** The session that was to move there; {@code null} when an operator's query move named the step. */
  public String sessionId() {
    return sessionId;
  }
}
