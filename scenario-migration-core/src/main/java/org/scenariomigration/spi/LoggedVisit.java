package org.scenariomigration.spi;

import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;

/**
 * One row of the full visit log ({@link VisitLog}): one visit of one session, as it was appended to the session's
 * history.
 *
 * @param ordinal the visit's number in its session, from 0 (the start step), one more for every visit after it
 * @param customerId the session's customer (so that erasure finds the customer's rows)
 * @param stepId the step visited, in {@code version}
 * @param stepName the step's name ({@code ""} when it has none)
 * @param contentHash the step's content hash
 * @param version the scenario version the session was on at the visit (1 or more)
 * @param visitedAt when the session reached the step
 */
public record LoggedVisit(long ordinal, String customerId, String stepId, String stepName, String contentHash,
    int version, Instant visitedAt) {

  /**
   * Validates the components.
   *
   * @throws InvalidVisitLogRequestException naming the value when the ordinal is negative or the version below 1
   * @throws org.scenariomigration.InvalidIdException when the customer or step id breaks the id grammar
   */
  public LoggedVisit {
    if (ordinal < 0) {
      throw new InvalidVisitLogRequestException("ordinal", ordinal,
          "the ordinal of a logged visit must not be negative but was " + ordinal);
    }
    if (version < 1) {
      throw new InvalidVisitLogRequestException("version", version,
          "the version of a logged visit must be at least 1 but was " + version);
    }
    Ids.require(IdKind.CUSTOMER, customerId);
    Ids.require(IdKind.STEP, stepId);
    stepName = stepName == null ? "" : stepName;
    requireNonNull(contentHash, "contentHash must not be null");
    requireNonNull(visitedAt, "visitedAt must not be null");
  }

  /** The row of {@code visit}, the {@code ordinal}-th visit of {@code session} (on the session's version). */
  public static LoggedVisit of(SessionState session, long ordinal, StepVisit visit) {
    return new LoggedVisit(ordinal, session.customerId(), visit.stepId(), visit.stepName(), visit.contentHash(),
        session.version(), visit.visitedAt());
  }
}
