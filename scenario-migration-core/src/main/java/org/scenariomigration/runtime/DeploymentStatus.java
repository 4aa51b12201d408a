package org.scenariomigration.runtime;

import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.util.Map;
import org.scenariomigration.plan.PlanStatus;

/**
 * The deployment-status response of the operator API, derived from the stores (the session markers and the journal), not from
 * in-memory counters, so it survives restarts and agrees across nodes.
 *
 * @param planId the plan
 * @param status the plan's status
 * @param rolloutPercent the share of eligible sessions the deployment covers
 * @param sessionsMarked sessions marked so far: still pending plus those the plan has settled
 * @param migrationsApplied sessions migrated or relocated by the plan
 * @param migrationsPending sessions still carrying the plan's marker
 * @param migrationsByScenario applied migrations per class ({@code clean_graft}, {@code gap_fill}, {@code re_route})
 * @param checkpointBlocks teleports blocked by a checkpoint
 * @param deployedAt when the plan was deployed
 * @param lastMigrationAt when the last migration was applied, or {@code null}
 */
public record DeploymentStatus(String planId, PlanStatus status, int rolloutPercent, long sessionsMarked,
    long migrationsApplied, long migrationsPending, Map<String, Long> migrationsByScenario, long checkpointBlocks,
    Instant deployedAt, Instant lastMigrationAt) {

  /** Copies the map. */
  public DeploymentStatus {
    migrationsByScenario = ImmutableMap.copyOf(migrationsByScenario);
  }
}
