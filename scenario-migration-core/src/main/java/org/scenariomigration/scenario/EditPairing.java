package org.scenariomigration.scenario;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The second stage of matching (see {@link AnchorIdentity}): steps left unmatched on both sides are paired by id,
 * then by their matched neighbours, repeatedly. Unpaired twins are left to the operator; steps whose neighbours are
 * alike on both sides but not unique are reported as ambiguous edits.
 */
final class EditPairing extends DiffPhase {
  private EditPairing(Matching m) {
    super(m);
  }

  /**
   * Pairs the edited steps of {@code m}, leaving alone the twins {@code ambiguous} names, and returns the steps that
   * could not be told apart.
   */
  static List<AmbiguousAnchor> match(Matching m, List<AmbiguousAnchor> ambiguous) {
    return new EditPairing(m).matchEdited(ambiguous);
  }

  private List<AmbiguousAnchor> matchEdited(List<AmbiguousAnchor> ambiguous) {
    List<AmbiguousAnchor> ambiguousEdits = new ArrayList<>();
    BitSet twins1 = new BitSet();
    BitSet twins2 = new BitSet();
    for (AmbiguousAnchor a : ambiguous) {
      a.fromStepIds().forEach(id -> twins1.set(g1.index.get(id)));
      a.toStepIds().forEach(id -> twins2.set(g2.index.get(id)));
    }
    for (int i = 0; i < m12.length; i++) {
      if (m12[i] != -1 || twins1.get(i)) {
        continue;
      }
      Integer j = g2.index.get(g1.ids[i]);
      if (j != null && m21[j] == -1 && !twins2.get(j)) {
        pairEdited(i, j, "same id");
      }
    }
    // pairing by neighbours: signatures are kept per step and recomputed only around a new pair, so a long run of
    // edited steps pairs in time linear in its size rather than one sweep of the graph per pair
    String[] sig1 = new String[m12.length];
    String[] sig2 = new String[m21.length];
    Map<String, TreeSet<Integer>> by1 = new HashMap<>();
    Map<String, TreeSet<Integer>> by2 = new HashMap<>();
    for (int i = 0; i < m12.length; i++) {
      if (m12[i] == -1 && !twins1.get(i)) {
        sig1[i] = neighbours(i, true);
        if (sig1[i] != null) {
          by1.computeIfAbsent(sig1[i], k -> new TreeSet<>()).add(i);
        }
      }
    }
    for (int j = 0; j < m21.length; j++) {
      if (m21[j] == -1 && !twins2.get(j)) {
        sig2[j] = neighbours(j, false);
        if (sig2[j] != null) {
          by2.computeIfAbsent(sig2[j], k -> new TreeSet<>()).add(j);
        }
      }
    }
    // in rounds: every pair of a round is decided on the same signatures, so the result does not depend on the order
    // of the steps; a round looks only at the signatures the previous one touched
    Set<String> dirty = new HashSet<>(by1.keySet());
    while (!dirty.isEmpty()) {
      List<int[]> pairs = new ArrayList<>();
      for (String sig : dirty) {
        TreeSet<Integer> a = by1.get(sig);
        TreeSet<Integer> b = by2.get(sig);
        if (a != null && b != null && a.size() == 1 && b.size() == 1) {
          pairs.add(new int[] {a.first(), b.first()});
          by1.remove(sig);
          by2.remove(sig);
        }
      }
      ArrayDeque<String> touched = new ArrayDeque<>();
      for (int[] p : pairs) {
        pairEdited(p[0], p[1], "same neighbours");
      }
      for (int[] p : pairs) {
        resign(g1, p[0], true, twins1, sig1, by1, touched);
        resign(g2, p[1], false, twins2, sig2, by2, touched);
      }
      dirty = new HashSet<>(touched);
    }
    List<String> left = new ArrayList<>(by1.keySet());
    left.sort(Comparator.naturalOrder());
    for (String sig : left) {
      TreeSet<Integer> mine = by1.get(sig);
      TreeSet<Integer> other = by2.get(sig);
      if (other != null && !other.isEmpty() && !mine.isEmpty()) {
        List<String> ids1 = new ArrayList<>();
        mine.forEach(i -> ids1.add(g1.ids[i]));
        List<String> ids2 = new ArrayList<>();
        other.forEach(j -> ids2.add(g2.ids[j]));
        ids1.sort(Comparator.naturalOrder());
        ids2.sort(Comparator.naturalOrder());
        List<String> names = new ArrayList<>();
        mine.forEach(i -> names.add(s1.get(i).name()));
        names.sort(Comparator.naturalOrder());
        ambiguousEdits.add(new AmbiguousAnchor(null, String.join(", ", names), ids1, ids2));
      }
    }
    ambiguousEdits.sort(Comparator.comparing(AmbiguousAnchor::stepName)
        .thenComparing(a -> a.fromStepIds().toString()).thenComparing(a -> a.toStepIds().toString()));
    return ambiguousEdits;
  }

  /** Recomputes the signatures of the unmatched neighbours of a newly paired step, queueing what may now pair. */
  private void resign(Graph g, int node, boolean source, BitSet twins, String[] sig,
      Map<String, TreeSet<Integer>> by, ArrayDeque<String> queue) {
    int[] match = source ? m12 : m21;
    for (int[] adj : new int[][] {g.pred[node], g.succ[node]}) {
      for (int u : adj) {
        if (match[u] != -1 || twins.get(u)) {
          continue;
        }
        if (sig[u] != null) {
          TreeSet<Integer> old = by.get(sig[u]);
          if (old != null) {
            old.remove(u);
            if (old.isEmpty()) {
              by.remove(sig[u]);
            } else {
              queue.add(sig[u]);
            }
          }
        }
        sig[u] = neighbours(u, source);
        if (sig[u] != null) {
          by.computeIfAbsent(sig[u], k -> new TreeSet<>()).add(u);
          queue.add(sig[u]);
        }
      }
    }
  }

  /**
   * The context of an unmatched step for pairing edited steps: whether it is a checkpoint, its matched predecessors
   * and successors (as target indices), and how many of its neighbours are unmatched; {@code null} when it has no
   * matched neighbour at all (nothing to tell it by).
   */
  private String neighbours(int node, boolean source) {
    Graph g = source ? g1 : g2;
    int[] match = source ? m12 : m21;
    TreeSet<Integer> up = new TreeSet<>();
    TreeSet<Integer> down = new TreeSet<>();
    int openUp = 0;
    int openDown = 0;
    for (int u : g.pred[node]) {
      if (match[u] == -1) {
        openUp++;
      } else {
        up.add(source ? match[u] : u);
      }
    }
    for (int u : g.succ[node]) {
      if (match[u] == -1) {
        openDown++;
      } else {
        down.add(source ? match[u] : u);
      }
    }
    if (up.isEmpty() && down.isEmpty()) {
      return null;
    }
    Step step = (source ? s1 : s2).get(node);
    boolean start = g.ids[node].equals((source ? v1 : v2).startStepId());
    return (step.checkpoint() ? "c" : "s") + (start ? "^" : "") + up + openUp + "|" + down + openDown;
  }

  /** Pairs two edited steps, naming what changed between them and scoring how much stayed the same. */
  private void pairEdited(int i, int j, String how) {
    Step a = s1.get(i);
    Step b = s2.get(j);
    List<String> changed = new ArrayList<>();
    int same = 0;
    if (a.name().equals(b.name())) {
      same++;
    } else {
      changed.add("name");
    }
    if (a.description().equals(b.description())) {
      same++;
    } else {
      changed.add("description");
    }
    if (a.collectsFields().equals(b.collectsFields()) && a.requiresFields().equals(b.requiresFields())) {
      same++;
    } else {
      changed.add("fields");
    }
    if (a.requiredAction() == b.requiredAction() && a.checkpoint() == b.checkpoint()
        && a.setsFields().equals(b.setsFields())) {
      same++;
    } else {
      changed.add(a.checkpoint() != b.checkpoint() ? "checkpoint" : "action");
    }
    List<String> c1 = new ArrayList<>();
    a.transitions().forEach(t -> c1.add(String.valueOf(t.condition())));
    List<String> c2 = new ArrayList<>();
    b.transitions().forEach(t -> c2.add(String.valueOf(t.condition())));
    c1.sort(Comparator.naturalOrder());
    c2.sort(Comparator.naturalOrder());
    if (c1.equals(c2)) {
      same++;
    } else {
      changed.add("conditions");
    }
    String what = changed.isEmpty() ? "content" : String.join(", ", changed);
    String reason = how + (a.id().equals(b.id()) ? "" : " (id changed)") + "; changed: " + what;
    m.pairEdited(i, j, new AnchorIdentity(AnchorIdentity.Kind.EDITED, same / 5.0, reason));
  }
}
