package org.scenariomigration.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An int-indexed adjacency view of a validated scenario version, with reachability computed once for all steps:
 * Tarjan's strongly connected components (iterative, so deep graphs cannot overflow the stack) and a bitset union
 * over the condensation, O(E·V/64) words instead of one search per step.
 */
final class Graph {
  final String[] ids;
  final Map<String, Integer> index;
  final int[][] succ;
  final int[][] pred;
  private final int[] identity;
  private volatile BitSet[] descendants;
  private volatile BitSet[] ancestors;

  Graph(List<Step> steps) {
    int n = steps.size();
    ids = new String[n];
    index = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      ids[i] = steps.get(i).id();
      index.put(ids[i], i);
    }
    List<List<Integer>> p = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      p.add(new ArrayList<>());
    }
    succ = new int[n][];
    for (int i = 0; i < n; i++) {
      List<Transition> ts = steps.get(i).transitions();
      BitSet seen = new BitSet();
      int[] s = new int[ts.size()];
      int k = 0;
      for (Transition t : ts) {
        int j = index.get(t.toStepId());
        if (!seen.get(j)) {
          seen.set(j);
          s[k++] = j;
          p.get(j).add(i);
        }
      }
      succ[i] = k == s.length ? s : Arrays.copyOf(s, k);
    }
    pred = new int[n][];
    for (int i = 0; i < n; i++) {
      List<Integer> l = p.get(i);
      pred[i] = new int[l.size()];
      for (int k = 0; k < l.size(); k++) {
        pred[i][k] = l.get(k);
      }
    }
    identity = new int[n];
    for (int i = 0; i < n; i++) {
      identity[i] = i;
    }
  }

  int size() {
    return ids.length;
  }

  /** Steps reachable from {@code i} through at least one transition (contains {@code i} only on a cycle). Read-only. */
  BitSet descendants(int i) {
    BitSet[] d = descendants;
    if (d == null) {
      d = reachAll(succ, identity);
      descendants = d;
    }
    return d[i];
  }

  /** Steps from which {@code i} is reachable through at least one transition. Read-only. */
  BitSet ancestors(int i) {
    BitSet[] a = ancestors;
    if (a == null) {
      a = reachAll(pred, identity);
      ancestors = a;
    }
    return a[i];
  }

  /** Steps reachable from {@code start} through zero or more transitions (a fresh set). */
  BitSet reachableInclusive(int start) {
    BitSet b = (BitSet) descendants(start).clone();
    b.set(start);
    return b;
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
