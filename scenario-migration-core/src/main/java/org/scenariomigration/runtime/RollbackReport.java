package org.scenariomigration.runtime;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a rollback did. A restored session goes back to the position and version of its journaled before-state and
 * keeps every variable it holds: nothing the customer gave since the migration is dropped.
 *
 * @param planId the plan rolled back
 * @param markersRemoved pending markers removed
 * @param sessionsToRestore migrated sessions that go back to their journaled before-state at their next message
 * @param sessionsKept migrated sessions that passed a checkpoint since and stay where they are
 * @param restoredVersion the scenario's current version again
 * @param rolledBackAt when
 * @param variableConflicts for each session to restore whose variables the old version did not see as they are now:
 *     the variables it keeps that the migration or the new version added ({@code name}) or that changed since the
 *     migration ({@code name (changed)}); the old version ignores fields it does not know
 */
public record RollbackReport(String planId, long markersRemoved, List<String> sessionsToRestore,
    List<String> sessionsKept, int restoredVersion, Instant rolledBackAt,
    Map<String, List<String>> variableConflicts) {

  /** Copies the collections. */
  public RollbackReport {
    sessionsToRestore = ImmutableList.copyOf(sessionsToRestore);
    sessionsKept = ImmutableList.copyOf(sessionsKept);
    ImmutableMap.Builder<String, List<String>> b = ImmutableMap.builder();
    if (variableConflicts != null) {
      variableConflicts.forEach((k, v) -> b.put(k, ImmutableList.copyOf(v)));
    }
    variableConflicts = b.build();
  }

  /** A report with no variable conflicts. */
  public RollbackReport(String planId, long markersRemoved, List<String> sessionsToRestore,
      List<String> sessionsKept, int restoredVersion, Instant rolledBackAt) {
    this(planId, markersRemoved, sessionsToRestore, sessionsKept, restoredVersion, rolledBackAt, Map.of());
  }
}
