package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown when a tenant has no such scenario or version. {@link #version()} is 0 when the scenario itself is missing. A
 * step a version lacks is an {@link UnknownStepException}.
 */
public class UnknownScenarioException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String tenantId;
  private final String scenarioId;
  private final int version;

  /** A tenant that has no scenario {@code scenarioId}. */
  public UnknownScenarioException(String tenantId, String scenarioId) {
    super("tenant '" + tenantId + "' has no scenario '" + scenarioId + "'");
    this.tenantId = tenantId;
    this.scenarioId = scenarioId;
    this.version = 0;
  }

  /** A tenant that has no version {@code version} of scenario {@code scenarioId}. */
  public UnknownScenarioException(String tenantId, String scenarioId, int version) {
    super("tenant '" + tenantId + "' has no version " + version + " of scenario '" + scenarioId + "'");
    this.tenantId = tenantId;
    this.scenarioId = scenarioId;
    this.version = version;
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
}
