package org.scenariomigration.scenario;

import java.util.BitSet;
import java.util.List;

/**
 * Classifies each anchor: the changes on both of its sides ({@link ChangeSets}), then its class: a re-route when a new
 * or changed fork upstream can divert a session away from it, else a gap fill when a step inserted upstream (or
 * edited there) collects required fields, asks for a required action or is a new checkpoint, else a clean graft; and
 * its checkpoint conflicts ({@link CheckpointConflicts}).
 */
final class AnchorClassifier extends DiffPhase {
  private final ChangeSets changes;
  private final CheckpointConflicts conflicts;

  AnchorClassifier(Matching m, ChangeSets changes, CheckpointConflicts conflicts) {
    super(m);
    this.changes = changes;
    this.conflicts = conflicts;
  }

  /** The transformation of the anchor that pairs source step {@code a1} with target step {@code a2}. */
  AnchorTransformation anchor(int a1, int a2) {
    Step from = s1.get(a1);
    Step to = s2.get(a2);
    BitSet up1 = upstream(r1, v1, a1);
    BitSet up2 = upstream(r2, v2, a2);
    ChangeSet upstream = changes.upstream(a1, a2, up1, up2);
    ChangeSet downstream = changes.downstream(a1, a2);
    MigrationScenario scenario = MigrationScenario.CLEAN_GRAFT;
    for (NewFork f : upstream.newForks()) {
      if (f.canDivert()) {
        scenario = MigrationScenario.RE_ROUTE;
      }
    }
    if (scenario == MigrationScenario.CLEAN_GRAFT) {
      for (InsertedNode n : upstream.insertedNodes()) {
        // a new checkpoint upstream is a gap too: the run time checks whether the session came its way
        if (!n.collectsFields().isEmpty() || n.requiredAction() || s2.get(g2.index.get(n.nodeId())).checkpoint()) {
          scenario = MigrationScenario.GAP_FILL;
        }
      }
      for (InsertedNode n : upstream.editedNodes()) {
        if (!n.collectsFields().isEmpty() || n.requiredAction()) {
          scenario = MigrationScenario.GAP_FILL;
        }
      }
    }
    List<CheckpointConflict> found = conflicts.of(a1, a2, up1, upstream);
    return new AnchorTransformation(to.contentHash(), to.name(), from.id(), from.contentHash(), to.id(), scenario,
        upstream, downstream, found, m.manual(a1), m.identity(a1));
  }

  /**
   * The steps upstream of {@code a}: its ancestors, less the steps it dominates. A step every path to which passes
   * through {@code a} (a retry loop back to it, a fork behind it) comes after it, not before, however the loop leads
   * back: a session waiting at {@code a} has not been there. Only steps on a cycle through {@code a} can be both, so
   * only those are checked.
   */
  private static BitSet upstream(ReachTable r, ScenarioVersion v, int a) {
    BitSet up = r.ancestors(a);
    BitSet out = null;
    BitSet loop = (BitSet) up.clone();
    loop.and(r.descendants(a));
    Dominators d = null;
    if (!loop.isEmpty()) {
      out = (BitSet) up.clone();
      d = v.dominators();
      for (int x = loop.nextSetBit(0); x >= 0; x = loop.nextSetBit(x + 1)) {
        if (d.dominates(a, x)) {
          out.clear(x);
        }
      }
    }
    // a step on a retry loop's way back, before the anchor: it returns to a step that dominates it (the loop's head,
    // or a step before it) and reaches the anchor only through that step again. A session at the anchor left the loop
    // through its head; the way back lies behind it only if it retried, which its own history says at run time
    BitSet cyclic = new BitSet();
    BitSet src = out == null ? up : out;
    for (int x = src.nextSetBit(0); x >= 0; x = src.nextSetBit(x + 1)) {
      if (r.descendants(x).get(x)) {
        cyclic.set(x);
      }
    }
    if (cyclic.isEmpty() || (long) cyclic.cardinality() * v.graph.size() > 20_000_000L) {
      return out == null ? up : out;
    }
    out = out == null ? (BitSet) up.clone() : out;
    d = d == null ? v.dominators() : d;
    for (int x = cyclic.nextSetBit(0); x >= 0; x = cyclic.nextSetBit(x + 1)) {
      for (int h = d.immediate(x); h != -1; h = d.immediate(h)) {
        if (h != a && r.descendants(x).get(h) && !reachesAvoiding(v.graph, x, a, h)) {
          out.clear(x);
          break;
        }
      }
    }
    return out;
  }

  /** Whether {@code to} is reachable from {@code from} in {@code g} without entering {@code avoid}. */
  private static boolean reachesAvoiding(Graph g, int from, int to, int avoid) {
    BitSet seen = new BitSet(g.size());
    int[] queue = new int[g.size()];
    int head = 0;
    int tail = 0;
    queue[tail++] = from;
    seen.set(from);
    while (head < tail) {
      for (int u : g.succ[queue[head++]]) {
        if (u == to) {
          return true;
        }
        if (u != avoid && !seen.get(u)) {
          seen.set(u);
          queue[tail++] = u;
        }
      }
    }
    return false;
  }
}
