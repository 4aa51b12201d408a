package org.scenariomigration.spi;

import org.scenariomigration.session.SessionState;
import static java.util.Objects.requireNonNull;

/**
 * One write of {@link SessionStore#commitAll}: what {@link SessionStore#commit} takes as its arguments.
 *
 * @param session the state to store
 * @param expectedRevision the revision the stored session must have
 * @param record the journal record to append with it
 * @param expectedGeneration the change generation the session's scenario must still have
 *     ({@link SessionStore#changeGeneration}), or {@link SessionStore#ANY_GENERATION} for no check
 */
public record SessionCommit(SessionState session, long expectedRevision, JournalRecord record,
    long expectedGeneration) {

  /** Validates the components. */
  public SessionCommit {
    requireNonNull(session, "session");
    requireNonNull(record, "record");
  }

  /** A commit with no generation check. */
  public SessionCommit(SessionState session, long expectedRevision, JournalRecord record) {
    this(session, expectedRevision, record, SessionStore.ANY_GENERATION);
  }
}
