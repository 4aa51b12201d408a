package org.scenariomigration.spi;

import java.util.List;

/** Helpers of {@link SessionStore#countEligible} and {@link SessionStore#claimEligible}, shared by the stores. */
final class EligibleSessions {
  /** The page size the default implementations read with. */
  static final int PAGE = 500;

  private EligibleSessions() {}

  /**
   * The first criteria, or {@code null} for none, after checking that all name one tenant, scenario, source version
   * and plan.
   */
  static MarkCriteria requireOneVersion(List<MarkCriteria> criteria) {
    return MarkCriteria.requireOneVersion(criteria);
  }

  /** Whether a deployment with these criteria covers {@code s}: marked by its plan, or matching one criteria. */
  static boolean covered(List<MarkCriteria> criteria, SessionState s) {
    MarkCriteria first = criteria.get(0);
    if (s.end() != null || s.version() != first.fromVersion() || !s.scenarioId().equals(first.scenarioId())) {
      return false;
    }
    PendingMigration m = s.pending();
    if (m != null) {
      return !m.rollback() && m.planId().equals(first.marker().planId());
    }
    for (MarkCriteria c : criteria) {
      if (c.matches(s)) {
        return true;
      }
    }
    return false;
  }
}
