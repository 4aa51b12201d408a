package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;
import org.scenariomigration.plan.PlanStatus;

/**
 * Thrown when an operation needs a plan in another status, for example approving a deployed plan. The getters name
 * the plan, the refused operation, the plan's status and the statuses the operation allows.
 */
public class IllegalPlanStatusException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String planId;
  private final String operation;
  private final PlanStatus status;
  private final String allowed;

  /**
   * Creates the exception.
   *
   * @param planId the plan
   * @param operation the refused operation, for example {@code approve}
   * @param status the plan's status at the time
   * @param allowed what the operation allows, for example {@code pending, approved}
   */
  public IllegalPlanStatusException(String planId, String operation, PlanStatus status, String allowed) {
    super("cannot " + operation + " plan '" + planId + "' in status " + status.jsonName() + " (allowed: " + allowed
        + ")");
    this.planId = planId;
    this.operation = operation;
    this.status = status;
    this.allowed = allowed;
  }

  /** The plan. */
  public String planId() {
    return planId;
  }

  /** The refused operation, for example {@code approve} or {@code roll back}. */
  public String operation() {
    return operation;
  }

  /** The plan's status at the time. */
  public PlanStatus status() {
    return status;
  }

  /** What the operation allows, for example {@code pending, approved} or {@code a plan from the current version}. */
  public String allowed() {
    return allowed;
  }
}
