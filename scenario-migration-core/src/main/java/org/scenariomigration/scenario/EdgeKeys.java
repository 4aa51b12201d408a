package org.scenariomigration.scenario;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How the transitions of the two versions compare once matching is complete: a key per transition (where it leads
 * and on what condition) so that a paired step's transitions diff as sets, the target steps whose way on changed, the
 * target forks, and the added and removed transitions of each paired step. None of it depends on the anchor, so it is
 * computed once per diff and memoised.
 */
final class EdgeKeys extends DiffPhase {
  private final List<Set<String>> keys1 = new ArrayList<>();
  private final List<Set<String>> keys2 = new ArrayList<>();
  /** Target steps unpaired or whose transition keys differ from their source step's. */
  final BitSet branchesDiffer = new BitSet();
  /** Target steps that are forks. */
  final BitSet fork2 = new BitSet();
  private final String[] edgeMemo1;
  private final String[] edgeMemo2;
  private final List<TransitionChange>[] transitionCache;

  @SuppressWarnings("unchecked")
  EdgeKeys(Matching m) {
    super(m);
    edgeMemo1 = new String[g1.size()];
    edgeMemo2 = new String[g2.size()];
    transitionCache = (List<TransitionChange>[]) new List<?>[g2.size()];
    for (int i = 0; i < g1.size(); i++) {
      Set<String> k = new LinkedHashSet<>();
      for (Transition t : s1.get(i).transitions()) {
        k.add(key(g1.index.get(t.toStepId()), true, forkEither(i, -1)) + '\u0000' + t.condition());
      }
      keys1.add(k);
    }
    for (int j = 0; j < g2.size(); j++) {
      Set<String> k = new LinkedHashSet<>();
      for (Transition t : s2.get(j).transitions()) {
        k.add(key(g2.index.get(t.toStepId()), false, forkEither(-1, j)) + '\u0000' + t.condition());
      }
      keys2.add(k);
    }
    // per-step facts that do not depend on the anchor, so the per-anchor loops only test bits
    for (int j = 0; j < g2.size(); j++) {
      int i = m21[j];
      if (i == -1 || !keys1.get(i).equals(keys2.get(j))) {
        branchesDiffer.set(j);
      }
      if (s2.get(j).isFork()) {
        fork2.set(j);
      }
    }
  }

  /** Whether source step {@code x} or target step {@code y}, or the step either is matched to, is a fork. */
  private boolean forkEither(int x, int y) {
    int i = x != -1 ? x : m21[y];
    int j = y != -1 ? y : m12[x];
    return (i != -1 && s1.get(i).isFork()) || (j != -1 && s2.get(j).isFork());
  }

  /**
   * The key of a transition into {@code target}: for a fork, where the branch leads ({@link #edgeKey}); for a step
   * with one way on, the target itself, so that the review lists a step inserted or removed after it.
   */
  private String key(int target, boolean source, boolean fork) {
    if (fork) {
      return edgeKey(target, source);
    }
    int[] match = source ? m12 : m21;
    return match[target] == -1 ? (source ? "g" : "n") + target : "a" + (source ? match[target] : target);
  }

  /**
   * Where a branch entering {@code target} leads, for comparing forks across versions: the anchor it reaches through
   * unmatched steps that cannot divert it (one unconditional way out), named by its target index, so
   * that a branch whose condition is unchanged and that still leads to the same anchor through inserted or deleted
   * plain steps compares equal; else the unmatched step itself, which compares equal to nothing.
   */
  String edgeKey(int target, boolean source) {
    String[] memo = source ? edgeMemo1 : edgeMemo2;
    if (memo[target] != null) {
      return memo[target];
    }
    Graph g = source ? g1 : g2;
    int[] match = source ? m12 : m21;
    List<Step> steps = source ? s1 : s2;
    // walk the plain run from the target; every step on it leads where the run leads (path compression: each step is
    // walked once however many branches enter the run)
    List<Integer> run = new ArrayList<>();
    BitSet onRun = new BitSet();
    String lead = null;
    int v = target;
    while (true) {
      if (memo[v] != null) {
        lead = memo[v].charAt(0) == 'a' ? memo[v] : null;
        break;
      }
      if (match[v] != -1) {
        lead = "a" + (source ? match[v] : v);
        memo[v] = lead;
        break;
      }
      Step st = steps.get(v);
      run.add(v);
      onRun.set(v);
      if (st.transitions().size() != 1 || st.transitions().get(0).isConditional()) {
        break;
      }
      v = g.index.get(st.transitions().get(0).toStepId());
      if (onRun.get(v)) {
        break; // a cycle of plain unmatched steps leads to no anchor
      }
    }
    for (int u : run) {
      memo[u] = lead != null ? lead : (source ? "g" : "n") + u;
    }
    return memo[target];
  }

  /** The added and removed transitions of a paired target step; they do not depend on the anchor, so memoised. */
  List<TransitionChange> transitionChanges(int y) {
    List<TransitionChange> l = transitionCache[y];
    if (l == null) {
      l = new ArrayList<>();
      diffTransitions(m21[y], y, l);
      transitionCache[y] = l;
    }
    return l;
  }

  private void diffTransitions(int x, int y, List<TransitionChange> out) {
    Step from2 = s2.get(y);
    for (Transition t : from2.transitions()) {
      int target = g2.index.get(t.toStepId());
      String key = key(target, false, forkEither(x, y)) + '\u0000' + t.condition();
      if (!keys1.get(x).contains(key)) {
        Step to = s2.get(target);
        out.add(new TransitionChange(TransitionChange.Change.ADDED, from2.name(), from2.contentHash(), to.name(),
            to.contentHash(), t.condition()));
      }
    }
    Step from1 = s1.get(x);
    for (Transition t : from1.transitions()) {
      int target = g1.index.get(t.toStepId());
      String key = key(target, true, forkEither(x, y)) + '\u0000' + t.condition();
      if (!keys2.get(y).contains(key)) {
        Step to = s1.get(target);
        out.add(new TransitionChange(TransitionChange.Change.REMOVED, from1.name(), from1.contentHash(), to.name(),
            to.contentHash(), t.condition()));
      }
    }
  }
}
