package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;

/** Thrown when a tenant has no plan with the given id. */
public class UnknownPlanException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public UnknownPlanException(String tenantId, String planId) {
    super("tenant '" + tenantId + "' has no migration plan '" + planId + "'");
  }
}
