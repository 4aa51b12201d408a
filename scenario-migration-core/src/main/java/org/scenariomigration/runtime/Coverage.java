package org.scenariomigration.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.DeletedStep;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.spi.SessionStore;

/**
 * Which sessions a plan takes in: its marking criteria (the one definition of "the plan would mark this session"),
 * and the sessions it still has to settle. Package-private.
 */
final class Coverage {
  private final Engine engine;

  Coverage(Engine engine) {
    this.engine = engine;
  }

  /**
   * The marking operations of a plan: one per anchor (with its policy's scope filter) and one per deleted step (its
   * sessions relocate). Deploying runs them against the store; estimates, previews and dry runs test sessions against
   * them with {@link MarkCriteria#matches}, so there is one definition of "the plan would mark this session".
   */
  static List<MarkCriteria> markCriteria(MigrationPlan p, Instant now, int percent) {
    return markCriteria(p, now, percent, MarkCriteria.ANY_GENERATION);
  }

  /** {@link #markCriteria(MigrationPlan, Instant, int)} leaving out the sessions pinned at {@code generation}. */
  static List<MarkCriteria> markCriteria(MigrationPlan p, Instant now, int percent, long generation) {
    List<MarkCriteria> out = new ArrayList<>();
    for (AnchorTransformation a : p.transformationMap().anchors()) {
      out.add(new MarkCriteria(p.tenantId(), p.scenarioId(), p.fromVersion(), a.fromStepId(),
          p.policyFor(a).scopeFilter(), now,
          new PendingMigration(p.id(), a.anchorContentHash(), p.toVersion(), now, null), percent, generation));
    }
    for (DeletedStep d : p.transformationMap().deletedSteps()) {
      out.add(new MarkCriteria(p.tenantId(), p.scenarioId(), p.fromVersion(), d.stepId(), ScopeFilter.ALL, now,
          new PendingMigration(p.id(), d.relocateToAnchorHash(), p.toVersion(), now, null), percent, generation));
    }
    return out;
  }

  /** Whether one of the criteria takes the session in. */
  static boolean eligible(List<MarkCriteria> criteria, SessionState s) {
    for (MarkCriteria c : criteria) {
      if (c.matches(s)) {
        return true;
      }
    }
    return false;
  }

  /** The sessions a plan would cover if it were deployed now: a read-only set query. */
  long estimate(MigrationPlan plan) {
    return Arrays.stream(engine.sessions.countEligible(markCriteria(plan, engine.clock.instant(), 100))).sum();
  }

  /**
   * The sessions a plan has still to settle: those it marked (a marker written by an older version of the library, or
   * a session that waits for the customer) and, while it is the deployment covering its source version, those it
   * covers and has not judged yet. Read-only.
   */
  long pendingOf(MigrationPlan p) {
    return engine.sessions.countMarked(p.tenantId(), p.id()) + notJudged(coverage(p));
  }

  /**
   * Takes a plan's sessions out of its migration: removes its markers, and counts with them the sessions it covers and
   * has not judged yet (they need no write: the plan stops covering them with the status change that follows).
   */
  long release(MigrationPlan p) {
    // (a forced purge deletes the source version first)
    return notJudged(coverage(p, false)) + engine.sessions.unmark(p.tenantId(), p.id());
  }

  /** How many sessions the criteria of a plan's coverage take in ({@code null}: none covered). */
  private long notJudged(List<MarkCriteria> coverage) {
    return coverage == null ? 0 : Arrays.stream(engine.sessions.countEligible(coverage)).sum();
  }

  /**
   * The criteria of the sessions a plan covers and has not judged yet ({@link SessionStore#countEligible}), or
   * {@code null} when it covers none now: it never started covering sessions, or it is not the deployment of its
   * source version any more.
   */
  List<MarkCriteria> coverage(MigrationPlan p) {
    return coverage(p, true);
  }

  private List<MarkCriteria> coverage(MigrationPlan p, boolean stored) {
    // (its source version current again, after makeCurrent: its sessions are up to date, nothing is judged)
    if (p.markedAt() != null && (p.status() == PlanStatus.DEPLOYED || p.status() == PlanStatus.SUPERSEDED)
        && engine.scenarios.readCurrentVersion(p.tenantId(), p.scenarioId()) != p.fromVersion()
        && (!stored || engine.scenarios.versions(p.tenantId(), p.scenarioId()).contains(p.fromVersion()))) {
      MigrationPlan covering = PlanCatalogue.indexByFromVersion(engine.plans.forScenario(p.tenantId(), p.scenarioId()))
          .get(p.fromVersion());
      if (covering != null && covering.id().equals(p.id())) {
        return markCriteria(p, p.markedAt(), p.rolloutPercent(), p.coverageGeneration());
      }
    }
    return null;
  }
}
