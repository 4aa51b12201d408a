package org.scenariomigration.plan;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown when a plan cannot be generated or changed as asked: versions of different scenarios, a target version that
 * is not newer, a manual mapping that names an unknown step or maps a step twice, a policy for an anchor the plan does
 * not have. The message names the plan or scenario and the offending value; {@link #field()} and {@link #value()}
 * give the offending field (by its name in the plan JSON) and value.
 */
public class InvalidPlanException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String value;

  /**
   * Creates the exception.
   *
   * @param field the offending field by its name in the plan JSON, for example {@code rollout_percent} or
   *     {@code manual_mappings.from_step_id}
   * @param value the offending value as text, or {@code null} when it is missing
   * @param message the whole message, naming the plan or scenario and the value
   */
  public InvalidPlanException(String field, String value, String message) {
    super(message);
    this.field = field;
    this.value = value;
  }

  /** The offending field by its name in the plan JSON, for example {@code rollout_percent}. */
  public String field() {
    return field;
  }

  /** The offending value as text, or {@code null} when it is missing. */
  public String value() {
    return value;
  }
}
