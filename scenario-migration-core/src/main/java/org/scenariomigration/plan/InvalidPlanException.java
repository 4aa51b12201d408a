package org.scenariomigration.plan;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown when a plan cannot be generated or changed as asked: versions of different scenarios, a target version that
 * is not newer, a manual mapping that names an unknown step or maps a step twice, a policy for an anchor the plan does
 * not have. The message names the plan or scenario and the offending value.
 */
public class InvalidPlanException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public InvalidPlanException(String message) {
    super(message);
  }
}
