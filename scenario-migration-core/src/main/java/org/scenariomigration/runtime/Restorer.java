package org.scenariomigration.runtime;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes a rolled-back plan's migration of one session, at its next message: back to the position and version of its
 * journaled before-state, keeping every variable it holds now (the plans' variable mappings undone), unless it passed
 * a checkpoint since. Package-private.
 */
final class Restorer {
  private static final Logger LOG = LoggerFactory.getLogger(ScenarioMigration.class);

  private final MigrationConfig config;
  private final JournalStore journal;
  private final Clock clock;
  private final PlanCatalogue catalogue;
  private final CheckpointGuard guard;
  private final MoveWriter writer;
  private final java.util.function.Function<SessionState, Visits> visits;
  private final org.scenariomigration.spi.PlanStore plans;

  Restorer(MigrationConfig config, JournalStore journal, Clock clock, PlanCatalogue catalogue, CheckpointGuard guard,
      MoveWriter writer, java.util.function.Function<SessionState, Visits> visits,
      org.scenariomigration.spi.PlanStore plans) {
    this.config = config;
    this.journal = journal;
    this.clock = clock;
    this.catalogue = catalogue;
    this.guard = guard;
    this.writer = writer;
    this.visits = visits;
    this.plans = plans;
  }

  private Visits visits(SessionState s) {
    return visits.apply(s);
  }

  /**
   * Undoes a rolled-back plan's migration unless a checkpoint was passed since: the session goes back to the
   * position and version of its journaled before-state and keeps every variable it holds now (what the customer gave
   * since the migration is never dropped; values that changed are named in the journal record's warning).
   */
  Outcome restore(SessionState s, PendingMigration m, Facts facts, Effects fx) {
    JournalRecord last = null;
    for (JournalRecord r : journal.forSession(s.tenantId(), s.sessionId())) {
      if (m.planId().equals(r.planId()) && r.kind() != JournalRecord.Kind.ROLLED_BACK
          && r.kind() != JournalRecord.Kind.HOST_FAILURE) {
        last = r;
      }
    }
    if (last == null) {
      fx.update(s.withPending(null), s.revision());
      return Outcome.CONTINUE;
    }
    String passed = guard.checkpointPassedSince(s, last.after());
    if (passed != null) {
      String warning = "checkpoint '" + passed + "' was passed after the migration of session '" + s.sessionId()
          + "' by plan '" + m.planId() + "': the rollback leaves it where it is";
      // stays: pinned, or relocation would move it
      SessionState after = s.withPending(null).withPin(facts.deployment());
      fx.commit(after, s.revision(), writer.record(s, after, m.planId(), JournalRecord.Kind.CHECKPOINT_BLOCKED, null,
          List.of(), warning));
      fx.publish(new MigrationEvent.CheckpointBlocked(s.tenantId(), s.sessionId(), m.planId(), warning,
          clock.instant()));
      return new Outcome.CheckpointBlocked(warning);
    }
    SessionState before = last.before();
    Instant now = clock.instant();
    StepVisit back = catalogue.version(s.tenantId(), s.scenarioId(), before.version())
        .flatMap(v -> v.step(before.currentStepId())).map(step -> StepVisit.of(step, now))
        .orElseGet(() -> lastVisitOf(visits(before), before, now));
    // back where the plan found it, unpinned (judged on arrival below), owing nothing; an end stays an end
    // the variables as the old version knew them: the plans' variable mappings undone (what was given since is kept)
    Map<String, Object> vars = MappingApplier.undo(MappingApplier.appliedBy(last,
        id -> plans.find(s.tenantId(), id)), last, s);
    SessionState back0 = s.toBuilder().version(before.version()).scenarioChecksum(before.scenarioChecksum())
        .variables(vars)
        .currentStepId(before.currentStepId()).history(s.historyWith(back)).pending(null).pinned(false).owed(null)
        .pinGeneration(0).build();
    SessionState restored = markedOnArrival(back0, facts, now);
    List<String> conflicts = variableConflicts(before, back0);
    String warning = conflicts.isEmpty() ? null : "variables changed since the migration are kept: "
        + String.join(", ", conflicts);
    fx.commit(restored, s.revision(), writer.record(s, restored, m.planId(), JournalRecord.Kind.ROLLED_BACK, null,
        List.of(), warning));
    fx.publish(new MigrationEvent.RolledBack(s.tenantId(), s.sessionId(), m.planId(), now));
    if (fx.writes() && config.logMigrations()) {
      fx.afterCommit(() -> LOG.info("rollback applied tenant={} session={} plan={} to={}@v{}", s.tenantId(),
          s.sessionId(), m.planId(), restored.currentStepId(), restored.version()));
    }
    return new Outcome.Teleport(restored.currentStepId(), restored.version(), Outcome.TeleportReason.ROLLBACK, null);
  }

  /**
   * A session that arrives on a version that a deployed plan covers (a rollback returns it there after a newer plan
   * was deployed from it) is marked as that plan's deploy would have marked it, had it been there: so that it migrates
   * on, or, left out, is pinned, as the sessions that were there are.
   */
  private SessionState markedOnArrival(SessionState arrived, Facts facts, Instant now) {
    PendingMigration m = facts.judge(arrived);
    return m == null ? arrived : arrived.withPending(m);
  }

  /** A visit of the before-state's step when its version is gone: copied from its history. */
  private static StepVisit lastVisitOf(Visits h, SessionState before, Instant now) {
    StepVisit v = h.lastOf(before.currentStepId());
    if (v != null) {
      return new StepVisit(v.stepId(), v.stepName(), v.contentHash(), now, v.checkpoint(),
          v.checkpointDescription());
    }
    throw new IllegalStateException("the journaled state of session '" + before.sessionId()
        + "' never visited its own step '" + before.currentStepId() + "'");
  }

  /**
   * The variables that a rollback keeps although the old version did not see them so: each variable of {@code now}
   * that {@code before} did not hold, or held with another value, as {@code name} (new) or {@code name (changed)}.
   */
  static List<String> variableConflicts(SessionState before, SessionState now) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : now.variables().entrySet()) {
      if (!before.variables().containsKey(e.getKey())) {
        out.add(e.getKey());
      } else if (!java.util.Objects.equals(before.variables().get(e.getKey()), e.getValue())) {
        out.add(e.getKey() + " (changed)");
      }
    }
    return out;
  }
}
