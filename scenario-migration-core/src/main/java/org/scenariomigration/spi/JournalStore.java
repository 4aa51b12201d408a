package org.scenariomigration.spi;

import java.util.List;

/**
 * Reads the migration journal, scoped by tenant. Records are written by {@link SessionStore#commit} in the same
 * transaction as the session change they describe.
 */
public interface JournalStore {

  /** A session's records, oldest first. */
  List<JournalRecord> forSession(String tenantId, String sessionId);

  /** A plan's records, oldest first. */
  List<JournalRecord> forPlan(String tenantId, String planId);

  /**
   * Counts a plan's records for its deployment status. The default folds {@link #forPlan}; a database store should
   * answer with one aggregate query.
   */
  default PlanJournalSummary summarize(String tenantId, String planId) {
    return PlanJournalSummary.of(forPlan(tenantId, planId));
  }
}
