package org.scenariomigration.model;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** An int-indexed adjacency view of a validated scenario version, with lazily cached reachability. */
final class Graph {
  final String[] ids;
  final Map<String, Integer> index;
  final int[][] succ;
  final int[][] pred;
  private final AtomicReferenceArray<BitSet> descendants;
  private final AtomicReferenceArray<BitSet> ancestors;

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
      succ[i] = k == s.length ? s : java.util.Arrays.copyOf(s, k);
    }
    pred = new int[n][];
    for (int i = 0; i < n; i++) {
      List<Integer> l = p.get(i);
      pred[i] = new int[l.size()];
      for (int k = 0; k < l.size(); k++) {
        pred[i][k] = l.get(k);
      }
    }
    descendants = new AtomicReferenceArray<>(n);
    ancestors = new AtomicReferenceArray<>(n);
  }

  int size() {
    return ids.length;
  }

  /** Steps reachable from {@code i} through at least one transition (contains {@code i} only on a cycle). */
  BitSet descendants(int i) {
    BitSet b = descendants.get(i);
    if (b == null) {
      b = reach(i, succ);
      descendants.compareAndSet(i, null, b);
      b = descendants.get(i);
    }
    return b;
  }

  /** Steps from which {@code i} is reachable through at least one transition. */
  BitSet ancestors(int i) {
    BitSet b = ancestors.get(i);
    if (b == null) {
      b = reach(i, pred);
      ancestors.compareAndSet(i, null, b);
      b = ancestors.get(i);
    }
    return b;
  }

  /** Steps reachable from {@code start} through zero or more transitions. */
  BitSet reachableInclusive(int start) {
    BitSet b = (BitSet) descendants(start).clone();
    b.set(start);
    return b;
  }

  private BitSet reach(int start, int[][] adj) {
    BitSet seen = new BitSet(ids.length);
    int[] queue = new int[ids.length];
    int head = 0;
    int tail = 0;
    for (int j : adj[start]) {
      if (!seen.get(j)) {
        seen.set(j);
        queue[tail++] = j;
      }
    }
    while (head < tail) {
      int v = queue[head++];
      for (int j : adj[v]) {
        if (!seen.get(j)) {
          seen.set(j);
          queue[tail++] = j;
        }
      }
    }
    return seen;
  }
}
