package org.scenariomigration.plan;

import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.StepMapping;
import org.scenariomigration.scenario.TransformationMap;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;

/**
 * A reviewable migration plan from one scenario version to the next: the transformation map, the per-anchor policies
 * and the summary derived from both. Plans are immutable; the {@code with...} methods return changed copies, and the
 * summary is recomputed whenever the policies change. Generate one with {@link MigrationPlanner}; read and write one
 * with {@link PlanJson}.
 *
 * @param id the plan id
 * @param tenantId the tenant the plan belongs to
 * @param scenarioId the scenario id
 * @param fromVersion the source version number
 * @param toVersion the target version number
 * @param fromChecksum the source version's checksum
 * @param toChecksum the target version's checksum
 * @param status the lifecycle status; {@link PlanStatus#PENDING} when generated
 * @param transformationMap the diff
 * @param anchorPolicies the policy of every anchor, keyed by anchor content hash
 * @param manualMappings the operator's manual step mappings the diff used
 * @param summary counts, fields to collect and warnings
 * @param createdBy who generated the plan
 * @param createdAt when
 * @param approvedBy who approved it, or {@code null}
 * @param approvedAt when, or {@code null}
 * @param deployedAt when it was deployed, or {@code null}
 * @param rolloutPercent the share (0 to 100) of eligible sessions the deployment covers; 100 unless a gradual rollout
 *     narrowed it
 * @param markedAt when the deployment started covering sessions (at the deploy, or at
 *     {@code ScenarioMigration.markSessions} when sessions were not marked at the deploy): each session it covers is
 *     judged at its next message, its scope filter measured at this time; {@code null} while it covers none
 * @param coverageGeneration the deployment generation of the scenario ({@code CurrentVersion.generation}) at which
 *     the deployment last took sessions in (deployed, widened, marked): a session pinned at or after it was judged
 *     against this coverage already and is not judged again by it; 0 while it covers none
 */
public record MigrationPlan(String id, String tenantId, String scenarioId, int fromVersion, int toVersion,
    String fromChecksum, String toChecksum, PlanStatus status, TransformationMap transformationMap,
    Map<String, AnchorPolicy> anchorPolicies, List<StepMapping> manualMappings, PlanSummary summary, String createdBy,
    Instant createdAt, String approvedBy, Instant approvedAt, Instant deployedAt, int rolloutPercent,
    Instant markedAt, long coverageGeneration) {

  /** A plan whose deployment covers no session yet ({@link #markedAt()} {@code null}). */
  public MigrationPlan(String id, String tenantId, String scenarioId, int fromVersion, int toVersion,
      String fromChecksum, String toChecksum, PlanStatus status, TransformationMap transformationMap,
      Map<String, AnchorPolicy> anchorPolicies, List<StepMapping> manualMappings, PlanSummary summary,
      String createdBy, Instant createdAt, String approvedBy, Instant approvedAt, Instant deployedAt,
      int rolloutPercent) {
    this(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum, status, transformationMap,
        anchorPolicies, manualMappings, summary, createdBy, createdAt, approvedBy, approvedAt, deployedAt,
        rolloutPercent, null, 0);
  }

  /** Validates and copies the components. */
  public MigrationPlan {
    if (coverageGeneration < 0) {
      throw new InvalidPlanException("plan '" + id + "': coverage generation must not be negative but was "
          + coverageGeneration);
    }
    if (rolloutPercent < 0 || rolloutPercent > 100) {
      throw new InvalidPlanException("plan '" + id + "': rollout percent must be between 0 and 100 but was "
          + rolloutPercent);
    }
    requireNonNull(id, "id");
    requireNonNull(tenantId, "tenantId");
    requireNonNull(scenarioId, "scenarioId");
    Ids.require(IdKind.PLAN, id);
    Ids.require(IdKind.TENANT, tenantId);
    Ids.require(IdKind.SCENARIO, scenarioId);
    requireNonNull(status, "status");
    requireNonNull(transformationMap, "transformationMap");
    requireNonNull(summary, "summary");
    requireNonNull(createdAt, "createdAt");
    anchorPolicies = ImmutableMap.copyOf(anchorPolicies);
    manualMappings = ImmutableList.copyOf(manualMappings);
    createdBy = createdBy == null ? "" : createdBy;
  }

  /** A plan with a full (100%) rollout. */
  public MigrationPlan(String id, String tenantId, String scenarioId, int fromVersion, int toVersion,
      String fromChecksum, String toChecksum, PlanStatus status, TransformationMap transformationMap,
      Map<String, AnchorPolicy> anchorPolicies, List<StepMapping> manualMappings, PlanSummary summary,
      String createdBy, Instant createdAt, String approvedBy, Instant approvedAt, Instant deployedAt) {
    this(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum, status, transformationMap,
        anchorPolicies, manualMappings, summary, createdBy, createdAt, approvedBy, approvedAt, deployedAt, 100);
  }

  /** This plan with another rollout percent. */
  public MigrationPlan withRolloutPercent(int percent) {
    return new MigrationPlan(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum, status,
        transformationMap, anchorPolicies, manualMappings, summary, createdBy, createdAt, approvedBy, approvedAt,
        deployedAt, percent, markedAt, coverageGeneration);
  }

  /** The policy for an anchor content hash: the operator's, or the default. */
  public AnchorPolicy policyFor(AnchorTransformation anchor) {
    AnchorPolicy p = anchorPolicies.get(anchor.anchorContentHash());
    return p == null ? AnchorPolicy.defaults(anchor) : p;
  }

  /** The class that applies to an anchor: the policy's forced class, or the computed one. */
  public MigrationScenario effectiveScenario(AnchorTransformation anchor) {
    MigrationScenario forced = policyFor(anchor).forceScenario();
    return forced == null ? anchor.migrationScenario() : forced;
  }

  /**
   * This plan with some policies replaced (others keep their current value). Throws {@link InvalidPlanException} when
   * a key is not an anchor content hash of this plan or disagrees with the policy's own hash; the plan is unchanged.
   */
  public MigrationPlan withPolicies(Map<String, AnchorPolicy> policies) {
    Map<String, AnchorPolicy> merged = new LinkedHashMap<>(anchorPolicies);
    for (Map.Entry<String, AnchorPolicy> e : policies.entrySet()) {
      String key = e.getKey();
      AnchorPolicy p = requireNonNull(e.getValue(), "policy for " + key);
      if (transformationMap.anchorsWithHash(key).isEmpty()) {
        throw new InvalidPlanException(
            "plan '" + id + "' has no anchor with content hash '" + key + "'");
      }
      if (!p.anchorContentHash().equals(key)) {
        throw new InvalidPlanException("plan '" + id + "': policy key '" + key
            + "' does not match its anchor_content_hash '" + p.anchorContentHash() + "'");
      }
      merged.put(key, p);
    }
    return new MigrationPlan(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum, status,
        transformationMap, merged, manualMappings,
        Summaries.of(transformationMap, merged, summary.estimatedSessionsAffected()), createdBy, createdAt,
        approvedBy, approvedAt, deployedAt, rolloutPercent, markedAt, coverageGeneration);
  }

  /** This plan with another status (no transition check: lifecycle rules live in the runtime). */
  public MigrationPlan withStatus(PlanStatus newStatus) {
    return new MigrationPlan(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum, newStatus,
        transformationMap, anchorPolicies, manualMappings, summary, createdBy, createdAt, approvedBy, approvedAt,
        deployedAt, rolloutPercent, markedAt, coverageGeneration);
  }

  /** This plan approved by {@code by} at {@code at}, with status {@link PlanStatus#APPROVED}. */
  public MigrationPlan withApproval(String by, Instant at) {
    return new MigrationPlan(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum,
        PlanStatus.APPROVED, transformationMap, anchorPolicies, manualMappings, summary, createdBy, createdAt, by, at,
        deployedAt, rolloutPercent, markedAt, coverageGeneration);
  }

  /** This plan deployed at {@code at}, with status {@link PlanStatus#DEPLOYED}. */
  public MigrationPlan withDeployment(Instant at) {
    return new MigrationPlan(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum,
        PlanStatus.DEPLOYED, transformationMap, anchorPolicies, manualMappings, summary, createdBy, createdAt,
        approvedBy, approvedAt, at, rolloutPercent, markedAt, coverageGeneration);
  }

  /**
   * This plan's deployment covering sessions from {@code at} on: the sessions it is deployed to are judged against it
   * at their next message, their scope filters measured at {@code at}.
   */
  public MigrationPlan withMarking(Instant at) {
    return new MigrationPlan(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum, status,
        transformationMap, anchorPolicies, manualMappings, summary, createdBy, createdAt, approvedBy, approvedAt,
        deployedAt, rolloutPercent, at, coverageGeneration);
  }

  /** This plan's deployment taking sessions in at deployment generation {@code generation}. */
  public MigrationPlan withCoverageGeneration(long generation) {
    return new MigrationPlan(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum, status,
        transformationMap, anchorPolicies, manualMappings, summary, createdBy, createdAt, approvedBy, approvedAt,
        deployedAt, rolloutPercent, markedAt, generation);
  }

  /** This plan with another estimate of affected sessions. */
  public MigrationPlan withEstimatedSessionsAffected(long estimate) {
    return new MigrationPlan(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum, status,
        transformationMap, anchorPolicies, manualMappings, summary.withEstimatedSessionsAffected(estimate), createdBy,
        createdAt, approvedBy, approvedAt, deployedAt, rolloutPercent, markedAt, coverageGeneration);
  }
}
