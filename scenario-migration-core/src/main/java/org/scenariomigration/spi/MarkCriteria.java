package org.scenariomigration.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.scenariomigration.model.ScopeFilter;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;

/**
 * Which sessions one deployment marking operation marks: those of the tenant and scenario on {@code fromVersion} at
 * step {@code fromStepId}, without a marker, not settled by the plan, and passing the scope filter at {@code now}.
 *
 * @param tenantId the tenant
 * @param scenarioId the scenario
 * @param fromVersion the plan's source version
 * @param fromStepId the anchor's (or deleted step's) step id in the source version
 * @param filter the anchor policy's scope filter
 * @param now the time the filter's age bounds are measured from
 * @param marker the marker to set
 * @param rolloutPercent only sessions whose id falls in the first {@code rolloutPercent} of 100 buckets
 *     ({@link Rollout#bucket(String)}); 100 for all
 */
public record MarkCriteria(String tenantId, String scenarioId, int fromVersion, String fromStepId, ScopeFilter filter,
    Instant now, PendingMigration marker, int rolloutPercent) {

  /** Validates the components; the ids must follow the id grammar ({@link Ids}). */
  public MarkCriteria {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(scenarioId, "scenarioId");
    requireNonNull(fromStepId, "fromStepId");
    Ids.require(IdKind.TENANT, tenantId);
    Ids.require(IdKind.SCENARIO, scenarioId);
    Ids.require(IdKind.STEP, fromStepId);
    requireNonNull(filter, "filter");
    requireNonNull(now, "now");
    requireNonNull(marker, "marker");
    if (rolloutPercent < 0 || rolloutPercent > 100) {
      throw new IllegalArgumentException("rollout percent must be between 0 and 100 but was " + rolloutPercent);
    }
  }

  /**
   * Checks a list of criteria for {@link SessionStore#markAll}: the list and every element must be non-null.
   *
   * @throws NullPointerException naming the list or the index of the {@code null} element
   */
  public static void requireAll(List<MarkCriteria> criteria) {
    requireNonNull(criteria, "criteria");
    for (int i = 0; i < criteria.size(); i++) {
      requireNonNull(criteria.get(i), "criteria[" + i + "]");
    }
  }

  /**
   * Whether a list of criteria can run as one set-based operation: they mark for one plan the sessions of one tenant,
   * scenario and version with one rollout percent, each at a step none of the others names (so that the sessions they
   * select are disjoint and marking with one never changes what another selects).
   */
  public static boolean combinable(List<MarkCriteria> criteria) {
    if (criteria.isEmpty()) {
      return false;
    }
    MarkCriteria first = criteria.get(0);
    Set<String> steps = new HashSet<>();
    for (MarkCriteria c : criteria) {
      if (!c.tenantId.equals(first.tenantId) || !c.scenarioId.equals(first.scenarioId)
          || c.fromVersion != first.fromVersion || c.rolloutPercent != first.rolloutPercent
          || !c.marker.planId().equals(first.marker.planId()) || !steps.add(c.fromStepId)) {
        return false;
      }
    }
    return true;
  }

  /** Whether a session qualifies (the in-memory reference semantics every store must implement). */
  public boolean matches(SessionState s) {
    return s.scenarioId().equals(scenarioId)
        && s.version() == fromVersion
        && s.currentStepId().equals(fromStepId)
        && s.pending() == null
        && s.end() == null
        && !s.settledPlans().contains(marker.planId())
        && Rollout.bucket(s.sessionId()) < rolloutPercent
        && filter.matches(s.channel(), java.time.Duration.between(s.createdAt(), now), s.currentStepId());
  }
}
