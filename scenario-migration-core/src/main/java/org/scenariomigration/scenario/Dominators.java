package org.scenariomigration.scenario;

import java.util.Arrays;

/**
 * The dominator tree of a graph from one start node: node {@code d} dominates node {@code n} when every path from the
 * start to {@code n} passes through {@code d}. Computed with the iterative algorithm of Cooper, Harvey and Kennedy
 * ("A Simple, Fast Dominance Algorithm") over a reverse postorder found by an iterative depth-first search, so deep
 * graphs cannot overflow the stack. Memory is three int arrays of the graph's size. Package-private.
 */
final class Dominators {
  /** {@code idom[n]}: the immediate dominator of {@code n}; the start's is itself; -1 for nodes the start cannot reach. */
  private final int[] idom;
  /** The position of each node in reverse postorder; -1 when unreachable. */
  private final int[] order;
  /** Entry and exit times of each node in a depth-first walk of the dominator tree, so dominance is O(1). */
  private final int[] enter;
  private final int[] exit;

  Dominators(int[][] succ, int[][] pred, int start) {
    int n = succ.length;
    int[] post = postorder(succ, start);
    order = new int[n];
    Arrays.fill(order, -1);
    int[] rpo = new int[post.length];
    for (int k = 0; k < post.length; k++) {
      rpo[k] = post[post.length - 1 - k];
      order[rpo[k]] = k;
    }
    idom = new int[n];
    Arrays.fill(idom, -1);
    idom[start] = start;
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int k = 1; k < rpo.length; k++) {
        int b = rpo[k];
        int newIdom = -1;
        for (int p : pred[b]) {
          if (idom[p] == -1) {
            continue; // not processed yet, or unreachable
          }
          newIdom = newIdom == -1 ? p : intersect(p, newIdom);
        }
        if (newIdom != -1 && idom[b] != newIdom) {
          idom[b] = newIdom;
          changed = true;
        }
      }
    }
    enter = new int[n];
    exit = new int[n];
    number(start);
  }

  /** Numbers the dominator tree from its root without recursion: children as counted lists, then one walk. */
  private void number(int start) {
    int n = idom.length;
    int[] count = new int[n + 1];
    for (int v = 0; v < n; v++) {
      if (idom[v] != -1 && idom[v] != v) {
        count[idom[v] + 1]++;
      }
    }
    for (int v = 0; v < n; v++) {
      count[v + 1] += count[v];
    }
    int[] children = new int[count[n]];
    int[] fill = Arrays.copyOf(count, n);
    for (int v = 0; v < n; v++) {
      if (idom[v] != -1 && idom[v] != v) {
        children[fill[idom[v]]++] = v;
      }
    }
    int[] stack = new int[n];
    int[] next = new int[n];
    int sp = 0;
    int time = 0;
    stack[sp++] = start;
    next[start] = count[start];
    enter[start] = time++;
    while (sp > 0) {
      int v = stack[sp - 1];
      if (next[v] < count[v + 1]) {
        int c = children[next[v]++];
        next[c] = count[c];
        enter[c] = time++;
        stack[sp++] = c;
      } else {
        exit[v] = time++;
        sp--;
      }
    }
  }

  private int intersect(int a, int b) {
    int f1 = a;
    int f2 = b;
    while (f1 != f2) {
      while (order[f1] > order[f2]) {
        f1 = idom[f1];
      }
      while (order[f2] > order[f1]) {
        f2 = idom[f2];
      }
    }
    return f1;
  }

  private static int[] postorder(int[][] succ, int start) {
    int n = succ.length;
    boolean[] seen = new boolean[n];
    int[] stack = new int[n];
    int[] edge = new int[n];
    int[] out = new int[n];
    int count = 0;
    int sp = 0;
    stack[sp] = start;
    edge[sp] = 0;
    seen[start] = true;
    sp++;
    while (sp > 0) {
      int v = stack[sp - 1];
      if (edge[sp - 1] < succ[v].length) {
        int w = succ[v][edge[sp - 1]++];
        if (!seen[w]) {
          seen[w] = true;
          stack[sp] = w;
          edge[sp] = 0;
          sp++;
        }
      } else {
        out[count++] = v;
        sp--;
      }
    }
    return Arrays.copyOf(out, count);
  }

  /** The immediate dominator of {@code node}: -1 for the start and for nodes the start cannot reach. */
  int immediate(int node) {
    int d = idom[node];
    return d == node ? -1 : d;
  }

  /** Whether {@code d} dominates {@code node} ({@code d == node} counts); false when the start cannot reach it. */
  boolean dominates(int d, int node) {
    if (idom[node] == -1 || idom[d] == -1) {
      return false;
    }
    return enter[d] <= enter[node] && exit[node] <= exit[d];
  }
}
