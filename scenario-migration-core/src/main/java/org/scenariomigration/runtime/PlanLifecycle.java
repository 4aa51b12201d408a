package org.scenariomigration.runtime;

import org.scenariomigration.scenario.TransformationMap;
import org.scenariomigration.scenario.AnchorTransformation;
import java.util.function.Consumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanRequest;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.StepMapping;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.MarkCriteria;

/**
 * A plan before its deployment: generated, its policies edited, approved or rejected, and what it would do tried on
 * sessions without a write (dry run, impact preview). Package-private: {@link MigrationOperations} is its surface.
 */
final class PlanLifecycle {
  /** Sessions read per page where the library goes through the sessions of a version. */
  static final int PAGE = 200;

  private final Engine engine;
  private final Coverage coverage;

  PlanLifecycle(Engine engine, Coverage coverage) {
    this.engine = engine;
    this.coverage = coverage;
  }

  MigrationPlan generatePlan(String tenantId, ScenarioVersion newVersion, String createdBy,
      List<StepMapping> manualMappings) {
    ScenarioVersion from = engine.currentVersion(tenantId, newVersion.scenarioId());
    PlanRequest.Builder req = PlanRequest.builder(tenantId, from, newVersion).createdBy(createdBy);
    manualMappings.forEach(m -> req.map(m.fromStepId(), m.toStepId()));
    MigrationPlan plan = engine.planner.plan(req.build());
    engine.scenarios.save(tenantId, newVersion);
    plan = plan.withEstimatedSessionsAffected(coverage.estimate(plan));
    engine.plans.insert(plan);
    engine.reconciler.publish(new MigrationEvent.PlanGenerated(tenantId, plan.id(), plan.scenarioId(),
        plan.fromVersion(), plan.toVersion(), plan.createdAt()));
    return plan;
  }

  MigrationPlan updatePolicies(String tenantId, String planId, Map<String, AnchorPolicy> policies) {
    return engine.atomically(() -> replacePolicies(pending(tenantId, planId), policies));
  }

  /**
   * Edits the policy of the anchor {@code anchor} names (step id or hash, {@link TransformationMap#anchorFor}): the
   * editor starts from the policy that applies to it now; one of twins, named by step id, gets a policy of its own.
   */
  MigrationPlan updatePolicy(String tenantId, String planId, String anchor, Consumer<AnchorPolicy.Editor> edit) {
    return engine.atomically(() -> {
      MigrationPlan p = pending(tenantId, planId);
      TransformationMap map = p.transformationMap();
      AnchorTransformation a = map.anchorFor(anchor);
      String key = map.anchorsWithHash(a.anchorContentHash()).size() > 1 ? AnchorPolicy.twinKey(a)
          : a.anchorContentHash();
      AnchorPolicy.Editor editor = p.policyFor(a).toEditor();
      edit.accept(editor);
      return replacePolicies(p, Map.of(key, editor.build()));
    });
  }

  private MigrationPlan pending(String tenantId, String planId) {
    MigrationPlan p = engine.plan(tenantId, planId);
    if (p.status() != PlanStatus.PENDING) {
      throw new IllegalPlanStatusException(planId, "update policies of", p.status(), "pending");
    }
    return p;
  }

  private MigrationPlan replacePolicies(MigrationPlan p, Map<String, AnchorPolicy> policies) {
    MigrationPlan changed = p.withPolicies(policies);
    changed = changed.withEstimatedSessionsAffected(coverage.estimate(changed));
    engine.plans.replace(changed, PlanStatus.PENDING);
    return changed;
  }

  MigrationPlan approve(String tenantId, String planId, String approvedBy) {
    return engine.atomically(() -> {
      MigrationPlan p = engine.plan(tenantId, planId);
      if (p.status() == PlanStatus.APPROVED && approvedBy.equals(p.approvedBy())) {
        return p; // this call again: it took effect
      }
      if (p.status() != PlanStatus.PENDING) {
        throw new IllegalPlanStatusException(planId, "approve", p.status(), "pending");
      }
      MigrationPlan approved = p.withApproval(approvedBy, engine.clock.instant());
      engine.plans.replace(approved, PlanStatus.PENDING);
      engine.reconciler.publish(new MigrationEvent.PlanApproved(tenantId, planId, approvedBy,
          approved.approvedAt()));
      return approved;
    });
  }

  MigrationPlan reject(String tenantId, String planId) {
    MigrationPlan p = engine.plan(tenantId, planId);
    if (p.status() != PlanStatus.PENDING && p.status() != PlanStatus.APPROVED) {
      throw new IllegalPlanStatusException(planId, "reject", p.status(), "pending, approved");
    }
    MigrationPlan rejected = p.withStatus(PlanStatus.REJECTED);
    engine.plans.replace(rejected, p.status());
    return rejected;
  }

  Outcome dryRun(String tenantId, String planId, String sessionId, boolean useExtractor) {
    MigrationPlan p = engine.plan(tenantId, planId);
    SessionState s = engine.session(tenantId, sessionId);
    if (s.end() != null) {
      return Outcome.Ended.of(s.end()); // no plan moves it
    }
    boolean markedByIt = s.pending() != null && s.pending().planId().equals(planId);
    if (!markedByIt && !Coverage.eligible(Coverage.markCriteria(p, engine.clock.instant(), 100), s)) {
      return Outcome.CONTINUE;
    }
    return engine.reconciler.predict(s, p, useExtractor);
  }

  ImpactPreview previewImpact(String tenantId, String planId, int sampleSize) {
    MigrationPlan p = engine.plan(tenantId, planId);
    List<MarkCriteria> criteria = Coverage.markCriteria(p, engine.clock.instant(), 100);
    Map<String, Long> byOutcome = new TreeMap<>();
    List<String> blocked = new ArrayList<>();
    long[] examined = {0};
    atVersion(tenantId, p.scenarioId(), p.fromVersion(), s -> {
      if (sampleSize > 0 && examined[0] >= sampleSize) {
        return false;
      }
      boolean markedByIt = s.pending() != null && s.pending().planId().equals(planId);
      if (!markedByIt && !Coverage.eligible(criteria, s)) {
        return true;
      }
      examined[0]++;
      Outcome o = engine.reconciler.predict(s, p, false);
      String key = BatchReport.key(o);
      byOutcome.merge(key, 1L, Long::sum);
      if (o.blockedByCheckpoint()) {
        blocked.add(s.sessionId());
      }
      return true;
    });
    return new ImpactPreview(planId, examined[0], byOutcome, blocked);
  }

  /**
   * Hands the sessions of a version to {@code each}, {@value #PAGE} read at a time (so that only one page of sessions,
   * with their histories, is in the heap at once), until it answers {@code false}.
   */
  private void atVersion(String tenantId, String scenarioId, int version, Predicate<SessionState> each) {
    String after = null;
    while (true) {
      List<SessionState> page = engine.sessions.findAtVersion(tenantId, scenarioId, version, after, PAGE);
      for (SessionState s : page) {
        if (!each.test(s)) {
          return;
        }
      }
      if (page.size() < PAGE) {
        return;
      }
      after = page.get(page.size() - 1).sessionId();
    }
  }
}
