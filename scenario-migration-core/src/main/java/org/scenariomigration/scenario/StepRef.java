package org.scenariomigration.scenario;

import static java.util.Objects.requireNonNull;

/**
 * A reference to a step of one version: its id there, its name and its content hash.
 *
 * @param stepId the step id in the version the reference is about
 * @param stepName the step name
 * @param contentHash the step's content hash
 */
public record StepRef(String stepId, String stepName, String contentHash) {

  /** Validates the components. */
  public StepRef {
    requireNonNull(stepId, "stepId");
    requireNonNull(stepName, "stepName");
    requireNonNull(contentHash, "contentHash");
  }

  static StepRef of(Step s) {
    return new StepRef(s.id(), s.name(), s.contentHash());
  }
}
