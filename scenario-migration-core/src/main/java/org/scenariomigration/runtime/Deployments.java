package org.scenariomigration.runtime;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.spi.PlanJournalSummary;
import org.scenariomigration.spi.ScenarioStore;

/**
 * Which version is current and which sessions a deployment covers: deploy, widen a rollout, make a deployed plan
 * cover its sessions, make a version current without a plan, and a deployment's status. None of them writes a
 * session (but the markers a superseded plan left, see {@link MigrationOperations#deploy}). Package-private:
 * {@link MigrationOperations} is its surface.
 */
final class Deployments {
  private final Engine engine;
  private final Coverage coverage;

  Deployments(Engine engine, Coverage coverage) {
    this.engine = engine;
    this.coverage = coverage;
  }

  DeploymentStatus status(String tenantId, String planId) {
    MigrationPlan p = engine.plan(tenantId, planId);
    // a rolled-back plan's markers are rollback markers on sessions its journal already counts
    long pending = p.status() == PlanStatus.ROLLED_BACK ? 0 : coverage.pendingOf(p);
    PlanJournalSummary j = engine.journal.summarize(tenantId, planId);
    long applied = j.count(JournalRecord.Kind.MIGRATED) + j.count(JournalRecord.Kind.RELOCATED);
    long settled = applied + j.count(JournalRecord.Kind.CHECKPOINT_BLOCKED) + j.count(JournalRecord.Kind.PINNED)
        + j.count(JournalRecord.Kind.EXITED);
    if (p.status() == PlanStatus.ROLLED_BACK) {
      // a rollback that a checkpoint blocked journals a second record for a session already counted as migrated
      settled -= engine.journal.forPlan(tenantId, planId).stream()
          .filter(r -> r.kind() == JournalRecord.Kind.CHECKPOINT_BLOCKED && r.before().pending() != null
              && r.before().pending().rollback())
          .count();
    }
    Map<String, Long> byScenario = new LinkedHashMap<>();
    for (MigrationScenario sc : MigrationScenario.values()) {
      byScenario.put(sc.jsonName(), j.migratedByScenario().getOrDefault(sc, 0L));
    }
    return new DeploymentStatus(planId, p.status(), p.rolloutPercent(), pending + settled, applied,
        pending, byScenario, j.count(JournalRecord.Kind.CHECKPOINT_BLOCKED),
        p.deployedAt(), j.lastMigrationAt());
  }

  void makeCurrent(String tenantId, String scenarioId, int version) {
    engine.requireVersion(Engine.requireTenant(tenantId), Ids.require(IdKind.SCENARIO, scenarioId), version);
    engine.atomically(() -> engine.change(tenantId, scenarioId, "making version " + version + " current", () -> {
      engine.scenarios.setCurrentVersion(tenantId, scenarioId, version);
      return null;
    }));
  }

  DeploymentResult deploy(String tenantId, String planId, int rolloutPercent) {
    return deploy(tenantId, planId, rolloutPercent, null);
  }

  /**
   * Deploys, the plan carrying {@code schedule}'s rollout from the deploy on (issue 19), or none when it is null: the
   * rollout is written with the deployment, in the same plan write.
   */
  DeploymentResult deploy(String tenantId, String planId, int rolloutPercent,
      org.scenariomigration.plan.RolloutSchedule schedule) {
    if (rolloutPercent < 1 || rolloutPercent > 100) {
      throw new InvalidRolloutException(planId, rolloutPercent, 1,
          "rollout percent of plan '" + planId + "' must be between 1 and 100 but was " + rolloutPercent);
    }
    return engine.atomically(() -> deployNow(tenantId, planId, rolloutPercent, schedule));
  }

  private DeploymentResult deployNow(String tenantId, String planId, int rolloutPercent,
      org.scenariomigration.plan.RolloutSchedule schedule) {
    MigrationPlan p = engine.plan(tenantId, planId);
    String operation = "deploy of plan '" + planId + "'";
    boolean resume = engine.resuming(tenantId, p.scenarioId(), operation);
    int current = engine.scenarios.readCurrentVersion(tenantId, p.scenarioId());
    // this call again after it took effect: every step below is done already or can be done again
    boolean repeat = p.status() == PlanStatus.DEPLOYED && p.rolloutPercent() == rolloutPercent
        && current == p.toVersion();
    boolean requireApproval = engine.config.requireApproval();
    boolean allowed = p.status() == PlanStatus.APPROVED
        || (p.status() == PlanStatus.PENDING && !requireApproval)
        || ((resume || repeat) && p.status() == PlanStatus.DEPLOYED);
    if (!allowed) {
      throw new IllegalPlanStatusException(planId, "deploy", p.status(),
          requireApproval ? "approved" : "pending, approved");
    }
    if (current != p.fromVersion() && !((resume || repeat) && current == p.toVersion())) {
      throw new IllegalPlanStatusException(planId, "deploy (current version of '" + p.scenarioId() + "' is "
          + current + ", the plan starts from " + p.fromVersion() + ")", p.status(), "a plan from the current version");
    }
    engine.requireVersion(tenantId, p.scenarioId(), p.toVersion());
    return engine.change(tenantId, p.scenarioId(), operation, () -> {
      // each step can be done again: a retry after a failure part-way resumes where it stopped
      MigrationPlan deployed = p.status() == PlanStatus.DEPLOYED ? p
          : p.withDeployment(engine.clock.instant()).withRolloutPercent(rolloutPercent);
      if (schedule != null && deployed.rollout() == null) {
        PlanJournalSummary j = engine.journal.summarize(tenantId, planId);
        deployed = deployed.withRollout(org.scenariomigration.plan.RolloutState.start(schedule, deployed.deployedAt(),
            j.count(JournalRecord.Kind.MIGRATED) + j.count(JournalRecord.Kind.RELOCATED)));
      }
      boolean cover = deployed.markedAt() == null && engine.config.autoMarkSessions() && engine.covering(tenantId);
      if (cover) {
        // (a deployed plan that covered nothing, its tenant off at the deploy, covers from this call on)
        deployed = deployed.withMarking(p.status() == PlanStatus.DEPLOYED ? engine.clock.instant()
            : deployed.deployedAt()).withCoverageGeneration(nextGeneration(tenantId, p.scenarioId()));
      }
      if (deployed != p) {
        engine.plans.replace(deployed, p.status());
      }
      Instant now = deployed.deployedAt();
      for (MigrationPlan other : engine.plans.forScenario(tenantId, p.scenarioId())) {
        if (!other.id().equals(planId) && other.status() == PlanStatus.DEPLOYED) {
          engine.plans.replace(other.withStatus(PlanStatus.SUPERSEDED), PlanStatus.DEPLOYED);
          if (other.fromVersion() == p.fromVersion()) {
            // markers of a superseded plan from the same version (sessions it judged and that wait for the customer):
            // the new plan judges them again. The only session rows a deploy can write, and none in the usual case
            engine.sessions.unmark(tenantId, other.id());
          }
        }
      }
      // moves the deployment generation on
      engine.scenarios.setCurrentVersion(tenantId, p.scenarioId(), p.toVersion());
      engine.reconciler.publish(new MigrationEvent.PlanDeployed(tenantId, planId, deployed.rolloutPercent(), now));
      // (a repeat of a deploy that took effect has nothing left to do, as a repeated marking marked nothing)
      Map<String, Long> byAnchor = deployed.markedAt() == null || (repeat && !resume && !cover) ? Map.of()
          : covered(deployed, now);
      return result(planId, byAnchor, now);
    });
  }

  DeploymentResult widenRollout(String tenantId, String planId, int rolloutPercent) {
    return engine.atomically(() -> widenNow(tenantId, planId, rolloutPercent));
  }

  private DeploymentResult widenNow(String tenantId, String planId, int rolloutPercent) {
    MigrationPlan p = engine.plan(tenantId, planId);
    if (p.status() != PlanStatus.DEPLOYED) {
      throw new IllegalPlanStatusException(planId, "widen the rollout of", p.status(), "deployed");
    }
    if (rolloutPercent < p.rolloutPercent() || rolloutPercent > 100) {
      throw new InvalidRolloutException(planId, rolloutPercent, p.rolloutPercent(), "rollout of plan '" + planId
          + "' can only widen, from " + p.rolloutPercent() + " up to 100, but " + rolloutPercent + " was asked");
    }
    return engine.change(tenantId, p.scenarioId(), "widening of the rollout of plan '" + planId + "'", () -> {
      Instant now = engine.clock.instant();
      // a plan that covered nothing (auto_mark_sessions off, or its tenant off at the deploy) covers from now on
      boolean cover = p.markedAt() == null && engine.covering(tenantId);
      MigrationPlan widened = p.withRolloutPercent(rolloutPercent);
      if (cover || (p.markedAt() != null && rolloutPercent != p.rolloutPercent())) {
        widened = (cover ? widened.withMarking(now) : widened)
            .withCoverageGeneration(nextGeneration(tenantId, p.scenarioId()));
      }
      if (!widened.equals(p)) {
        engine.plans.replace(widened, PlanStatus.DEPLOYED);
        // sessions the narrower rollout pinned are judged again at their next message
        moveGenerationOn(tenantId, p.scenarioId());
      }
      engine.reconciler.publish(new MigrationEvent.PlanDeployed(tenantId, planId, rolloutPercent, now));
      Map<String, Long> byAnchor = cover ? covered(widened, now)
          : widened.markedAt() == null ? Map.of() : newlyCovered(p, widened, now);
      return result(planId, byAnchor, p.deployedAt());
    });
  }

  DeploymentResult markSessions(String tenantId, String planId) {
    return engine.atomically(() -> {
      MigrationPlan p = engine.plan(tenantId, planId);
      if (p.status() != PlanStatus.DEPLOYED) {
        throw new IllegalPlanStatusException(planId, "mark sessions of", p.status(), "deployed");
      }
      return engine.change(tenantId, p.scenarioId(), "marking of the sessions of plan '" + planId + "'", () -> {
        if (p.markedAt() != null || !engine.covering(tenantId)) {
          // covering its sessions already (they are judged at their next message), or the tenant is off
          return new DeploymentResult(planId, 0, Map.of(), p.deployedAt());
        }
        Instant now = engine.clock.instant();
        MigrationPlan marked = p.withMarking(now).withCoverageGeneration(nextGeneration(tenantId, p.scenarioId()));
        engine.plans.replace(marked, PlanStatus.DEPLOYED);
        moveGenerationOn(tenantId, p.scenarioId());
        return result(planId, covered(marked, now), p.deployedAt());
      });
    });
  }

  private static DeploymentResult result(String planId, Map<String, Long> byAnchor, Instant deployedAt) {
    return new DeploymentResult(planId, byAnchor.values().stream().mapToLong(Long::longValue).sum(), byAnchor,
        deployedAt);
  }

  /**
   * The sessions a deployment covers and has not judged yet, per anchor content hash ({@code exit} for a deleted
   * step without relocation anchor): read-only set queries
   * ({@link org.scenariomigration.spi.SessionStore#countEligible}), published as "sessions marked".
   */
  private Map<String, Long> covered(MigrationPlan p, Instant now) {
    Map<String, Long> byAnchor = byAnchor(p, p.rolloutPercent());
    long total = byAnchor.values().stream().mapToLong(Long::longValue).sum();
    engine.reconciler.publish(new MigrationEvent.SessionsMarked(p.tenantId(), p.id(), total, byAnchor, now));
    return byAnchor;
  }

  /** The sessions a widened rollout covers that the narrower one did not. */
  private Map<String, Long> newlyCovered(MigrationPlan narrow, MigrationPlan wide, Instant now) {
    Map<String, Long> before = byAnchor(wide, narrow.rolloutPercent());
    Map<String, Long> byAnchor = new LinkedHashMap<>();
    byAnchor(wide, wide.rolloutPercent()).forEach((k, v) -> byAnchor.put(k, v - before.getOrDefault(k, 0L)));
    byAnchor.values().removeIf(v -> v <= 0);
    long total = byAnchor.values().stream().mapToLong(Long::longValue).sum();
    engine.reconciler.publish(new MigrationEvent.SessionsMarked(wide.tenantId(), wide.id(), total, byAnchor, now));
    return byAnchor;
  }

  private Map<String, Long> byAnchor(MigrationPlan p, int percent) {
    List<MarkCriteria> criteria = Coverage.markCriteria(p, p.markedAt(), percent, p.coverageGeneration());
    long[] counts = engine.sessions.countEligible(criteria);
    Map<String, Long> byAnchor = new LinkedHashMap<>();
    for (int i = 0; i < criteria.size(); i++) {
      MarkCriteria c = criteria.get(i);
      String key = c.marker().anchorContentHash() == null ? "exit" : c.marker().anchorContentHash();
      byAnchor.merge(key, counts[i], Long::sum);
    }
    byAnchor.values().removeIf(v -> v == 0);
    return byAnchor;
  }

  /**
   * The deployment generation the next {@link ScenarioStore#setCurrentVersion} of the scenario moves to (it moves it
   * on by one): the coverage generation of a deployment that takes sessions in. Read inside the operator change, so no
   * other change moves it meanwhile.
   */
  private long nextGeneration(String tenantId, String scenarioId) {
    return engine.scenarios.readCurrent(tenantId, scenarioId).generation() + 1;
  }

  /** The same current version at the next deployment generation ({@link ScenarioStore#setCurrentVersion}). */
  private void moveGenerationOn(String tenantId, String scenarioId) {
    engine.scenarios.setCurrentVersion(tenantId, scenarioId,
        engine.scenarios.readCurrentVersion(tenantId, scenarioId));
  }
}
