package org.scenariomigration.scenario;

import static java.util.Objects.requireNonNull;

/**
 * A transition from the step that owns it to another step, optionally guarded by a condition.
 *
 * <p>When a step has several outgoing transitions, the first one in declared order whose condition holds is taken; a
 * transition without a condition is the default branch and is taken only when no conditional one holds.
 *
 * @param toStepId the id of the target step, in the same scenario version
 * @param condition the condition text in the condition language, or {@code null} when the transition is unconditional
 */
public record Transition(String toStepId, String condition) {

  /** Validates and normalises the components: a blank condition means no condition. */
  public Transition {
    requireNonNull(toStepId, "toStepId");
    if (condition != null && condition.isBlank()) {
      condition = null;
    }
  }

  /** An unconditional transition to {@code toStepId}. */
  public static Transition to(String toStepId) {
    return new Transition(toStepId, null);
  }

  /** A transition to {@code toStepId} taken when {@code condition} holds. */
  public static Transition when(String condition, String toStepId) {
    return new Transition(toStepId, requireNonNull(condition, "condition"));
  }

  /** Whether this transition carries a condition. */
  public boolean isConditional() {
    return condition != null;
  }
}
