package org.scenariomigration.spi;

import org.scenariomigration.ScenarioMigrationException;

/**
 * An operator change of a scenario (a deploy, a rollback, a rollout widened, a version made current, a purge) was
 * refused because another one holds the scenario: it is in progress on some node, or it failed part-way and must be
 * retried (the same call, with the same arguments, completes it). Nothing was changed.
 */
public class ConcurrentOperationException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String tenantId;
  private final String scenarioId;
  private final String operation;
  private final String heldBy;

  /** An exception naming the refused operation and the one that holds the scenario. */
  public ConcurrentOperationException(String tenantId, String scenarioId, String operation, String heldBy) {
    super("cannot " + operation + " of scenario '" + scenarioId + "' of tenant '" + tenantId + "': " + heldBy
        + " is in progress, or failed part-way and must be retried");
    this.tenantId = tenantId;
    this.scenarioId = scenarioId;
    this.operation = operation;
    this.heldBy = heldBy;
  }

  /** The tenant. */
  public String tenantId() {
    return tenantId;
  }

  /** The scenario the refused operation would have changed. */
  public String scenarioId() {
    return scenarioId;
  }

  /** The refused operation. */
  public String operation() {
    return operation;
  }

  /** The operation that holds the scenario. */
  public String heldBy() {
    return heldBy;
  }
}
