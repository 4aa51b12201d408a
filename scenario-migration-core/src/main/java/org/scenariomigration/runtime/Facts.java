package org.scenariomigration.runtime;

import java.util.Map;
import java.util.Set;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionState;

/**
 * What the slow path decides on, read from the stores (never from a cache of theirs) once per change generation of
 * a scenario: the current version, the stored versions, and the deployed or superseded plans by id and, the latest
 * deployed, by source version. Every operator change moves the generation, so facts of one generation never go
 * stale; a session write made on them requires the generation to be unchanged.
 */
record Facts(long generation, int current, Set<Integer> versions, Map<String, MigrationPlan> plans,
    Map<Integer, MigrationPlan> byFrom, long deployment, Map<Integer, Map<String, MarkCriteria>> coverage) {

  /**
   * The marker the deployment covering {@code s}'s version gives it when it judges the session now, or {@code null}
   * when none covers it (no plan deployed from its version covers sessions, or its scope or rollout leaves it out).
   */
  PendingMigration judge(SessionState s) {
    Map<String, MarkCriteria> byStep = coverage.get(s.version());
    MarkCriteria c = byStep == null ? null : byStep.get(s.currentStepId());
    return c != null && c.matches(s) ? c.marker() : null;
  }
}
