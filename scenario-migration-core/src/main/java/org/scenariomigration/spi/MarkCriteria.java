package org.scenariomigration.spi;

import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionState;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;

/**
 * Which sessions a deployment covers at one step: those of the tenant and scenario on {@code fromVersion} at step
 * {@code fromStepId}, without a marker, not ended, not settled by the plan, in the rollout, passing the scope filter at
 * {@code now}, and not pinned at or after deployment generation {@code generation} (judged against this coverage
 * already). A session that matches is
 * migrated at its next message (or by eager batch migration); the counts of a deployment are the counts of matching
 * sessions.
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
 * @param generation the deployment generation ({@link CurrentVersion#generation()}) at which the deployment last took
 *     sessions in ({@code MigrationPlan.coverageGeneration}): a session pinned at it or later was judged against this
 *     coverage already and does not match; {@link #ANY_GENERATION} to leave pinned sessions in
 */
public record MarkCriteria(String tenantId, String scenarioId, int fromVersion, String fromStepId, ScopeFilter filter,
    Instant now, PendingMigration marker, int rolloutPercent, long generation) {

  /** No generation: pinned sessions are not left out. */
  public static final long ANY_GENERATION = -1;

  /** Criteria that leave no pinned session out ({@link #ANY_GENERATION}). */
  public MarkCriteria(String tenantId, String scenarioId, int fromVersion, String fromStepId, ScopeFilter filter,
      Instant now, PendingMigration marker, int rolloutPercent) {
    this(tenantId, scenarioId, fromVersion, fromStepId, filter, now, marker, rolloutPercent, ANY_GENERATION);
  }

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
    if (generation < ANY_GENERATION) {
      throw new IllegalArgumentException("deployment generation must be -1 (any) or more but was " + generation);
    }
  }

  /** These criteria at deployment generation {@code g}. */
  public MarkCriteria atGeneration(long g) {
    return g == generation ? this
        : new MarkCriteria(tenantId, scenarioId, fromVersion, fromStepId, filter, now, marker, rolloutPercent, g);
  }

  /**
   * Checks a list of criteria for {@link SessionStore#countEligible} and {@link SessionStore#claimEligible}: non-null
   * ({@link #requireAll}), naming one tenant, scenario, source version and plan.
   *
   * @return the first criteria, or {@code null} when the list is empty
   * @throws IllegalArgumentException naming the first criteria that differs from the first
   */
  /**
   * Whether a deployment with these criteria (one tenant, scenario, source version and plan) covers {@code s}: the
   * session is live on the criteria's version and either carries the plan's marker or matches one criteria. The rule
   * {@link SessionStore#countEligible} and {@link SessionStore#claimEligible} select by.
   */
  public static boolean covers(List<MarkCriteria> criteria, SessionState s) {
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

  public static MarkCriteria requireOneVersion(List<MarkCriteria> criteria) {
    requireAll(criteria);
    if (criteria.isEmpty()) {
      return null;
    }
    MarkCriteria first = criteria.get(0);
    for (MarkCriteria c : criteria) {
      if (!c.tenantId.equals(first.tenantId) || !c.scenarioId.equals(first.scenarioId)
          || c.fromVersion != first.fromVersion || !c.marker.planId().equals(first.marker.planId())) {
        throw new IllegalArgumentException("criteria must name one tenant, scenario, source version and plan, but '"
            + c.tenantId + "' '" + c.scenarioId + "' version " + c.fromVersion + " plan '" + c.marker.planId()
            + "' differs from '" + first.tenantId + "' '" + first.scenarioId + "' version " + first.fromVersion
            + " plan '" + first.marker.planId() + "'");
      }
    }
    return first;
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
          || c.generation != first.generation
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
        && (generation == ANY_GENERATION || !(s.pinned() && s.pinGeneration() >= generation))
        && Rollout.bucket(s.sessionId()) < rolloutPercent
        && filter.matches(s.channel(), java.time.Duration.between(s.createdAt(), now), s.currentStepId());
  }
}
