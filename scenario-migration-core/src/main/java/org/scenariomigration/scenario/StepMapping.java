package org.scenariomigration.scenario;

import static java.util.Objects.requireNonNull;

/**
 * An operator's manual mapping of a source-version step to a target-version step. It overrides or adds to hash
 * matching, for example to keep a step whose description was edited as an anchor.
 *
 * @param fromStepId the step id in the source version
 * @param toStepId the step id in the target version
 */
public record StepMapping(String fromStepId, String toStepId) {

  /** Validates the components. */
  public StepMapping {
    requireNonNull(fromStepId, "fromStepId");
    requireNonNull(toStepId, "toStepId");
  }
}
