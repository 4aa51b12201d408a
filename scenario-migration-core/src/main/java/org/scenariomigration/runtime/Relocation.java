package org.scenariomigration.runtime;

import java.util.ArrayList;
import java.util.List;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.DeletedStep;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.TransformationMap;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;

/**
 * Relocation: where a session goes when no plan's anchor takes it. Without a plan (the version was made current
 * directly, a chain is broken, or the source version was purged) the versions are diffed as a plan would diff them;
 * at a step the new version lacks, the session goes to the plan's target for the deleted step, else back to the
 * anchors it visited, most recent first, the first target the {@link CheckpointGuard} accepts winning. Strict mode
 * forbids relocation. Package-private.
 */
final class Relocation {
  private final MigrationConfig config;
  private final Modes modes;
  private final PlanCatalogue catalogue;
  private final CheckpointGuard guard;
  private final WayCame way;
  private final GapFill gaps;
  private final MoveWriter writer;
  private final java.util.function.Function<SessionState, Visits> visits;
  private final UncoveredChoices uncovered;

  Relocation(MigrationConfig config, Modes modes, PlanCatalogue catalogue, CheckpointGuard guard, WayCame way,
      GapFill gaps, MoveWriter writer, java.util.function.Function<SessionState, Visits> visits,
      UncoveredChoices uncovered) {
    this.uncovered = uncovered;
    this.config = config;
    this.modes = modes;
    this.catalogue = catalogue;
    this.guard = guard;
    this.way = way;
    this.gaps = gaps;
    this.writer = writer;
    this.visits = visits;
  }

  private Visits visits(SessionState s) {
    return visits.apply(s);
  }

  /**
   * Relocation, unless strict mode forbids it or the scenario's {@link UncoveredAction} says otherwise
   * ({@link UncoveredMoves}).
   */
  Outcome relocateOrStrict(SessionState s, Facts facts, SessionState stored, Effects fx) {
    int current = facts.current();
    SessionState base = stored.revision() == s.revision() ? s : s.withRevision(stored.revision());
    if (modes.modeFor(s.tenantId()) == MigrationMode.STRICT) {
      if (config.strictAction() == MigrationConfig.StrictAction.EXCEPTION) {
        throw new StrictModeException(s.tenantId(), s.sessionId(), s.scenarioId(), s.version(), current);
      }
      return writer.exit(new Move(base, null, null, null, List.of(), null, facts.deployment()),
          "strict mode: no deployed plan covers version " + s.version() + " of session '" + s.sessionId() + "'", fx);
    }
    UncoveredAction action = uncovered.actionFor(s.tenantId(), s.scenarioId());
    if (action != UncoveredAction.MIGRATE) {
      return UncoveredMoves.apply(action, base, facts, catalogue, guard, gaps, writer, fx);
    }
    return relocateWithoutPlan(base, facts, fx);
  }

  /**
   * Relocation without a plan (the version was made current directly, the plan chain is broken, or the source version
   * was purged): the versions are diffed as a plan would diff them, so a session at a step both versions share moves
   * as a planned migration at that anchor would (gap fill, re-route, required actions, checkpoint guard); a session
   * at a step the new version lacks is relocated as a deleted step of a plan is.
   */
  private Outcome relocateWithoutPlan(SessionState s, Facts facts, Effects fx) {
    Move move = withoutPlan(s, facts, catalogue);
    if (move == null) {
      return Outcome.CONTINUE;
    }
    ScenarioVersion from = move.from();
    ScenarioVersion to = move.to();
    TransformationMap map = move.map();
    AnchorTransformation anchor = map == null ? null : catalogue.anchorIndex(map).get(s.currentStepId());
    if (anchor != null && guard.checkpointViolation(s, from, to, anchor.toStepId(), false, map) == null) {
      return gaps.moveAt(move, anchor.toStepId(), anchor, anchor.migrationScenario(), JournalRecord.Kind.RELOCATED, fx);
    }
    return relocate(move, map == null ? null : map.deletedStep(s.currentStepId()).orElse(null), fx);
  }

  /**
   * A move of {@code s} to the current version with no plan: the versions diffed as a plan would diff them (no map
   * when its own version is gone); {@code null} when the current version is gone.
   */
  static Move withoutPlan(SessionState s, Facts facts, PlanCatalogue catalogue) {
    String t = s.tenantId();
    ScenarioVersion to = catalogue.version(t, s.scenarioId(), facts.current()).orElse(null);
    if (to == null) {
      return null;
    }
    ScenarioVersion from = catalogue.version(t, s.scenarioId(), s.version()).orElse(null);
    TransformationMap map = from == null ? null : catalogue.adHoc(t, from, to);
    return new Move(s, from, to, map, List.of(), null, facts.deployment());
  }

  /**
   * Relocates a session whose step has no anchor: to the plan's target for the deleted step, else back to the anchors
   * it visited, most recent first; the first target the checkpoint guard accepts wins, and the move fills its gaps as
   * any other does. When the guard refuses every target the session is kept where it is, as any checkpoint block
   * keeps it; when nothing in the new version matches where it was, it exits. Either way the journal says why.
   */
  Outcome relocate(Move move, DeletedStep deleted, Effects fx) {
    SessionState s = move.session();
    List<String> targets = new ArrayList<>();
    if (deleted != null && deleted.relocateToStepId() != null) {
      targets.add(deleted.relocateToStepId());
    }
    List<StepVisit> visited = visits(s).byLastVisit();
    for (int i = visited.size() - 1; i >= 0; i--) {
      String target = way.counterpart(visited.get(i), move);
      if (target != null && !targets.contains(target)) {
        targets.add(target);
      }
    }
    List<String> refused = new ArrayList<>();
    for (String target : targets) {
      String violation = null;
      if (deleted != null && target.equals(deleted.relocateToStepId())
          && deleted.relocation() == DeletedStep.Relocation.DOWNSTREAM) {
        List<String> lacking = new ArrayList<>();
        for (String f : deleted.crossedFields()) {
          if (GapFill.lookup(move.variables(), f) == null) {
            lacking.add(f);
          }
        }
        if (!lacking.isEmpty()) {
          violation = "moving session '" + s.sessionId() + "' forward to '" + target + "' in version "
              + move.to().version() + " would skip " + lacking + ", which it has not given";
        }
      }
      violation = violation != null ? violation
          : guard.checkpointViolation(s, move.from(), move.to(), target, false, move.map());
      if (violation == null) {
        AnchorTransformation anchor = move.map() == null ? null : PlanCatalogue.anchorAt(move.map(), target);
        return gaps.moveAt(move, target, anchor, anchor == null ? MigrationScenario.CLEAN_GRAFT
            : anchor.migrationScenario(), JournalRecord.Kind.RELOCATED, fx);
      }
      refused.add(violation);
    }
    if (refused.isEmpty()) {
      String why = "no step of version " + move.to().version() + " matches a step session '" + s.sessionId()
          + "' visited";
      if (move.from() == null || config.withoutSafeTarget() == MigrationConfig.NoSafeTargetAction.EXIT) {
        return writer.exit(move, why, fx);
      }
      return writer.pin(move, why + "; kept on version " + s.version()
          + " (relocation.without_safe_target = stay)", fx);
    }
    String why = "no safe place for session '" + s.sessionId() + "' in version " + move.to().version() + ": "
        + String.join("; ", refused);
    if (config.withoutSafeTarget() == MigrationConfig.NoSafeTargetAction.EXIT) {
      return writer.exit(move, why, fx);
    }
    return writer.block(move, null, List.of(), why, fx);
  }
}
