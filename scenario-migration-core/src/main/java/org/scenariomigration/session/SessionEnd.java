package org.scenariomigration.session;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * How and when a session ended ({@link SessionState#end()}). An ended session is never marked, migrated or rolled back,
 * never counts as pending, and its {@code reconcile} answers {@code Outcome.Ended}; {@code purge} deletes it once
 * {@code retention.session_retention_days} have passed since {@link #at()}.
 *
 * @param reason why
 * @param at when
 */
public record SessionEnd(EndReason reason, Instant at) {

  /** Validates the components. */
  public SessionEnd {
    requireNonNull(reason, "reason");
    requireNonNull(at, "at");
  }
}
