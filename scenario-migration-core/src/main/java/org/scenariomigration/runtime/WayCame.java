package org.scenariomigration.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.NewFork;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;

/**
 * The way a session came to the anchor it is at, read from its history: which new forks and new steps of the target
 * version lie on it (they count for gap fill, re-routes and owed actions; a step on another branch does not), and the
 * target-version counterpart of a visited step. Package-private.
 */
final class WayCame {
  private final PlanCatalogue catalogue;
  private final java.util.function.Function<SessionState, Visits> visits;

  WayCame(PlanCatalogue catalogue, java.util.function.Function<SessionState, Visits> visits) {
    this.catalogue = catalogue;
    this.visits = visits;
  }

  private Visits visits(SessionState s) {
    return visits.apply(s);
  }

  /**
   * The new upstream forks of a re-route anchor that count for this session. A fork whose branches changed counts only
   * if the session passed it (its history holds a visit of the fork's source step). A new fork counts only if it lies
   * on the way the session came: between two anchors it visited one after the other (the last of them the anchor it
   * is at), reachable from the first and reaching the second. A session whose history names no earlier anchor counts
   * every new fork.
   */
  List<NewFork> counting(List<NewFork> forks, Move move, AnchorTransformation anchor) {
    if (forks.isEmpty()) {
      return forks;
    }
    SessionState s = move.session();
    List<NewFork> out = new ArrayList<>(forks.size());
    List<String[]> path = null;
    for (NewFork f : forks) {
      boolean counts;
      if (f.fromStepId() != null) {
        counts = visits(s).visited(f.fromStepId());
      } else {
        if (path == null) {
          path = wayCame(s, move, anchor.toStepId());
        }
        counts = onTheWay(path, f.forkStepId(), move.to());
      }
      if (counts) {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * Whether step {@code id} of {@code to} lies on the way the session came: between two anchors of its path, one
   * after the other, reachable from the first and reaching the second without passing the first again (a retry loop
   * back through the first is not the way the session went). A session that came to its anchor from no other anchor
   * tells nothing: every step counts.
   */
  static boolean onTheWay(List<String[]> pairs, String id, ScenarioVersion to) {
    if (pairs.isEmpty()) {
      return true;
    }
    for (String[] pair : pairs) {
      String p = pair[0];
      String q = pair[1];
      // both legs avoid the other end: a detour through the next anchor and back is not the way the session went
      if (!id.equals(p) && (id.equals(q) || (reachesAvoiding(to, p, id, q) && reachesAvoiding(to, id, q, p)))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code to} can be reached from {@code from} in {@code v} on a path that does not enter {@code avoid}. */
  private static boolean reachesAvoiding(ScenarioVersion v, String from, String to, String avoid) {
    ArrayDeque<String> queue = new ArrayDeque<>();
    Set<String> seen = new java.util.HashSet<>();
    queue.add(from);
    seen.add(from);
    while (!queue.isEmpty()) {
      for (String next : v.successors(queue.poll())) {
        if (next.equals(to)) {
          return true;
        }
        if (!next.equals(avoid) && seen.add(next)) {
          queue.add(next);
        }
      }
    }
    return false;
  }

  /**
   * The legs of the way the session came, as pairs of anchors of the target version {@code [p, q]}: the session went
   * from a step whose counterpart is {@code p} to one whose counterpart is {@code q} directly or through steps that
   * have none (the step it is at counts as {@code at}). Read from which step each visit came from, not from the order
   * of all visits, so that a bounded history answers it: a visit graph can join two legs that one walk never did,
   * which counts a fork more, never less.
   */
  List<String[]> wayCame(SessionState s, Move move, String at) {
    Visits h = visits(s);
    List<StepVisit> entries = h.byLastVisit();
    Map<StepVisit, String> anchors = new java.util.IdentityHashMap<>();
    for (StepVisit e : entries) {
      String c = counterpart(e, move);
      anchors.put(e, c == null ? "" : c);
    }
    List<String[]> pairs = new ArrayList<>();
    Set<String> seenPairs = new java.util.HashSet<>();
    for (StepVisit b : entries) {
      if (!anchors.get(b).isEmpty()) {
        legsInto(h, b, anchors.get(b), anchors, pairs, seenPairs);
      }
    }
    // the last visit is the session's arrival at the anchor it is at: a leg into it, whatever the counterpart of its
    // step's earlier visits (none, for a step the new version deleted: they are passed through like any other)
    if (!entries.isEmpty()) {
      legsInto(h, entries.get(entries.size() - 1), at, anchors, pairs, seenPairs);
    }
    return pairs;
  }

  /**
   * Adds the legs {@code [p, q]} that end at entry {@code b}: walking back from it through entries with no
   * counterpart, each entry with one ({@code p}, not {@code q}) begins one.
   */
  private static void legsInto(Visits h, StepVisit b, String q, Map<StepVisit, String> anchors, List<String[]> pairs,
      Set<String> seenPairs) {
    ArrayDeque<StepVisit> back = new ArrayDeque<>(h.cameFrom(b));
    Set<StepVisit> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    while (!back.isEmpty()) {
      StepVisit a = back.poll();
      if (!seen.add(a)) {
        continue;
      }
      String p = anchors.getOrDefault(a, "");
      if (p.isEmpty()) {
        back.addAll(h.cameFrom(a)); // a step with no counterpart: the leg goes on through it
      } else if (!p.equals(q) && seenPairs.add(p + '\u0000' + q)) {
        pairs.add(new String[] {p, q});
      }
    }
  }

  /**
   * The target-version step of a visit: through the map's anchor when the visit was of the source version, else the
   * one target step with its content hash; {@code null} when there is none (or twins make it ambiguous).
   */
  String counterpart(StepVisit visit, Move move) {
    if (move.map() != null && move.from() != null) {
      Step was = move.from().step(visit.stepId()).orElse(null);
      if (was != null && was.contentHash().equals(visit.contentHash())) {
        AnchorTransformation a = catalogue.anchorIndex(move.map()).get(visit.stepId());
        return a == null ? null : a.toStepId();
      }
    }
    List<Step> matches = move.to().stepsWithHash(visit.contentHash());
    return matches.size() == 1 ? matches.get(0).id() : null;
  }
}
