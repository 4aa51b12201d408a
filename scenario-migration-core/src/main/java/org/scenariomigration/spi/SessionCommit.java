package org.scenariomigration.spi;

import static java.util.Objects.requireNonNull;

/**
 * One write of {@link SessionStore#commitAll}: what {@link SessionStore#commit} takes as its three arguments.
 *
 * @param session the state to store
 * @param expectedRevision the revision the stored session must have
 * @param record the journal record to append with it
 */
public record SessionCommit(SessionState session, long expectedRevision, JournalRecord record) {

  /** Validates the components. */
  public SessionCommit {
    requireNonNull(session, "session");
    requireNonNull(record, "record");
  }
}
