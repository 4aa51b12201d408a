package org.scenariomigration.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.scenariomigration.model.Step;

/**
 * One entry of a session's step history.
 *
 * @param stepId the step id in the version the session was on
 * @param stepName the step name
 * @param contentHash the step's content hash: how checkpoints are recognised across versions
 * @param visitedAt when the session reached the step
 * @param checkpoint whether the step is a checkpoint
 * @param checkpointDescription what the checkpoint made irreversible
 */
public record StepVisit(String stepId, String stepName, String contentHash, Instant visitedAt, boolean checkpoint,
    String checkpointDescription) {

  /** Validates the components. */
  public StepVisit {
    requireNonNull(stepId, "stepId");
    requireNonNull(contentHash, "contentHash");
    requireNonNull(visitedAt, "visitedAt");
    stepName = stepName == null ? "" : stepName;
    checkpointDescription = checkpointDescription == null ? "" : checkpointDescription;
  }

  /** A visit of {@code step} at {@code at}. */
  public static StepVisit of(Step step, Instant at) {
    return new StepVisit(step.id(), step.name(), step.contentHash(), at, step.checkpoint(),
        step.checkpointDescription());
  }
}
