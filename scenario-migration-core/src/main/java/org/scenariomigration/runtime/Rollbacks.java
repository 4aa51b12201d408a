package org.scenariomigration.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.JournalRecord;

/**
 * Rolling back a deployed plan: its sessions released, those it moved marked to go back, the source version current
 * again. Package-private: {@link MigrationOperations#rollback} is its surface.
 */
final class Rollbacks {
  /** Sessions read per page when a repeated rollback lists the sessions still marked for it. */
  private static final int MARKED_PAGE = 1000;

  private final Engine engine;
  private final Coverage coverage;

  Rollbacks(Engine engine, Coverage coverage) {
    this.engine = engine;
    this.coverage = coverage;
  }

  RollbackReport rollback(String tenantId, String planId) {
    return engine.atomically(() -> {
      MigrationPlan p = engine.plan(tenantId, planId);
      String operation = "rollback of plan '" + planId + "'";
      boolean resume = engine.resuming(tenantId, p.scenarioId(), operation);
      if (!resume && p.status() == PlanStatus.ROLLED_BACK
          && engine.scenarios.readCurrentVersion(tenantId, p.scenarioId()) == p.fromVersion()) {
        return rolledBack(tenantId, p); // this call again: it took effect
      }
      if (p.status() != PlanStatus.DEPLOYED && !(resume && p.status() == PlanStatus.ROLLED_BACK)) {
        throw new IllegalPlanStatusException(planId, "roll back", p.status(), "deployed");
      }
      return engine.change(tenantId, p.scenarioId(), operation, () -> rollBack(tenantId, p));
    });
  }

  /** The report of a rollback that took effect already; reads only. */
  private RollbackReport rolledBack(String tenantId, MigrationPlan p) {
    List<String> restore = new ArrayList<>();
    String after = null;
    while (true) {
      List<SessionState> page = engine.sessions.findMarked(tenantId, p.id(), after, MARKED_PAGE);
      for (SessionState s : page) {
        if (s.pending() != null && s.pending().rollback()) {
          restore.add(s.sessionId());
        }
      }
      if (page.size() < MARKED_PAGE) {
        break;
      }
      after = page.get(page.size() - 1).sessionId();
    }
    return new RollbackReport(p.id(), 0, restore, List.of(), p.fromVersion(), engine.clock.instant(), Map.of());
  }

  private RollbackReport rollBack(String tenantId, MigrationPlan p) {
    String planId = p.id();
    Instant now = engine.clock.instant();
    // Order matters, and every step can be repeated, so a rollback that fails part-way can simply be retried (the
    // scenario stays held by it, so no reconcile acts on it half-done):
    // 1. remove the pending markers: no new migration by this plan can commit after this (revisions changed); the
    // sessions it covers and has not judged yet need nothing (counted as removed markers, as marking counted them)
    long unmarked = coverage.release(p);
    // 2. read the journal only now, so that a migration that committed just before step 1 is included;
    Map<String, JournalRecord> latest = new LinkedHashMap<>();
    for (JournalRecord r : engine.journal.forPlan(tenantId, planId)) {
      if (r.kind() != JournalRecord.Kind.HOST_FAILURE) { // a report about the session, not a move of it
        latest.put(r.sessionId(), r);
      }
    }
    // 3. mark the migrated sessions for restoration (or keep, pinned, those past a checkpoint);
    List<String> restore = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    Map<String, List<String>> variableConflicts = new LinkedHashMap<>();
    Map<String, java.util.Optional<MigrationPlan>> plansRead = new java.util.HashMap<>(); // for undoing mappings
    for (JournalRecord r : latest.values()) {
      if (r.kind() != JournalRecord.Kind.MIGRATED && r.kind() != JournalRecord.Kind.RELOCATED) {
        continue; // rolled back already, or never moved (pinned, blocked, exited): the source version is current again
      }
      Retries.onConcurrentUpdate(attempt -> {
        SessionState s = engine.sessions.find(tenantId, r.sessionId()).orElse(null);
        if (s == null || s.end() != null) {
          return null; // gone, or ended: an ended session is never moved again
        }
        if (s.pending() != null && s.pending().rollback() && s.pending().planId().equals(planId)) {
          restore.add(s.sessionId()); // marked by an earlier attempt of this rollback
          return null;
        }
        if (engine.reconciler.checkpointPassedSince(s, r.after()) != null) {
          // it stays where it is: pinned, or relocation would move it back to the source version anyway
          engine.sessions.update(s.withPinned(true), s.revision());
          kept.add(s.sessionId());
          return null;
        }
        engine.sessions.update(s.withPending(PendingMigration.rollback(planId, p.fromVersion(), now)), s.revision());
        restore.add(s.sessionId());
        List<String> conflicts = Restorer.variableConflicts(r.before(), s.withVariablesReplaced(MappingApplier.undo(
            MappingApplier.appliedBy(r, id -> plansRead.computeIfAbsent(id, k -> engine.plans.find(tenantId, k))),
            r, s)));
        if (!conflicts.isEmpty()) {
          variableConflicts.put(s.sessionId(), conflicts);
        }
        return null;
      });
    }
    // 4. the source version is current again; 5. and only then is the plan rolled back.
    engine.scenarios.setCurrentVersion(tenantId, p.scenarioId(), p.fromVersion());
    if (p.status() == PlanStatus.DEPLOYED) {
      engine.plans.replace(p.withStatus(PlanStatus.ROLLED_BACK), PlanStatus.DEPLOYED);
    }
    engine.reconciler.publish(new MigrationEvent.PlanRolledBack(tenantId, planId, restore.size(), now));
    return new RollbackReport(planId, unmarked, restore, kept, p.fromVersion(), now, variableConflicts);
  }
}
