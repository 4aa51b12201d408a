package org.scenariomigration.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.spi.MarkedPage;

/**
 * Eager batch migration: a deployed plan applied now to the sessions it has still to settle, page by page.
 * Package-private: {@link MigrationOperations#migrateNow} is its surface.
 */
final class BatchMigration {
  private final Engine engine;
  private final Coverage coverage;

  BatchMigration(Engine engine, Coverage coverage) {
    this.engine = engine;
    this.coverage = coverage;
  }

  BatchReport migrateNow(String tenantId, String planId, int batchSize, Consumer<BatchReport> progress) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1 but was " + batchSize);
    }
    MigrationPlan p = engine.plan(tenantId, planId);
    if (p.status() != PlanStatus.DEPLOYED) {
      throw new IllegalPlanStatusException(planId, "batch-migrate", p.status(), "deployed");
    }
    long processed = 0;
    long migrated = 0;
    long blocked = 0;
    long waiting = 0;
    long other = 0;
    int batches = 0;
    Map<String, Long> byOutcome = new TreeMap<>();
    String after = null;
    BatchReport report = new BatchReport(planId, 0, 0, 0, 0, 0, 0);
    DeferredEffects fx = new DeferredEffects(engine.reconciler.liveEffects(false), engine.sessions, engine.visits);
    // the sessions it marked and those it covers and has not judged yet, claimed page by page by query
    List<MarkCriteria> covered = coverage.coverage(p);
    while (engine.mode(tenantId) != MigrationMode.OFF) {
      String from = after;
      // with the visit log on, a page and the visits it makes are one unit of work
      Applied applied = engine.visits.page(() -> {
        try (MarkedPage claimed = covered == null ? engine.sessions.claimMarked(tenantId, planId, from, batchSize)
            : engine.sessions.claimEligible(covered, from, batchSize)) {
          List<SessionState> claimedSessions = claimed.sessions();
          if (claimedSessions.isEmpty()) {
            return null;
          }
          fx.page(claimed);
          try {
            return new Applied(claimedSessions, applyPage(claimedSessions, fx));
          } finally {
            fx.page(null);
          }
        }
      });
      if (applied == null) {
        break;
      }
      List<SessionState> page = applied.page();
      List<Outcome> outcomes = applied.outcomes();
      after = page.get(page.size() - 1).sessionId();
      List<BatchReport.Item> items = new ArrayList<>(outcomes.size());
      for (int i = 0; i < outcomes.size(); i++) {
        Outcome o = outcomes.get(i);
        items.add(new BatchReport.Item(page.get(i).sessionId(), o));
        byOutcome.merge(BatchReport.key(o), 1L, Long::sum);
        processed++;
        if (o.blockedByCheckpoint()) {
          blocked++;
        } else if (o instanceof Outcome.Teleport || o instanceof Outcome.ExecuteActions) {
          migrated++;
        } else if (o instanceof Outcome.Collect || o instanceof Outcome.Confirm) {
          waiting++;
        } else {
          other++;
        }
      }
      batches++;
      report = new BatchReport(planId, processed, migrated, blocked, waiting, other, batches, byOutcome, items);
      progress.accept(report);
    }
    return report;
  }

  /** A page of eager batch migration and its outcomes. */
  private record Applied(List<SessionState> page, List<Outcome> outcomes) {}

  /**
   * Applies a page of marked sessions as {@link Reconciler#reconcileSlow} does one, inside the page's claim, their
   * commits written together with {@link MarkedPage#commitAll}, which ends the claim: a session whose commit fails its
   * revision check (a message got there first) is applied again on its own from the state stored now. Events follow
   * stored commits only. When a session fails, the commits held back before it are written before the failure is
   * thrown.
   */
  private List<Outcome> applyPage(List<SessionState> page, DeferredEffects fx) {
    List<Outcome> outcomes = new ArrayList<>(page.size());
    List<Integer> held = new ArrayList<>(); // page index of each held-back commit
    try {
      for (SessionState s : page) {
        fx.begin();
        outcomes.add(engine.reconciler.reconcileSlow(s, fx));
        if (fx.committed()) {
          held.add(outcomes.size() - 1);
        }
      }
    } catch (RuntimeException e) {
      try {
        fx.flush();
      } catch (RuntimeException f) {
        e.addSuppressed(f);
      }
      throw e;
    }
    List<Boolean> stored = fx.flush();
    for (int k = 0; k < stored.size(); k++) {
      if (!stored.get(k)) {
        int i = held.get(k);
        // the held-back commit's state is stale: apply again from the state stored now
        outcomes.set(i, engine.reconciler.applyMarkedAfresh(page.get(i).tenantId(), page.get(i).sessionId()));
      }
    }
    return outcomes;
  }
}
