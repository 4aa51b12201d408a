package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown when a tenant has no such scenario, version or step. {@link #scenarioId()} is always set;
 * {@link #version()} is 0 when the scenario itself is missing, and {@link #stepId()} is set only when a step is.
 */
public class UnknownScenarioException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String tenantId;
  private final String scenarioId;
  private final int version;
  private final String stepId;
  private final String sessionId;

  /** A tenant that has no scenario {@code scenarioId}. */
  public UnknownScenarioException(String tenantId, String scenarioId) {
    this(tenantId, scenarioId, 0, null, null,
        "tenant '" + tenantId + "' has no scenario '" + scenarioId + "'");
  }

  /** A tenant that has no version {@code version} of scenario {@code scenarioId}. */
  public UnknownScenarioException(String tenantId, String scenarioId, int version) {
    this(tenantId, scenarioId, version, null, null,
        "tenant '" + tenantId + "' has no version " + version + " of scenario '" + scenarioId + "'");
  }

  /** Version {@code version} of scenario {@code scenarioId} has no step {@code stepId}, asked for by a session. */
  public UnknownScenarioException(String tenantId, String scenarioId, int version, String stepId, String sessionId) {
    this(tenantId, scenarioId, version, stepId, sessionId, "scenario '" + scenarioId + "' version " + version
        + " has no step '" + stepId + "' (session '" + sessionId + "')");
  }

  private UnknownScenarioException(String tenantId, String scenarioId, int version, String stepId, String sessionId,
      String message) {
    super(message);
    this.tenantId = tenantId;
    this.scenarioId = scenarioId;
    this.version = version;
    this.stepId = stepId;
    this.sessionId = sessionId;
  }

  /** The tenant. */
  public String tenantId() {
    return tenantId;
  }

  /** The scenario asked for. */
  public String scenarioId() {
    return scenarioId;
  }

  /** The version asked for, or 0 when the scenario itself is missing. */
  public int version() {
    return version;
  }

  /** The step the version lacks, or {@code null} when the scenario or version is what is missing. */
  public String stepId() {
    return stepId;
  }

  /** The session the step was asked for, or {@code null} when no step is missing. */
  public String sessionId() {
    return sessionId;
  }
}
