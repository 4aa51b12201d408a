package org.scenariomigration.runtime;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown when a rollout percent is out of range or would narrow a rollout. Nothing is changed. The getters name the
 * plan, the percent asked for and the smallest one allowed.
 */
public class InvalidRolloutException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String planId;
  private final int requestedPercent;
  private final int minimumPercent;

  /**
   * Creates the exception.
   *
   * @param planId the plan
   * @param requestedPercent the percent asked for
   * @param minimumPercent the smallest percent allowed: 1 for a deploy, the current percent for a widening (the
   *     largest is always 100)
   * @param message the whole message
   */
  public InvalidRolloutException(String planId, int requestedPercent, int minimumPercent, String message) {
    super(message);
    this.planId = planId;
    this.requestedPercent = requestedPercent;
    this.minimumPercent = minimumPercent;
  }

  /** The plan. */
  public String planId() {
    return planId;
  }

  /** The percent asked for. */
  public int requestedPercent() {
    return requestedPercent;
  }

  /** The smallest percent allowed: 1 for a deploy, the current percent for a widening (the largest is 100). */
  public int minimumPercent() {
    return minimumPercent;
  }
}
