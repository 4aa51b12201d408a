package org.scenariomigration.runtime;

import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.util.Map;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.spi.FilledField;

/** A typed event published to every {@link MigrationListener}. */
public sealed interface MigrationEvent {

  /** The tenant. */
  String tenantId();

  /** When it happened. */
  Instant at();

  /** A plan was generated. */
  record PlanGenerated(String tenantId, String planId, String scenarioId, int fromVersion, int toVersion, Instant at)
      implements MigrationEvent {}

  /** A plan was approved. */
  record PlanApproved(String tenantId, String planId, String approvedBy, Instant at) implements MigrationEvent {}

  /** A plan was deployed (or its rollout widened). */
  record PlanDeployed(String tenantId, String planId, int rolloutPercent, Instant at) implements MigrationEvent {}

  /** A plan was rolled back. */
  record PlanRolledBack(String tenantId, String planId, int sessionsToRestore, Instant at)
      implements MigrationEvent {}

  /**
   * Sessions were marked: one event per marking operation, with the count per anchor (marking is set-based, so there
   * is no event per session).
   */
  record SessionsMarked(String tenantId, String planId, long count, Map<String, Long> byAnchor, Instant at)
      implements MigrationEvent {
    /** Copies the map. */
    public SessionsMarked {
      byAnchor = ImmutableMap.copyOf(byAnchor);
    }
  }

  /** A migration was applied to a session. */
  record MigrationApplied(String tenantId, String sessionId, String planId, MigrationScenario scenario,
      String reason, int toVersion, String toStepId, Instant at) implements MigrationEvent {}

  /** A gap-fill field was filled. */
  record GapFilled(String tenantId, String sessionId, String planId, String field, FilledField.Source source,
      Instant at) implements MigrationEvent {}

  /** A teleport was blocked by a passed checkpoint. */
  record CheckpointBlocked(String tenantId, String sessionId, String planId, String warning, Instant at)
      implements MigrationEvent {}

  /** A session was relocated. */
  record Relocated(String tenantId, String sessionId, String planId, int toVersion, String toStepId, Instant at)
      implements MigrationEvent {}

  /** A session was told to exit the scenario. */
  record Exited(String tenantId, String sessionId, String planId, Instant at) implements MigrationEvent {}

  /** A session was restored to its before-state by a rollback. */
  record RolledBack(String tenantId, String sessionId, String planId, Instant at) implements MigrationEvent {}

  /** A progressive rollout widened to its next step ({@link ScenarioMigration#advanceRollouts}). */
  record RolloutAdvanced(String tenantId, String planId, int fromPercent, int toPercent, Instant at)
      implements MigrationEvent {}

  /** A health gate failed: the rollout is halted at {@code percent}; {@code reason} names the gate and its value. */
  record RolloutHalted(String tenantId, String planId, int percent, String reason, Instant at)
      implements MigrationEvent {}

  /** A failed gate rolled the deployment back ({@code auto_rollback}), as {@link MigrationOperations#rollback} does. */
  record RolloutRolledBack(String tenantId, String planId, String reason, int sessionsToRestore, Instant at)
      implements MigrationEvent {}

  /** An operator moved a session to a step of a version ({@link MigrationOperations#moveSession}). */
  record SessionMoved(String tenantId, String sessionId, String movedBy, int toVersion, String toStepId, Instant at)
      implements MigrationEvent {}
}
