package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;
import org.scenariomigration.plan.PlanStatus;

/** Thrown when an operation needs a plan in another status, for example approving a deployed plan. */
public class IllegalPlanStatusException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final PlanStatus status;

  /** Creates the exception. */
  public IllegalPlanStatusException(String planId, String operation, PlanStatus status, String allowed) {
    super("cannot " + operation + " plan '" + planId + "' in status " + status.jsonName() + " (allowed: " + allowed
        + ")");
    this.status = status;
  }

  /** The plan's status at the time. */
  public PlanStatus status() {
    return status;
  }
}
