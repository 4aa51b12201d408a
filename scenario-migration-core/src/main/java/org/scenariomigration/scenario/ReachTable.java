package org.scenariomigration.scenario;

import java.util.BitSet;

/**
 * The reach sets of every step of one graph at once ({@link Graph#reachAll}), computed on first use, for plan
 * generation only. It costs O(steps²/64) words on a chain, so it lives as long as one {@link Differ} run and is never
 * kept by a {@link ScenarioVersion} or a plan. Not thread-safe.
 */
final class ReachTable {
  private final Graph graph;
  private BitSet[] descendants;
  private BitSet[] ancestors;

  ReachTable(Graph graph) {
    this.graph = graph;
  }

  /** Steps reachable from {@code i} through at least one transition (contains {@code i} only on a cycle). Read-only. */
  BitSet descendants(int i) {
    if (descendants == null) {
      descendants = Graph.reachAll(graph.succ, identity());
    }
    return descendants[i];
  }

  /** Steps from which {@code i} is reachable through at least one transition. Read-only. */
  BitSet ancestors(int i) {
    if (ancestors == null) {
      ancestors = Graph.reachAll(graph.pred, identity());
    }
    return ancestors[i];
  }

  private int[] identity() {
    int[] id = new int[graph.size()];
    for (int i = 0; i < id.length; i++) {
      id[i] = i;
    }
    return id;
  }
}
