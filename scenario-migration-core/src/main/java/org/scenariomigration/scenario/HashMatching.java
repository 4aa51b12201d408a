package org.scenariomigration.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The first stage of matching: every content hash that occurs once in each version pairs its two steps; then twins (a
 * hash occurring more than once in a version) are paired by graph context, looked at in three ways: the set of nearest
 * anchored ancestors (walking back through non-anchors), the set of nearest anchored descendants, and both. A way of
 * looking proposes a pair when the twin's context is unique among its twins on both sides and equal on both sides. A
 * pair is made only when some way proposes it and no way proposes another partner for either twin: when ancestors
 * point to one twin and descendants to another, the evidence conflicts and neither pair is made. A twin that keeps its
 * id on both sides also counts as proposing its namesake, though the id alone never pairs twins. Pairing repeats until
 * nothing changes, since every new pair sharpens the context of the rest. Twins still unpaired are reported as
 * ambiguous.
 */
final class HashMatching extends DiffPhase {
  /** A proposal that conflicts with another one for the same twin. */
  private static final int CONFLICT = -2;

  private HashMatching(Matching m) {
    super(m);
  }

  /** Pairs the steps of {@code m} by content hash and returns the twins left unpaired. */
  static List<AmbiguousAnchor> match(Matching m) {
    return new HashMatching(m).matchByHash();
  }

  private List<AmbiguousAnchor> matchByHash() {
    List<AmbiguousAnchor> ambiguous = new ArrayList<>();
    TreeMap<String, List<Integer>> h1 = byHash(s1);
    TreeMap<String, List<Integer>> h2 = byHash(s2);
    List<String> twins = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : h1.entrySet()) {
      List<Integer> other = h2.get(e.getKey());
      if (other == null) {
        continue;
      }
      List<Integer> c1 = unpaired(e.getValue(), m12);
      List<Integer> c2 = unpaired(other, m21);
      if (c1.isEmpty() || c2.isEmpty()) {
        continue;
      }
      if (e.getValue().size() == 1 && other.size() == 1) {
        m.pair(c1.get(0), c2.get(0));
      } else {
        twins.add(e.getKey());
      }
    }
    if (twins.isEmpty()) {
      return ambiguous;
    }
    boolean progress = true;
    while (progress) {
      progress = false;
      for (String h : twins) {
        progress |= pairTwins(unpaired(h1.get(h), m12), unpaired(h2.get(h), m21));
      }
    }
    for (String h : twins) {
      List<Integer> c1 = unpaired(h1.get(h), m12);
      List<Integer> c2 = unpaired(h2.get(h), m21);
      if (!c1.isEmpty() && !c2.isEmpty()) {
        List<String> ids1 = new ArrayList<>();
        c1.forEach(i -> ids1.add(g1.ids[i]));
        List<String> ids2 = new ArrayList<>();
        c2.forEach(j -> ids2.add(g2.ids[j]));
        ids1.sort(Comparator.naturalOrder());
        ids2.sort(Comparator.naturalOrder());
        ambiguous.add(new AmbiguousAnchor(h, s2.get(c2.get(0)).name(), ids1, ids2));
      }
    }
    return ambiguous;
  }

  /**
   * Pairs the twins of one hash whose contexts agree (see the class comment). All contexts are computed before any
   * pair is made, so the result does not depend on the order of the twins.
   */
  private boolean pairTwins(List<Integer> c1, List<Integer> c2) {
    if (c1.isEmpty() || c2.isEmpty()) {
      return false;
    }
    List<String[]> sig1 = new ArrayList<>(c1.size());
    for (int i : c1) {
      sig1.add(signatures(i, true));
    }
    List<String[]> sig2 = new ArrayList<>(c2.size());
    for (int j : c2) {
      sig2.add(signatures(j, false));
    }
    TreeMap<Integer, Integer> forward = new TreeMap<>();
    Map<Integer, Integer> backward = new HashMap<>();
    for (int mode = 0; mode < 3; mode++) {
      Map<String, List<Integer>> by1 = new HashMap<>();
      for (int k = 0; k < c1.size(); k++) {
        by1.computeIfAbsent(sig1.get(k)[mode], x -> new ArrayList<>()).add(c1.get(k));
      }
      Map<String, List<Integer>> by2 = new HashMap<>();
      for (int k = 0; k < c2.size(); k++) {
        by2.computeIfAbsent(sig2.get(k)[mode], x -> new ArrayList<>()).add(c2.get(k));
      }
      for (Map.Entry<String, List<Integer>> e : by1.entrySet()) {
        List<Integer> other = by2.get(e.getKey());
        if (e.getValue().size() == 1 && other != null && other.size() == 1) {
          int i = e.getValue().get(0);
          int j = other.get(0);
          forward.merge(i, j, (a, b) -> a.equals(b) ? a : CONFLICT);
          backward.merge(j, i, (a, b) -> a.equals(b) ? a : CONFLICT);
        }
      }
    }
    // A twin under the same id on both sides counts against any other partner context proposes for either of them,
    // though an id alone never makes a pair. Otherwise content moved elsewhere (an anchor that shifts the context)
    // could pair a twin with the namesake of another twin kept unchanged, and the kept one would look deleted.
    for (int i : c1) {
      Integer j = g2.index.get(g1.ids[i]);
      if (j != null && m21[j] == -1 && s2.get(j).contentHash().equals(s1.get(i).contentHash())) {
        forward.computeIfPresent(i, (k, v) -> v.equals(j) ? v : CONFLICT);
        backward.computeIfPresent(j, (k, v) -> v.equals(i) ? v : CONFLICT);
      }
    }
    boolean progress = false;
    for (Map.Entry<Integer, Integer> e : forward.entrySet()) {
      int i = e.getKey();
      int j = e.getValue();
      if (j != CONFLICT && backward.get(j) == i) {
        m.pair(i, j);
        progress = true;
      }
    }
    return progress;
  }

  /**
   * The context of a twin in the three ways of looking: nearest anchored ancestors, nearest anchored descendants,
   * both. Anchors are named by their target index, so the two sides compare.
   */
  private String[] signatures(int node, boolean source) {
    Graph g = source ? g1 : g2;
    String up = m.nearestAnchors(g, node, source, true).toString();
    String down = m.nearestAnchors(g, node, source, false).toString();
    return new String[] {up, down, up + "|" + down};
  }

  private static TreeMap<String, List<Integer>> byHash(List<Step> steps) {
    TreeMap<String, List<Integer>> m = new TreeMap<>();
    for (int i = 0; i < steps.size(); i++) {
      m.computeIfAbsent(steps.get(i).contentHash(), k -> new ArrayList<>()).add(i);
    }
    return m;
  }

  private static List<Integer> unpaired(List<Integer> nodes, int[] match) {
    List<Integer> out = new ArrayList<>(nodes.size());
    for (int n : nodes) {
      if (match[n] == -1) {
        out.add(n);
      }
    }
    return out;
  }
}
