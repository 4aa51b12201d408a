package org.scenariomigration.runtime;

import static java.util.Objects.requireNonNull;

import org.scenariomigration.session.SessionState;

/**
 * The answer of {@link ScenarioMigration#reconcileWithState}: what the host does with the message, and the session's
 * state as the library last read or wrote it while deciding, so that the host needs no
 * {@link ScenarioMigration#session} call (on a database store: one primary-key read per message instead of two).
 * After a move the state is the one the move stored (its step, version and variables are where the session now is);
 * otherwise it is the state read.
 *
 * @param outcome what the host does with the message
 * @param session the session's state after the reconcile
 */
public record Reconciled(Outcome outcome, SessionState session) {
  /** Validates the components. */
  public Reconciled {
    requireNonNull(outcome, "outcome");
    requireNonNull(session, "session");
  }
}
