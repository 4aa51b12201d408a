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
 * @param rollout the progressive rollout: step, gates against their thresholds, history; {@code null} for a
 *     deployment without a rollout schedule
 */
public record DeploymentStatus(String planId, PlanStatus status, int rolloutPercent, long sessionsMarked,
    long migrationsApplied, long migrationsPending, Map<String, Long> migrationsByScenario, long checkpointBlocks,
    Instant deployedAt, Instant lastMigrationAt, RolloutStatus rollout) {

  /** Copies the map. */
  public DeploymentStatus {
    migrationsByScenario = ImmutableMap.copyOf(migrationsByScenario);
  }

  /** A status without a rollout block. */
  public DeploymentStatus(String planId, PlanStatus status, int rolloutPercent, long sessionsMarked,
      long migrationsApplied, long migrationsPending, Map<String, Long> migrationsByScenario, long checkpointBlocks,
      Instant deployedAt, Instant lastMigrationAt) {
    this(planId, status, rolloutPercent, sessionsMarked, migrationsApplied, migrationsPending, migrationsByScenario,
        checkpointBlocks, deployedAt, lastMigrationAt, null);
  }

  /** This status with another rollout block. */
  public DeploymentStatus withRollout(RolloutStatus block) {
    return new DeploymentStatus(planId, status, rolloutPercent, sessionsMarked, migrationsApplied, migrationsPending,
        migrationsByScenario, checkpointBlocks, deployedAt, lastMigrationAt, block);
  }
}
