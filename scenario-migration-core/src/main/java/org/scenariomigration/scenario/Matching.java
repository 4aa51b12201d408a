package org.scenariomigration.scenario;

import org.scenariomigration.plan.InvalidPlanException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The two versions a {@link Differ} compares and which source step is paired with which target step: the state every
 * phase of the diff reads, and the matching phases ({@link HashMatching}, {@link EditPairing}) write. Steps are named
 * by their index in their version's step list; {@code m12[i]} is the target step paired with source step {@code i}
 * and {@code m21[j]} the source step paired with target step {@code j}, -1 when there is none.
 */
final class Matching {
  final ScenarioVersion v1;
  final ScenarioVersion v2;
  final Graph g1;
  final Graph g2;
  final ReachTable r1;
  final ReachTable r2;
  final List<Step> s1;
  final List<Step> s2;
  final int[] m12;
  final int[] m21;
  /** Source steps paired by an operator's mapping. */
  private final BitSet manual = new BitSet();
  /** Source steps paired as edited anchors, with the review's reason and score. */
  private final Map<Integer, AnchorIdentity> identities = new HashMap<>();

  Matching(ScenarioVersion v1, ScenarioVersion v2) {
    this.v1 = v1;
    this.v2 = v2;
    this.g1 = v1.graph;
    this.g2 = v2.graph;
    this.r1 = new ReachTable(g1);
    this.r2 = new ReachTable(g2);
    this.s1 = v1.steps();
    this.s2 = v2.steps();
    m12 = new int[g1.size()];
    m21 = new int[g2.size()];
    Arrays.fill(m12, -1);
    Arrays.fill(m21, -1);
  }

  /** Pairs the steps the operator's mappings name, before any matching by content. */
  void applyManual(List<StepMapping> mappings) {
    for (StepMapping m : mappings) {
      Integer i = g1.index.get(m.fromStepId());
      if (i == null) {
        throw new InvalidPlanException("manual_mappings.from_step_id", m.fromStepId(),
            "manual mapping names unknown source step '" + m.fromStepId()
            + "' of scenario '" + v1.scenarioId() + "' version " + v1.version());
      }
      Integer j = g2.index.get(m.toStepId());
      if (j == null) {
        throw new InvalidPlanException("manual_mappings.to_step_id", m.toStepId(),
            "manual mapping names unknown target step '" + m.toStepId()
            + "' of scenario '" + v2.scenarioId() + "' version " + v2.version());
      }
      if (m12[i] != -1) {
        throw new InvalidPlanException("manual_mappings.from_step_id", m.fromStepId(),
            "manual mappings map source step '" + m.fromStepId() + "' more than once");
      }
      if (m21[j] != -1) {
        throw new InvalidPlanException("manual_mappings.to_step_id", m.toStepId(),
            "manual mappings map target step '" + m.toStepId() + "' more than once");
      }
      pair(i, j);
      manual.set(i);
    }
  }

  void pair(int i, int j) {
    m12[i] = j;
    m21[j] = i;
  }

  /** Pairs source step {@code i} with target step {@code j} as an edited anchor, with the review's identity. */
  void pairEdited(int i, int j, AnchorIdentity identity) {
    pair(i, j);
    identities.put(i, identity);
  }

  boolean manual(int i) {
    return manual.get(i);
  }

  /** How source anchor {@code i} was matched: by an operator, as an edited step, or by its content hash. */
  AnchorIdentity identity(int i) {
    return manual.get(i)
        ? new AnchorIdentity(AnchorIdentity.Kind.MANUAL_MAPPING, 1.0, "mapped by an operator")
        : identities.getOrDefault(i, AnchorIdentity.CONTENT_HASH);
  }

  /**
   * The nearest anchored steps from {@code node} of graph {@code g} (walking back when {@code backwards}, through
   * unmatched steps), named by their target index so that the two sides compare.
   */
  TreeSet<Integer> nearestAnchors(Graph g, int node, boolean source, boolean backwards) {
    int[][] adj = backwards ? g.pred : g.succ;
    TreeSet<Integer> found = new TreeSet<>();
    BitSet seen = new BitSet(g.size());
    seen.set(node);
    int[] queue = new int[g.size()];
    int head = 0;
    int tail = 0;
    queue[tail++] = node;
    while (head < tail) {
      int v = queue[head++];
      for (int u : adj[v]) {
        if (seen.get(u)) {
          continue;
        }
        seen.set(u);
        int anchorId = source ? m12[u] : (m21[u] == -1 ? -1 : u);
        if (anchorId != -1) {
          found.add(anchorId);
        } else {
          queue[tail++] = u;
        }
      }
    }
    return found;
  }

  /**
   * Whether every session at source step {@code x} has passed target step {@code c2}: {@code c2} is matched to a
   * source step that dominates {@code x}.
   */
  boolean passedBy(int c2, int x) {
    int c1 = m21[c2];
    return c1 != -1 && c1 != x && v1.dominates(g1.ids[c1], g1.ids[x]);
  }
}
