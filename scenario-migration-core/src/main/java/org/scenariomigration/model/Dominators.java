package org.scenariomigration.model;

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
    if (idom[node] == -1) {
      return false;
    }
    for (int x = node; ; x = idom[x]) {
      if (x == d) {
        return true;
      }
      if (idom[x] == x) {
        return false;
      }
    }
  }
}
