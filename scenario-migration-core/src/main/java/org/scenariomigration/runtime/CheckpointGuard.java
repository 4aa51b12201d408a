package org.scenariomigration.runtime;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.scenario.TransformationMap;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;

/**
 * The checkpoint guard every move goes through ({@link #checkpointViolation}): no move may re-run or contradict a
 * checkpoint the session passed, or land it past one it never passed. Package-private.
 */
final class CheckpointGuard {
  private final MigrationConfig config;
  private final java.util.function.Function<SessionState, Visits> visits;

  CheckpointGuard(MigrationConfig config, java.util.function.Function<SessionState, Visits> visits) {
    this.config = config;
    this.visits = visits;
  }

  private Visits visits(SessionState s) {
    return visits.apply(s);
  }

  /**
   * The checkpoint guard every move goes through: {@code null} when a teleport of {@code s} to {@code target} of
   * {@code to} is safe, else the warning. A move is refused when a checkpoint the session passed would run again
   * (it can reach the checkpoint from the target but could not from where it was), when a re-route would contradict
   * one (its counterpart is not upstream of the target), and when the target lies past a checkpoint of the new
   * version that the session never passed (the checkpoint is on every path to the target, and neither it nor the
   * source step {@code map} matches it to is in the session's history).
   */
  String checkpointViolation(SessionState s, ScenarioVersion from, ScenarioVersion to, String target,
      boolean reroute, TransformationMap map) {
    if (!config.blockTeleportPastCheckpoint()) {
      return null;
    }
    Set<String> checked = null; // allocated at the first checkpoint: most histories have none
    String currentHash = null;
    Visits h = visits(s);
    for (StepVisit visit : h.byFirstVisit()) {
      if (!visit.checkpoint()) {
        continue;
      }
      if (checked == null) {
        checked = new java.util.HashSet<>();
        currentHash = currentHash(s, h, from);
      }
      if (!checked.add(visit.contentHash())) {
        continue;
      }
      boolean reachableBefore = false;
      if (from != null && from.step(s.currentStepId()).isPresent()) {
        for (Step c1 : from.stepsWithHash(visit.contentHash())) {
          reachableBefore |= from.canReach(s.currentStepId(), c1.id());
        }
      }
      List<Step> c2s = to.stepsWithHash(visit.contentHash());
      if (c2s.isEmpty() && map != null && !hasCounterpart(visit, from, map)) {
        return orphaned(s, visit, to);
      }
      boolean runAgain = false;
      boolean upstream = false;
      for (Step c2 : c2s) {
        boolean onTarget = c2.id().equals(target);
        runAgain |= (onTarget && !visit.contentHash().equals(currentHash)) || to.canReach(target, c2.id());
        upstream |= onTarget || to.canReach(c2.id(), target);
      }
      if (c2s.isEmpty() && from != null && map != null) {
        // the checkpoint is gone from the new version (deleted, or replaced by a step of other content): a move back
        // to where, in the old version, it still lay ahead would run its replacement again
        AnchorTransformation back = PlanCatalogue.anchorAt(map, target);
        if (back != null && from.step(back.fromStepId()).isPresent()) {
          for (Step c1 : from.stepsWithHash(visit.contentHash())) {
            runAgain |= from.canReach(back.fromStepId(), c1.id());
          }
        }
      }
      if (runAgain && !reachableBefore) {
        return "checkpoint '" + visit.stepName() + "' (" + visit.checkpointDescription() + ") passed by session '"
            + s.sessionId() + "' would run again after a teleport to '" + target + "' in version " + to.version();
      }
      if (reroute && !upstream) {
        return "checkpoint '" + visit.stepName() + "' (" + visit.checkpointDescription() + ") passed by session '"
            + s.sessionId() + "' would be contradicted by a re-route to '" + target + "' in version " + to.version();
      }
    }
    Set<String> visited = null;
    for (String id : to.dominatorsOf(target)) {
      Step c = to.requireStep(id);
      if (!c.checkpoint()) {
        continue;
      }
      if (visited == null) {
        visited = new java.util.HashSet<>();
        for (StepVisit v : h.byLastVisit()) {
          visited.add(v.contentHash());
        }
      }
      if (!passed(c, visited, map)) {
        return "checkpoint '" + c.name() + "' (" + c.checkpointDescription() + ") lies on every path to '" + target
            + "' in version " + to.version() + " but session '" + s.sessionId() + "' never passed it";
      }
    }
    return null;
  }

  private static String orphaned(SessionState s, StepVisit visit, ScenarioVersion to) {
    return "checkpoint '" + visit.stepName() + "' (" + visit.checkpointDescription() + ") passed by session '"
        + s.sessionId() + "' has no counterpart in version " + to.version() + " (by content, by edit or by"
        + " mapping); map it to its replacement to move such sessions";
  }

  /**
   * The guard's refusal for a checkpoint the session passed that has no counterpart in the move's target version, or
   * {@code null}; it does not depend on the target, so a move checks it before it asks anything.
   */
  String orphanedCheckpoint(SessionState s, ScenarioVersion from, ScenarioVersion to,
      TransformationMap map) {
    if (!config.blockTeleportPastCheckpoint() || map == null) {
      return null;
    }
    for (StepVisit visit : visits(s).byFirstVisit()) {
      if (visit.checkpoint() && to.stepsWithHash(visit.contentHash()).isEmpty()
          && !hasCounterpart(visit, from, map)) {
        return orphaned(s, visit, to);
      }
    }
    return null;
  }

  /**
   * Whether a passed checkpoint has a counterpart through the map: an anchor (edited or mapped) whose source step
   * had the visit's content hash, or that is the visited checkpoint's own step.
   */
  private static boolean hasCounterpart(StepVisit visit, ScenarioVersion from, TransformationMap map) {
    for (AnchorTransformation a : map.anchors()) {
      if (a.fromContentHash().equals(visit.contentHash())) {
        return true;
      }
      if (a.fromStepId().equals(visit.stepId()) && from != null
          && from.step(visit.stepId()).map(Step::checkpoint).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a session that visited the steps of these content hashes passed target-version checkpoint {@code c}. */
  private static boolean passed(Step c, Set<String> visited, TransformationMap map) {
    if (visited.contains(c.contentHash())) {
      return true;
    }
    if (map != null) {
      for (AnchorTransformation a : map.anchors()) {
        if (a.toStepId().equals(c.id()) && visited.contains(a.fromContentHash())) {
          return true;
        }
      }
    }
    return false;
  }

  private static String currentHash(SessionState s, Visits h, ScenarioVersion from) {
    if (from != null) {
      Optional<Step> st = from.step(s.currentStepId());
      if (st.isPresent()) {
        return st.get().contentHash();
      }
    }
    StepVisit last = h.lastOf(s.currentStepId());
    return last == null ? null : last.contentHash();
  }

  /** The name of a checkpoint the session reached at or after its migration to {@code migrated}, or null. */
  String checkpointPassedSince(SessionState now, SessionState migrated) {
    Visits h = visits(now);
    // the teleport target is the last visit of the migrated state. Reaching a checkpoint by a migration is not
    // passing it: the checkpoint it arrived on counts only once the session moved on from it (the host ran it)
    long from = Math.max(0, visits(migrated).visitCount() - 1);
    if (h.visitCount() <= from + 1) {
      return null;
    }
    StepVisit passed = h.checkpointSince(from);
    return passed == null ? null : passed.stepName();
  }
}
