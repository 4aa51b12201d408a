package org.scenariomigration.session;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSet;
import java.time.Instant;
import java.util.Set;
import org.scenariomigration.scenario.Step;

/**
 * One entry of a session's step history: a step (by id and content hash) that the session visited, with its first and
 * last visit. A session's {@link SessionState#history() history} holds one entry per distinct step, so that revisiting
 * a step changes no size: a session that loops for weeks keeps as many entries as the steps it saw.
 *
 * <p>Visits are numbered in the session, from 0 for its first: {@link #firstVisit()} and {@link #lastVisit()} are the
 * numbers of the entry's first and last visit, {@link #visits()} how many there were, and {@link #cameFrom()} the
 * entries a visit of this step came from directly (each named by its {@code firstVisit}, which never changes). A
 * visit made by {@link #of} or by the six-argument constructor is not numbered yet ({@code -1}): it is numbered when
 * it joins a history ({@link SessionState#withVisit}, or a list handed to {@link SessionState}'s constructor, read
 * oldest first).
 *
 * @param stepId the step id in the version the session was on
 * @param stepName the step name (at the last visit)
 * @param contentHash the step's content hash: how checkpoints are recognised across versions
 * @param visitedAt when the session last reached the step
 * @param checkpoint whether the step is a checkpoint
 * @param checkpointDescription what the checkpoint made irreversible
 * @param firstVisitedAt when the session first reached the step
 * @param visits how many times the session reached the step, at least 1
 * @param firstVisit the number of the first visit in the session, or {@code -1} for a visit not numbered yet
 * @param lastVisit the number of the last visit in the session, or {@code -1} for a visit not numbered yet
 * @param cameFrom the {@code firstVisit} numbers of the entries that a visit of this step came from directly
 */
public record StepVisit(String stepId, String stepName, String contentHash, Instant visitedAt, boolean checkpoint,
    String checkpointDescription, Instant firstVisitedAt, long visits, long firstVisit, long lastVisit,
    Set<Long> cameFrom) {

  /** One visit, not numbered yet. */
  public StepVisit(String stepId, String stepName, String contentHash, Instant visitedAt, boolean checkpoint,
      String checkpointDescription) {
    this(stepId, stepName, contentHash, visitedAt, checkpoint, checkpointDescription, visitedAt, 1, -1, -1,
        ImmutableSet.of());
  }

  /** Validates the components. */
  public StepVisit {
    requireNonNull(stepId, "stepId");
    requireNonNull(contentHash, "contentHash");
    requireNonNull(visitedAt, "visitedAt");
    stepName = stepName == null ? "" : stepName;
    checkpointDescription = checkpointDescription == null ? "" : checkpointDescription;
    firstVisitedAt = firstVisitedAt == null ? visitedAt : firstVisitedAt;
    cameFrom = cameFrom == null ? ImmutableSet.of() : ImmutableSet.copyOf(cameFrom);
    if (visits < 1) {
      throw new IllegalArgumentException("a history entry of step '" + stepId + "' needs at least one visit but had "
          + visits);
    }
    if (firstVisit < 0 || lastVisit < 0) {
      if (firstVisit != -1 || lastVisit != -1 || visits != 1 || !cameFrom.isEmpty()) {
        throw new IllegalArgumentException("a history entry of step '" + stepId + "' is numbered from " + firstVisit
            + " to " + lastVisit + " with " + visits + " visits: an entry not numbered yet has -1, -1, 1 visit and"
            + " comes from nowhere");
      }
    } else if (lastVisit < firstVisit || visits > lastVisit - firstVisit + 1) {
      throw new IllegalArgumentException("a history entry of step '" + stepId + "' cannot have " + visits
          + " visits numbered from " + firstVisit + " to " + lastVisit);
    }
  }

  /** A visit of {@code step} at {@code at}, not numbered yet. */
  public static StepVisit of(Step step, Instant at) {
    return new StepVisit(step.id(), step.name(), step.contentHash(), at, step.checkpoint(),
        step.checkpointDescription());
  }

  /** Whether this entry holds numbered visits (it belongs to a history). */
  public boolean numbered() {
    return firstVisit >= 0;
  }

  /** Whether {@code other} is a visit of the same step: the same id and content hash. */
  public boolean sameStep(StepVisit other) {
    return stepId.equals(other.stepId) && contentHash.equals(other.contentHash);
  }
}
