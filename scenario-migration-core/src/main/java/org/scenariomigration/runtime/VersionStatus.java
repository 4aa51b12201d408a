package org.scenariomigration.runtime;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.scenariomigration.plan.PlanStatus;

/**
 * The drain status of one scenario version of a tenant ({@link MigrationOperations#versionStatus}): the sessions
 * still on it, the plans that reference it, whether it is current, and whether it is safe to retire, with every
 * reason it is not. Read with read-only set queries; a snapshot, which the next message may change.
 *
 * @param tenantId the tenant
 * @param scenarioId the scenario
 * @param version the version
 * @param current whether it is the scenario's current version
 * @param sessions sessions on it that have not ended (an ended session holds no version)
 * @param pinned of those, the pinned ones (kept there by a scope filter, a checkpoint, a relocation without a safe
 *     target or a policy)
 * @param pending sessions on it that a migration still has to settle: those carrying a marker and those the
 *     deployment covering the version has not judged yet (they are judged at their next message)
 * @param plans the plans from or to it, by plan id
 * @param reasons why it is not safe to retire, one line each; empty when it is
 */
public record VersionStatus(String tenantId, String scenarioId, int version, boolean current, long sessions,
    long pinned, long pending, List<PlanReference> plans, List<String> reasons) {

  /**
   * A plan that references the version.
   *
   * @param planId the plan
   * @param fromVersion its source version
   * @param toVersion its target version
   * @param status its status
   * @param sessionsToSettle the sessions it has still to settle (marked, or covered and not judged yet)
   * @param holds whether it keeps the version from being retired: it has sessions to settle, or it is pending or
   *     approved and leads to the version (deploying it would make the version current)
   */
  public record PlanReference(String planId, int fromVersion, int toVersion, PlanStatus status,
      long sessionsToSettle, boolean holds) {
    /** Checks the components. */
    public PlanReference {
      requireNonNull(planId, "planId");
      requireNonNull(status, "status");
    }
  }

  /** Copies the lists. */
  public VersionStatus {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(scenarioId, "scenarioId");
    plans = ImmutableList.copyOf(plans);
    reasons = ImmutableList.copyOf(reasons);
  }

  /** Whether nothing holds the version: not current, no session on it, no plan holding it ({@link #reasons()}). */
  public boolean safeToRetire() {
    return reasons.isEmpty();
  }

  /** {@code scenarioId@version}, as {@link RetentionReport} names versions. */
  public String name() {
    return scenarioId + "@" + version;
  }
}
