package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;

/** Thrown when a tenant has no plan with the given id; {@link #tenantId()} and {@link #planId()} name them. */
public class UnknownPlanException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String tenantId;
  private final String planId;

  /** Creates the exception. */
  public UnknownPlanException(String tenantId, String planId) {
    super("tenant '" + tenantId + "' has no migration plan '" + planId + "'");
    this.tenantId = tenantId;
    this.planId = planId;
  }

  /** The tenant. */
  public String tenantId() {
    return tenantId;
  }

  /** The plan id that was asked for. */
  public String planId() {
    return planId;
  }
}
