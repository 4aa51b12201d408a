package org.scenariomigration.runtime;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.List;

/**
 * What a rollback did.
 *
 * @param planId the plan rolled back
 * @param markersRemoved pending markers removed
 * @param sessionsToRestore migrated sessions that go back to their journaled before-state at their next message
 * @param sessionsKept migrated sessions that passed a checkpoint since and stay where they are
 * @param restoredVersion the scenario's current version again
 * @param rolledBackAt when
 */
public record RollbackReport(String planId, long markersRemoved, List<String> sessionsToRestore,
    List<String> sessionsKept, int restoredVersion, Instant rolledBackAt) {

  /** Copies the lists. */
  public RollbackReport {
    sessionsToRestore = ImmutableList.copyOf(sessionsToRestore);
    sessionsKept = ImmutableList.copyOf(sessionsKept);
  }
}
