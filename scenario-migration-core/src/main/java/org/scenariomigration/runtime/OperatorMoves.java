package org.scenariomigration.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.SessionStore;

/**
 * Operator moves ({@link MigrationOperations#moveSession}, {@link MigrationOperations#moveSessions}): the arguments
 * checked before anything is read or written, the sessions a query takes read page by page, each moved by the
 * {@link OperatorMove}. A real move runs in one transaction of the unit of work, when there is one. The move of one
 * session is one atomic commit; a query move is an operator change of the scenario ({@link Engine#change}): when it
 * fails part-way without a unit of work, the scenario stays held and the same call again completes it (a session moved
 * already answers {@link MoveReport.Status#UNCHANGED}, or no longer matches the query). A dry run takes no gate and
 * writes nothing. Package-private.
 */
final class OperatorMoves {
  /** Sessions read per page of a query move. */
  static final int PAGE = SessionStore.DEFAULT_PAGE;

  private final Engine engine;

  OperatorMoves(Engine engine) {
    this.engine = engine;
  }

  MoveReport moveSession(String tenantId, String sessionId, int version, String stepId, String movedBy,
      boolean dryRun) {
    Ids.require(IdKind.STEP, stepId);
    SessionState s = engine.session(tenantId, sessionId);
    ScenarioVersion to = engine.requireVersion(tenantId, s.scenarioId(), version);
    if (to.step(stepId).isEmpty()) {
      throw new UnknownStepException(tenantId, s.scenarioId(), version, stepId, sessionId);
    }
    return run(tenantId, s.scenarioId(), to, stepId, movedBy, dryRun, false, fx -> {
      SessionState now = dryRun ? s : engine.session(tenantId, sessionId);
      return List.of(moveOne(now, to, stepId, movedBy, fx, offReason(tenantId)));
    });
  }

  MoveReport moveSessions(String tenantId, SessionQuery query, int version, String stepId, String movedBy,
      boolean dryRun) {
    Engine.requireTenant(tenantId);
    Ids.require(IdKind.STEP, stepId);
    String scenario = query.scenarioId();
    ScenarioVersion to = engine.requireVersion(tenantId, scenario, version);
    if (to.step(stepId).isEmpty()) {
      throw new UnknownStepException(tenantId, scenario, version, stepId);
    }
    Instant now = engine.clock.instant();
    return run(tenantId, scenario, to, stepId, movedBy, dryRun, true, fx -> {
      String off = offReason(tenantId);
      List<Integer> versions = query.version() != null ? List.of(query.version())
          : engine.scenarios.versions(tenantId, scenario).stream().sorted().toList();
      List<MoveReport.Item> items = new ArrayList<>();
      Set<String> taken = new HashSet<>(); // a session moved onto a later version of the loop is not taken again
      for (int v : versions) {
        String after = null;
        while (true) {
          List<SessionState> page = engine.sessions.findAtVersion(tenantId, scenario, v, after, PAGE);
          for (SessionState s : page) {
            if (query.matches(s, now) && taken.add(s.sessionId())) {
              items.add(moveOne(s, to, stepId, movedBy, fx, off));
            }
          }
          if (page.size() < PAGE) {
            break;
          }
          after = page.get(page.size() - 1).sessionId();
        }
      }
      return items;
    });
  }

  /** Why nothing is moved while migration is off for the tenant (the kill switch), or {@code null}. */
  private String offReason(String tenantId) {
    return engine.mode(tenantId) == MigrationMode.OFF ? "migration is off for tenant '" + tenantId
        + "': nothing is moved, and a moved session's reconcile could not hand the host its teleport" : null;
  }

  /** The work of a move: the items, given the effects to move with. */
  @FunctionalInterface
  private interface Work {
    List<MoveReport.Item> apply(Effects fx);
  }

  private MoveReport run(String tenantId, String scenarioId, ScenarioVersion to, String stepId, String movedBy,
      boolean dryRun, boolean gate, Work work) {
    List<MoveReport.Item> items;
    if (dryRun) {
      items = work.apply(engine.reconciler.dryRunEffects());
    } else if (!gate) {
      items = engine.atomically(() -> work.apply(engine.reconciler.liveEffects(false)));
    } else {
      String operation = "move of sessions to step '" + stepId + "' of version " + to.version();
      items = engine.atomically(() -> engine.change(tenantId, scenarioId, operation,
          () -> work.apply(engine.reconciler.liveEffects(false))));
    }
    return new MoveReport(dryRun, scenarioId, to.version(), stepId, movedBy, items);
  }

  /** One session, tried again from what is stored when a message wrote it first. */
  private MoveReport.Item moveOne(SessionState first, ScenarioVersion to, String stepId, String movedBy, Effects fx,
      String off) {
    if (off != null) {
      return new MoveReport.Item(first.sessionId(), MoveReport.Status.REFUSED, off, null, List.of());
    }
    return Retries.onConcurrentUpdate(attempt -> {
      SessionState s = attempt == 1 ? first : engine.session(first.tenantId(), first.sessionId());
      return engine.reconciler.mover().move(s, to, stepId, movedBy, fx);
    });
  }
}
