package org.scenariomigration.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * An int-indexed adjacency view of a validated scenario version. It holds arrays sized by the steps and transitions
 * only (ids, the id index, successors and predecessors without duplicates) and a bounded memo, so a version retains
 * memory linear in its steps and transitions.
 *
 * <p>Reachability is answered on demand by an iterative breadth-first search, O(steps + transitions) per question
 * (deep graphs cannot overflow the stack). The last answers are kept in a direct-mapped memo of {@link #MEMO_SLOTS}
 * sets: the runtime asks the same few questions for every session waiting at the same step, and the memo holds at
 * most {@code MEMO_SLOTS · size()} bits ({@code 8 · size()} bytes), whatever is asked.
 *
 * <p>{@link #reachAll} computes the sets of every step at once (strongly connected components, then a bitset union
 * over the condensation): O(steps²/64) words on a chain, so only for plan generation ({@link ReachTable}), never kept
 * by a version.
 */
final class Graph {
  /** The number of reach sets the memo keeps at most. */
  static final int MEMO_SLOTS = 64;

  final String[] ids;
  final Map<String, Integer> index;
  final int[][] succ;
  final int[][] pred;
  /**
   * The strongly connected component of each step, numbered so that a step reaching a step of another component has
   * the greater number (Tarjan completes a component after every component it reaches).
   */
  private final int[] component;
  private final AtomicReferenceArray<Reach> memo = new AtomicReferenceArray<>(MEMO_SLOTS);

  /** One memoised answer: the steps reachable from {@code key >> 1}, backwards when {@code key & 1}. */
  private record Reach(int key, BitSet set) {}

  Graph(List<Step> steps) {
    int n = steps.size();
    ids = new String[n];
    index = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      ids[i] = steps.get(i).id();
      index.put(ids[i], i);
    }
    // successors without duplicates (a stamp per target instead of a set per step), predecessors counted then filled
    // in ascending source order
    int[] stamp = new int[n];
    Arrays.fill(stamp, -1);
    int[] predCount = new int[n];
    succ = new int[n][];
    for (int i = 0; i < n; i++) {
      List<Transition> ts = steps.get(i).transitions();
      int[] s = new int[ts.size()];
      int k = 0;
      for (Transition t : ts) {
        int j = index.get(t.toStepId());
        if (stamp[j] != i) {
          stamp[j] = i;
          s[k++] = j;
          predCount[j]++;
        }
      }
      succ[i] = k == s.length ? s : Arrays.copyOf(s, k);
    }
    pred = new int[n][];
    for (int j = 0; j < n; j++) {
      pred[j] = new int[predCount[j]];
    }
    int[] filled = stamp;
    Arrays.fill(filled, 0);
    for (int i = 0; i < n; i++) {
      for (int j : succ[i]) {
        pred[j][filled[j]++] = i;
      }
    }
    component = new int[n];
    tarjan(succ, component);
  }

  int size() {
    return ids.length;
  }

  /**
   * The steps reachable from {@code i} through one or more transitions, or with {@code backwards} the steps from which
   * {@code i} is reachable; contains {@code i} only when it lies on a cycle. Memoised: read-only.
   */
  BitSet reach(int i, boolean backwards) {
    int key = i << 1 | (backwards ? 1 : 0);
    int slot = (key * 0x9E3779B9) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(MEMO_SLOTS));
    Reach r = memo.get(slot);
    if (r != null && r.key == key) {
      return r.set;
    }
    BitSet set = search(backwards ? pred : succ, i);
    memo.set(slot, new Reach(key, set));
    return set;
  }

  /**
   * Whether {@code to} is reachable from {@code from} through one or more transitions. The components answer at once
   * when the two steps lie in different components in the wrong order (the usual answer for a step upstream) or in
   * one cycle; otherwise the memoised reach set of {@code from} does.
   */
  boolean canReach(int from, int to) {
    if (component[from] != component[to]) {
      return component[from] > component[to] && reach(from, false).get(to);
    }
    return from != to || reach(from, false).get(to);
  }

  /** Steps reachable from {@code start} through zero or more transitions (a fresh set, not memoised). */
  BitSet reachableInclusive(int start) {
    BitSet b = search(succ, start);
    b.set(start);
    return b;
  }

  /** How many reach sets the memo holds now, and their bits in all (for tests). */
  long[] memoFootprint() {
    long sets = 0;
    long bits = 0;
    for (int k = 0; k < MEMO_SLOTS; k++) {
      Reach r = memo.get(k);
      if (r != null) {
        sets++;
        bits += r.set.size();
      }
    }
    return new long[] {sets, bits};
  }

  /** Breadth-first search along {@code adj} from the successors of {@code start}. */
  static BitSet search(int[][] adj, int start) {
    BitSet seen = new BitSet(adj.length);
    int[] queue = new int[Math.min(adj.length, 16)];
    int head = 0;
    int tail = 0;
    int v = start;
    while (true) {
      for (int w : adj[v]) {
        if (!seen.get(w)) {
          seen.set(w);
          if (tail == queue.length) {
            queue = Arrays.copyOf(queue, Math.min(adj.length, queue.length * 2));
          }
          queue[tail++] = w;
        }
      }
      if (head == tail) {
        return seen;
      }
      v = queue[head++];
    }
  }

  /**
   * For every node, the labels of the nodes reachable from it through at least one edge of {@code adj}; nodes whose
   * label is -1 are walked through but not recorded. Members of one strongly connected component share one
   * (read-only) set.
   */
  static BitSet[] reachAll(int[][] adj, int[] label) {
    int n = adj.length;
    int[] comp = new int[n];
    int components = tarjan(adj, comp);
    List<List<Integer>> members = new ArrayList<>(components);
    for (int c = 0; c < components; c++) {
      members.add(new ArrayList<>(1));
    }
    for (int v = 0; v < n; v++) {
      members.get(comp[v]).add(v);
    }
    BitSet[] byComp = new BitSet[components];
    // Tarjan numbers a component only after every component it reaches: ascending order is a valid schedule
    for (int c = 0; c < components; c++) {
      BitSet r = new BitSet();
      boolean cyclic = members.get(c).size() > 1;
      for (int v : members.get(c)) {
        for (int w : adj[v]) {
          int cw = comp[w];
          if (cw == c) {
            cyclic = true;
            continue;
          }
          r.or(byComp[cw]);
          if (label[w] >= 0) {
            r.set(label[w]);
          }
        }
      }
      if (cyclic) {
        for (int v : members.get(c)) {
          if (label[v] >= 0) {
            r.set(label[v]);
          }
        }
      }
      byComp[c] = r;
    }
    BitSet[] out = new BitSet[n];
    for (int v = 0; v < n; v++) {
      out[v] = byComp[comp[v]];
    }
    return out;
  }

  /** Iterative Tarjan: fills {@code comp} and returns the number of components, numbered in completion order. */
  private static int tarjan(int[][] adj, int[] comp) {
    int n = adj.length;
    int[] index = new int[n];
    int[] low = new int[n];
    Arrays.fill(index, -1);
    boolean[] onStack = new boolean[n];
    int[] stack = new int[n];
    int sp = 0;
    int[] callNode = new int[n];
    int[] callEdge = new int[n];
    int next = 0;
    int components = 0;
    for (int root = 0; root < n; root++) {
      if (index[root] != -1) {
        continue;
      }
      int depth = 0;
      callNode[0] = root;
      callEdge[0] = 0;
      index[root] = low[root] = next++;
      stack[sp++] = root;
      onStack[root] = true;
      while (depth >= 0) {
        int v = callNode[depth];
        if (callEdge[depth] < adj[v].length) {
          int w = adj[v][callEdge[depth]++];
          if (index[w] == -1) {
            index[w] = low[w] = next++;
            stack[sp++] = w;
            onStack[w] = true;
            depth++;
            callNode[depth] = w;
            callEdge[depth] = 0;
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
        } else {
          if (low[v] == index[v]) {
            int w;
            do {
              w = stack[--sp];
              onStack[w] = false;
              comp[w] = components;
            } while (w != v);
            components++;
          }
          depth--;
          if (depth >= 0) {
            int parent = callNode[depth];
            low[parent] = Math.min(low[parent], low[v]);
          }
        }
      }
    }
    return components;
  }
}
