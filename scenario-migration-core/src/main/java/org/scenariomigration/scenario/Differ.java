package org.scenariomigration.scenario;

import org.scenariomigration.plan.InvalidPlanException;
import org.scenariomigration.plan.MigrationPlanner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Matches the steps of two versions and computes the transformation map. Package-private: the public entry point is
 * {@link MigrationPlanner}.
 *
 * <p>Matching: manual mappings first; then every content hash that occurs once in each version pairs its two steps;
 * then twins (a hash occurring more than once in a version) are paired by graph context, looked at in three ways: the
 * set of nearest anchored ancestors (walking back through non-anchors), the set of nearest anchored descendants, and
 * both. A way of looking proposes a pair when the twin's context is unique among its twins on both sides and equal on
 * both sides. A pair is made only when some way proposes it and no way proposes another partner for either twin:
 * when ancestors point to one twin and descendants to another, the evidence conflicts and neither pair is made. A
 * twin that keeps its id on both sides also counts as proposing its namesake, though the id alone never pairs twins.
 * Pairing repeats until nothing changes, since every new pair sharpens the context of the rest. Twins still unpaired
 * are reported as ambiguous.
 */
final class Differ {
  private final ScenarioVersion v1;
  private final ScenarioVersion v2;
  private final Graph g1;
  private final Graph g2;
  private final ReachTable r1;
  private final ReachTable r2;
  private final List<Step> s1;
  private final List<Step> s2;
  private final int[] m12;
  private final int[] m21;
  private final BitSet manual = new BitSet();
  private final List<AmbiguousAnchor> ambiguous = new ArrayList<>();
  private final List<Set<String>> keys1 = new ArrayList<>();
  private final List<Set<String>> keys2 = new ArrayList<>();
  private final BitSet branchesDiffer = new BitSet();
  private final BitSet fork2 = new BitSet();
  private final BitSet checkpoints1 = new BitSet();
  private InsertedNode[] insertedCache;
  private String[] edgeMemo1;
  private String[] edgeMemo2;
  private List<TransitionChange>[] transitionCache;
  private BitSet[] up1In2;
  private BitSet[] down1In2;
  private BitSet[] up2In1;
  private BitSet[] down2In1;
  private final String[] contextKeys;
  /** Source steps paired as edited anchors, with the review's reason and score. */
  private final BitSet edited = new BitSet();
  private final Map<Integer, AnchorIdentity> identities = new HashMap<>();
  private final List<AmbiguousAnchor> ambiguousEdits = new ArrayList<>();

  Differ(ScenarioVersion v1, ScenarioVersion v2, List<StepMapping> mappings) {
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
    contextKeys = new String[g2.size()];
    Arrays.fill(m12, -1);
    Arrays.fill(m21, -1);
    applyManual(mappings);
    matchByHash();
    matchEdited();
  }

  /**
   * The second stage of matching (see {@link AnchorIdentity}): steps left unmatched on both sides are paired by id,
   * then by their matched neighbours, repeatedly. Unpaired twins are left to the operator.
   */
  private void matchEdited() {
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
    Map<String, java.util.TreeSet<Integer>> by1 = new HashMap<>();
    Map<String, java.util.TreeSet<Integer>> by2 = new HashMap<>();
    for (int i = 0; i < m12.length; i++) {
      if (m12[i] == -1 && !twins1.get(i)) {
        sig1[i] = neighbours(i, true);
        if (sig1[i] != null) {
          by1.computeIfAbsent(sig1[i], k -> new java.util.TreeSet<>()).add(i);
        }
      }
    }
    for (int j = 0; j < m21.length; j++) {
      if (m21[j] == -1 && !twins2.get(j)) {
        sig2[j] = neighbours(j, false);
        if (sig2[j] != null) {
          by2.computeIfAbsent(sig2[j], k -> new java.util.TreeSet<>()).add(j);
        }
      }
    }
    // in rounds: every pair of a round is decided on the same signatures, so the result does not depend on the order
    // of the steps; a round looks only at the signatures the previous one touched
    Set<String> dirty = new java.util.HashSet<>(by1.keySet());
    while (!dirty.isEmpty()) {
      List<int[]> pairs = new ArrayList<>();
      for (String sig : dirty) {
        java.util.TreeSet<Integer> a = by1.get(sig);
        java.util.TreeSet<Integer> b = by2.get(sig);
        if (a != null && b != null && a.size() == 1 && b.size() == 1) {
          pairs.add(new int[] {a.first(), b.first()});
          by1.remove(sig);
          by2.remove(sig);
        }
      }
      java.util.ArrayDeque<String> touched = new java.util.ArrayDeque<>();
      for (int[] p : pairs) {
        pairEdited(p[0], p[1], "same neighbours");
      }
      for (int[] p : pairs) {
        resign(g1, p[0], true, twins1, sig1, by1, touched);
        resign(g2, p[1], false, twins2, sig2, by2, touched);
      }
      dirty = new java.util.HashSet<>(touched);
    }
    List<String> left = new ArrayList<>(by1.keySet());
    left.sort(Comparator.naturalOrder());
    for (String sig : left) {
      java.util.TreeSet<Integer> mine = by1.get(sig);
      java.util.TreeSet<Integer> other = by2.get(sig);
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
  }

  /** Recomputes the signatures of the unmatched neighbours of a newly paired step, queueing what may now pair. */
  private void resign(Graph g, int node, boolean source, BitSet twins, String[] sig,
      Map<String, java.util.TreeSet<Integer>> by, java.util.ArrayDeque<String> queue) {
    int[] match = source ? m12 : m21;
    for (int[] adj : new int[][] {g.pred[node], g.succ[node]}) {
      for (int u : adj) {
        if (match[u] != -1 || twins.get(u)) {
          continue;
        }
        if (sig[u] != null) {
          java.util.TreeSet<Integer> old = by.get(sig[u]);
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
          by.computeIfAbsent(sig[u], k -> new java.util.TreeSet<>()).add(u);
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

  private void pairEdited(int i, int j, String how) {
    pair(i, j);
    edited.set(i);
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
    identities.put(i, new AnchorIdentity(AnchorIdentity.Kind.EDITED, same / 5.0, reason));
  }

  private void applyManual(List<StepMapping> mappings) {
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

  private void pair(int i, int j) {
    m12[i] = j;
    m21[j] = i;
  }

  private void matchByHash() {
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
        pair(c1.get(0), c2.get(0));
      } else {
        twins.add(e.getKey());
      }
    }
    if (twins.isEmpty()) {
      return;
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
  }

  /** A proposal that conflicts with another one for the same twin. */
  private static final int CONFLICT = -2;

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
        pair(i, j);
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
    String up = nearestAnchors(g, node, source, true).toString();
    String down = nearestAnchors(g, node, source, false).toString();
    return new String[] {up, down, up + "|" + down};
  }

  private TreeSet<Integer> nearestAnchors(Graph g, int node, boolean source, boolean backwards) {
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

  TransformationMap run() {
    computeEdgeKeys();
    List<AnchorTransformation> anchors = new ArrayList<>();
    for (int i = 0; i < m12.length; i++) {
      if (m12[i] != -1) {
        anchors.add(anchor(i, m12[i]));
      }
    }
    anchors.sort(Comparator.comparing(AnchorTransformation::anchorContentHash)
        .thenComparing(a -> contextKey(g2.index.get(a.toStepId())))
        .thenComparing(AnchorTransformation::toStepId));
    List<DeletedStep> deleted = new ArrayList<>();
    for (int i = 0; i < m12.length; i++) {
      if (m12[i] == -1) {
        deleted.add(deletedStep(i));
      }
    }
    deleted.sort(Comparator.comparing(DeletedStep::contentHash).thenComparing(DeletedStep::stepName)
        .thenComparing(DeletedStep::stepId));
    List<StepRef> added = new ArrayList<>();
    for (int j = 0; j < m21.length; j++) {
      if (m21[j] == -1) {
        added.add(StepRef.of(s2.get(j)));
      }
    }
    added.sort(REF_ORDER);
    List<StepRef> unreachable = new ArrayList<>();
    for (ScenarioProblem p : v2.warnings()) {
      if (p.kind() == ScenarioProblem.Kind.UNREACHABLE_STEP) {
        unreachable.add(StepRef.of(v2.requireStep(p.stepId())));
      }
    }
    unreachable.sort(REF_ORDER);
    return new TransformationMap(anchors, deleted, added, ambiguous, unreachable, typeMismatches(), ambiguousEdits);
  }

  /** The comparisons in the target version's conditions that the declared types of their fields cannot satisfy. */
  private List<TypeMismatch> typeMismatches() {
    List<TypeMismatch> out = new ArrayList<>();
    for (Step s : s2) {
      Set<String> seen = new java.util.HashSet<>();
      for (Transition t : s.transitions()) {
        if (!t.isConditional() || !seen.add(t.condition())) {
          continue;
        }
        for (org.scenariomigration.condition.Comparison c : v2.condition(t).comparisons()) {
          FieldType type = v2.fieldType(c.field());
          String why = type.mismatch(c);
          if (why != null) {
            out.add(new TypeMismatch(s.id(), s.name(), t.condition(), c.field(), type.toString(), why));
          }
        }
      }
    }
    out.sort(Comparator.comparing(TypeMismatch::stepName).thenComparing(TypeMismatch::stepId)
        .thenComparing(TypeMismatch::condition).thenComparing(TypeMismatch::reason));
    return out.stream().distinct().toList();
  }

  private static final Comparator<StepRef> REF_ORDER = Comparator.comparing(StepRef::contentHash)
      .thenComparing(StepRef::stepName).thenComparing(StepRef::stepId);

  /**
   * The graph context of target step {@code j}, for ordering only: the content hashes of its nearest anchored
   * ancestors, then of its nearest anchored descendants, each sorted by hash so that the key does not depend on step
   * ids or on the order of the steps in the version. Cached: matching is complete when it is first asked for.
   */
  private String contextKey(int j) {
    String k = contextKeys[j];
    if (k == null) {
      k = sortedHashes(nearestAnchors(g2, j, false, true)) + '|' + sortedHashes(nearestAnchors(g2, j, false, false));
      contextKeys[j] = k;
    }
    return k;
  }

  private String sortedHashes(Set<Integer> targets) {
    List<String> hashes = new ArrayList<>(targets.size());
    for (int a : targets) {
      hashes.add(s2.get(a).contentHash());
    }
    hashes.sort(Comparator.naturalOrder());
    return String.join(",", hashes);
  }

  @SuppressWarnings("unchecked")
  private void computeEdgeKeys() {
    insertedCache = new InsertedNode[g2.size()];
    edgeMemo1 = new String[g1.size()];
    edgeMemo2 = new String[g2.size()];
    transitionCache = (List<TransitionChange>[]) new List<?>[g2.size()];
    up1In2 = Graph.reachAll(g1.pred, m12);
    down1In2 = Graph.reachAll(g1.succ, m12);
    up2In1 = Graph.reachAll(g2.pred, m21);
    down2In1 = Graph.reachAll(g2.succ, m21);
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
    for (int i = 0; i < g1.size(); i++) {
      if (s1.get(i).checkpoint()) {
        checkpoints1.set(i);
      }
    }
  }

  /**
   * Where a branch entering {@code target} leads, for comparing forks across versions: the anchor it reaches through
   * unmatched steps that cannot divert it (one unconditional way out), named by its target index, so
   * that a branch whose condition is unchanged and that still leads to the same anchor through inserted or deleted
   * plain steps compares equal; else the unmatched step itself, which compares equal to nothing.
   */
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

  private String edgeKey(int target, boolean source) {
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

  private InsertedNode inserted(int y) {
    InsertedNode n = insertedCache[y];
    if (n == null) {
      n = InsertedNode.of(s2.get(y));
      insertedCache[y] = n;
    }
    return n;
  }

  private AnchorTransformation anchor(int a1, int a2) {
    Step from = s1.get(a1);
    Step to = s2.get(a2);
    BitSet up1 = upstream(r1, v1, a1);
    BitSet up2 = upstream(r2, v2, a2);
    BitSet down1 = (BitSet) r1.descendants(a1).clone();
    down1.set(a1);
    BitSet down2 = (BitSet) r2.descendants(a2).clone();
    down2.set(a2);
    BitSet down1in2 = (BitSet) down1In2[a1].clone();
    down1in2.set(a2);
    BitSet down2in1 = (BitSet) down2In1[a2].clone();
    down2in1.set(a1);
    ChangeSet upstream = changes(a1, a2, up1, up2, up1In2[a1], up2In1[a2], false);
    ChangeSet downstream = changes(a1, a2, down1, down2, down1in2, down2in1, true);
    MigrationScenario scenario = MigrationScenario.CLEAN_GRAFT;
    for (NewFork f : upstream.newForks()) {
      if (f.canDivert()) {
        scenario = MigrationScenario.RE_ROUTE;
      }
    }
    if (scenario == MigrationScenario.CLEAN_GRAFT) {
      for (InsertedNode n : upstream.insertedNodes()) {
        // a new checkpoint upstream is a gap too: the run time checks whether the session came its way
        if (!n.collectsFields().isEmpty() || n.requiredAction() || s2.get(g2.index.get(n.nodeId())).checkpoint()) {
          scenario = MigrationScenario.GAP_FILL;
        }
      }
      for (InsertedNode n : upstream.editedNodes()) {
        if (!n.collectsFields().isEmpty() || n.requiredAction()) {
          scenario = MigrationScenario.GAP_FILL;
        }
      }
    }
    List<CheckpointConflict> conflicts = checkpointConflicts(a1, a2, up1, upstream);
    AnchorIdentity identity = manual.get(a1)
        ? new AnchorIdentity(AnchorIdentity.Kind.MANUAL_MAPPING, 1.0, "mapped by an operator")
        : identities.getOrDefault(a1, AnchorIdentity.CONTENT_HASH);
    return new AnchorTransformation(to.contentHash(), to.name(), from.id(), from.contentHash(), to.id(), scenario,
        upstream, downstream, conflicts, manual.get(a1), identity);
  }

  /**
   * The steps upstream of {@code a}: its ancestors, less the steps it dominates. A step every path to which passes
   * through {@code a} (a retry loop back to it, a fork behind it) comes after it, not before, however the loop leads
   * back: a session waiting at {@code a} has not been there. Only steps on a cycle through {@code a} can be both, so
   * only those are checked.
   */
  private static BitSet upstream(ReachTable r, ScenarioVersion v, int a) {
    BitSet up = r.ancestors(a);
    BitSet out = null;
    BitSet loop = (BitSet) up.clone();
    loop.and(r.descendants(a));
    Dominators d = null;
    if (!loop.isEmpty()) {
      out = (BitSet) up.clone();
      d = v.dominators();
      for (int x = loop.nextSetBit(0); x >= 0; x = loop.nextSetBit(x + 1)) {
        if (d.dominates(a, x)) {
          out.clear(x);
        }
      }
    }
    // a step on a retry loop's way back, before the anchor: it returns to a step that dominates it (the loop's head,
    // or a step before it) and reaches the anchor only through that step again. A session at the anchor left the loop
    // through its head; the way back lies behind it only if it retried, which its own history says at run time
    BitSet cyclic = new BitSet();
    BitSet src = out == null ? up : out;
    for (int x = src.nextSetBit(0); x >= 0; x = src.nextSetBit(x + 1)) {
      if (r.descendants(x).get(x)) {
        cyclic.set(x);
      }
    }
    if (cyclic.isEmpty() || (long) cyclic.cardinality() * v.graph.size() > 20_000_000L) {
      return out == null ? up : out;
    }
    out = out == null ? (BitSet) up.clone() : out;
    d = d == null ? v.dominators() : d;
    for (int x = cyclic.nextSetBit(0); x >= 0; x = cyclic.nextSetBit(x + 1)) {
      for (int h = d.immediate(x); h != -1; h = d.immediate(h)) {
        if (h != a && r.descendants(x).get(h) && !reachesAvoiding(v.graph, x, a, h)) {
          out.clear(x);
          break;
        }
      }
    }
    return out;
  }

  /** Whether {@code to} is reachable from {@code from} in {@code g} without entering {@code avoid}. */
  private static boolean reachesAvoiding(Graph g, int from, int to, int avoid) {
    BitSet seen = new BitSet(g.size());
    int[] queue = new int[g.size()];
    int head = 0;
    int tail = 0;
    queue[tail++] = from;
    seen.set(from);
    while (head < tail) {
      for (int u : g.succ[queue[head++]]) {
        if (u == to) {
          return true;
        }
        if (u != avoid && !seen.get(u)) {
          seen.set(u);
          queue[tail++] = u;
        }
      }
    }
    return false;
  }

  /**
   * What an edited step asks of a session that already passed it: the required fields it collects now and did not
   * before, and whether it became a required action; {@code null} when it asks nothing new.
   */
  private InsertedNode editedNode(int y) {
    Step now = s2.get(y);
    Step was = s1.get(m21[y]);
    List<String> fields = new ArrayList<>(now.requiredCollectedFieldNames());
    fields.removeAll(was.requiredCollectedFieldNames());
    List<String> optional = new ArrayList<>();
    for (CollectedField f : now.collectsFields()) {
      if (f.optional()) {
        optional.add(f.name());
      }
    }
    boolean action = now.requiredAction() && !was.requiredAction();
    boolean cond = false;
    for (Transition t : now.transitions()) {
      cond |= t.isConditional();
    }
    return new InsertedNode(now.id(), now.name(), now.contentHash(), fields, optional, action, cond);
  }

  /**
   * One side of an anchor. {@code side1in2} is the source side expressed in target indices and {@code side2in1} the
   * target side in source indices, so that "not on this side before" and "no longer on this side" are word-level
   * set differences rather than a walk over every step.
   */
  private ChangeSet changes(int a1, int a2, BitSet side1, BitSet side2, BitSet side1in2, BitSet side2in1,
      boolean downstream) {
    List<InsertedNode> inserted = new ArrayList<>();
    List<StepRef> removed = new ArrayList<>();
    List<NewFork> forks = new ArrayList<>();
    List<TransitionChange> modified = new ArrayList<>();
    BitSet fresh = (BitSet) side2.clone();
    fresh.andNot(side1in2);
    BitSet interesting = (BitSet) side2.clone();
    interesting.and(branchesDiffer);
    interesting.or(fresh);
    if (!downstream) {
      interesting.clear(a2);
    }
    fresh.clear(a2);
    for (int y = fresh.nextSetBit(0); y >= 0; y = fresh.nextSetBit(y + 1)) {
      inserted.add(inserted(y));
    }
    for (int y = interesting.nextSetBit(0); y >= 0; y = interesting.nextSetBit(y + 1)) {
      if (fork2.get(y)) {
        if (downstream || !sameForAnchor(y, a2)) {
          forks.add(fork(s2.get(y), a2));
        }
      } else if (side1in2.get(y) || y == a2) {
        modified.addAll(transitionChanges(y));
      }
    }
    List<InsertedNode> editedNodes = new ArrayList<>();
    for (int y = side2.nextSetBit(0); y >= 0; y = side2.nextSetBit(y + 1)) {
      // a step changed in place (edited, or mapped by hand to other content) asks what it newly collects
      if (y != a2 && m21[y] != -1 && side1in2.get(y)
          && !s1.get(m21[y]).contentHash().equals(s2.get(y).contentHash())) {
        InsertedNode n = editedNode(y);
        if (!n.collectsFields().isEmpty() || n.requiredAction()) {
          editedNodes.add(n);
        }
      }
    }
    editedNodes.sort(Comparator.comparing(InsertedNode::contentHash).thenComparing(InsertedNode::nodeName)
        .thenComparing(InsertedNode::nodeId));
    BitSet gone = (BitSet) side1.clone();
    gone.andNot(side2in1);
    gone.clear(a1);
    for (int x = gone.nextSetBit(0); x >= 0; x = gone.nextSetBit(x + 1)) {
      removed.add(StepRef.of(s1.get(x)));
    }
    inserted.sort(Comparator.comparing(InsertedNode::contentHash).thenComparing(InsertedNode::nodeName)
        .thenComparing(InsertedNode::nodeId));
    removed.sort(REF_ORDER);
    forks.sort(Comparator.comparing(NewFork::contentHash).thenComparing(NewFork::forkName)
        .thenComparing(NewFork::forkStepId));
    modified.sort(Comparator.comparing(TransitionChange::fromContentHash)
        .thenComparing(TransitionChange::toContentHash).thenComparing(TransitionChange::change)
        .thenComparing(c -> c.condition() == null ? "" : c.condition()));
    return new ChangeSet(inserted, removed, forks, modified, editedNodes);
  }

  /**
   * Whether a changed fork {@code y} sends every session that reached anchor {@code a2} through it the same way as
   * before: the same conditions in the same order, and every branch that leads to the anchor, in either version,
   * leading where it led. A session at the anchor took such a branch; evaluated again, the same conditions choose the
   * same branch. Changes on the other branches cannot divert it.
   */
  private boolean sameForAnchor(int y, int a2) {
    int x = m21[y];
    int a1 = m21[a2];
    if (x == -1 || a1 == -1) {
      return false;
    }
    List<Transition> t1 = s1.get(x).transitions();
    List<Transition> t2 = s2.get(y).transitions();
    if (t1.size() != t2.size()) {
      return false;
    }
    for (int k = 0; k < t1.size(); k++) {
      if (!java.util.Objects.equals(t1.get(k).condition(), t2.get(k).condition())) {
        return false;
      }
    }
    for (int k = 0; k < t1.size(); k++) {
      int x1 = g1.index.get(t1.get(k).toStepId());
      int x2 = g2.index.get(t2.get(k).toStepId());
      boolean leads1 = x1 == a1 || r1.descendants(x1).get(a1);
      boolean leads2 = x2 == a2 || r2.descendants(x2).get(a2);
      if ((leads1 || leads2) && (leads1 != leads2 || !edgeKey(x1, true).equals(edgeKey(x2, false)))) {
        return false;
      }
    }
    return true;
  }

  /** The added and removed transitions of a paired target step; they do not depend on the anchor, so memoised. */
  private List<TransitionChange> transitionChanges(int y) {
    List<TransitionChange> l = transitionCache[y];
    if (l == null) {
      l = new ArrayList<>();
      diffTransitions(m21[y], y, l);
      transitionCache[y] = l;
    }
    return l;
  }

  private NewFork fork(Step step, int a2) {
    List<ForkBranch> branches = new ArrayList<>();
    Set<String> fields = new TreeSet<>();
    for (Transition t : step.transitions()) {
      int target = g2.index.get(t.toStepId());
      boolean leads = target == a2 || r2.descendants(target).get(a2);
      branches.add(new ForkBranch(t.toStepId(), s2.get(target).name(), t.condition(), leads));
      if (t.isConditional()) {
        fields.addAll(v2.condition(t).fieldsRead());
      }
    }
    int y = g2.index.get(step.id());
    Set<String> computed = new TreeSet<>(fields);
    computed.retainAll(computedFields2());
    return new NewFork(step.id(), step.name(), step.contentHash(), branches, fields,
        m21[y] == -1 ? null : g1.ids[m21[y]], computed);
  }

  private Set<String> computed2;

  /** The fields some step of the target version computes. */
  private Set<String> computedFields2() {
    Set<String> c = computed2;
    if (c == null) {
      c = new java.util.HashSet<>();
      for (Step st : s2) {
        c.addAll(st.setsFields());
      }
      computed2 = c;
    }
    return c;
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

  private List<CheckpointConflict> checkpointConflicts(int a1, int a2, BitSet up1, ChangeSet upstream) {
    List<CheckpointConflict> out = new ArrayList<>();
    BitSet down1 = r1.descendants(a1);
    Step anchor2 = s2.get(a2);
    BitSet passed = (BitSet) up1.clone();
    passed.set(a1); // a session waiting at a checkpoint anchor has reached it: a re-route must not contradict it
    passed.and(checkpoints1);
    for (int x = passed.nextSetBit(0); x >= 0; x = passed.nextSetBit(x + 1)) {
      Step cp = s1.get(x);
      int c2 = m12[x];
      boolean ranAgainBefore = down1.get(x);
      if (x != a1 && c2 != -1 && !ranAgainBefore && r2.descendants(a2).get(c2)) {
        out.add(new CheckpointConflict(CheckpointConflict.Kind.RUN_AGAIN, cp.name(), cp.contentHash(),
            anchor2.id(), anchor2.name()));
      }
      for (NewFork f : upstream.newForks()) {
        for (ForkBranch b : f.branches()) {
          if (b.leadsToAnchor()) {
            continue;
          }
          int t = g2.index.get(b.targetStepId());
          if (c2 == -1 || !(t == c2 || r2.ancestors(t).get(c2))) {
            out.add(new CheckpointConflict(CheckpointConflict.Kind.CONTRADICTED, cp.name(), cp.contentHash(),
                b.targetStepId(), b.targetName()));
          } else if (!ranAgainBefore && (t == c2 || r2.descendants(t).get(c2))) {
            out.add(new CheckpointConflict(CheckpointConflict.Kind.RUN_AGAIN, cp.name(), cp.contentHash(),
                b.targetStepId(), b.targetName()));
          }
        }
      }
    }
    // checkpoints of the target version that every path to the anchor passes, but that sessions at the anchor in the
    // source version need not have passed: the run time blocks those sessions rather than land them past it
    for (String id : v2.dominatorsOf(anchor2.id())) {
      int c2 = g2.index.get(id);
      Step cp2 = s2.get(c2);
      if (cp2.checkpoint() && !passedBy(c2, a1)) {
        out.add(new CheckpointConflict(CheckpointConflict.Kind.NOT_PASSED, cp2.name(), cp2.contentHash(),
            anchor2.id(), anchor2.name()));
      }
    }
    out.sort(Comparator.comparing(CheckpointConflict::checkpointHash).thenComparing(CheckpointConflict::kind)
        .thenComparing(CheckpointConflict::targetName).thenComparing(CheckpointConflict::targetStepId));
    return out.stream().distinct().toList();
  }

  /**
   * Where sessions at deleted step {@code x} go (see {@link DeletedStep}): forward to the one anchor every path from
   * {@code x} reaches first, crossing no checkpoint and landing past no checkpoint of the target version they cannot
   * have passed; else back to the one anchor every path into {@code x} comes from; else nowhere the plan can name.
   */
  private DeletedStep deletedStep(int x) {
    Step s = s1.get(x);
    List<StepRef> guarded = new ArrayList<>();
    BitSet crossed = new BitSet();
    int down = soleAnchor(x, g1.succ, guarded, crossed);
    if (down != -1 && guarded.isEmpty()) {
      int a2 = m12[down];
      for (String id : v2.dominatorsOf(g2.ids[a2])) {
        int c2 = g2.index.get(id);
        if (s2.get(c2).checkpoint() && !passedBy(c2, x)) {
          guarded.add(StepRef.of(s2.get(c2)));
        }
      }
      if (guarded.isEmpty()) {
        Step t = s2.get(a2);
        crossed.set(x);
        List<StepRef> steps = new ArrayList<>();
        Set<String> fields = new TreeSet<>();
        Set<String> used = usedFields2();
        for (int c = crossed.nextSetBit(0); c >= 0; c = crossed.nextSetBit(c + 1)) {
          Step st = s1.get(c);
          Set<String> f = new TreeSet<>(st.requiredCollectedFieldNames());
          for (Transition tr : st.transitions()) {
            if (tr.isConditional()) {
              f.addAll(v1.condition(tr).fieldsRead());
            }
          }
          if (!f.isEmpty()) {
            steps.add(StepRef.of(st));
            f.retainAll(used);
            fields.addAll(f);
          }
        }
        steps.sort(REF_ORDER);
        return new DeletedStep(s.id(), s.name(), s.contentHash(), t.contentHash(), t.id(), s.checkpoint(),
            DeletedStep.Relocation.DOWNSTREAM, List.of(), steps, List.copyOf(fields));
      }
    }
    List<StepRef> behind = new ArrayList<>();
    int up = soleAnchor(x, g1.pred, behind, null);
    if (up != -1) {
      Step t = s2.get(m12[up]);
      return new DeletedStep(s.id(), s.name(), s.contentHash(), t.contentHash(), t.id(), s.checkpoint(),
          DeletedStep.Relocation.UPSTREAM, guarded);
    }
    guarded.addAll(behind);
    return new DeletedStep(s.id(), s.name(), s.contentHash(), null, null, s.checkpoint(),
        DeletedStep.Relocation.HISTORY, guarded.stream().distinct().toList());
  }

  private Set<String> usedFields2;

  /** The fields the target version collects, requires or reads anywhere. */
  private Set<String> usedFields2() {
    Set<String> u = usedFields2;
    if (u == null) {
      u = new java.util.HashSet<>();
      for (Step st : s2) {
        for (CollectedField f : st.collectsFields()) {
          u.add(f.name());
        }
        u.addAll(st.requiresFields());
        for (Transition tr : st.transitions()) {
          if (tr.isConditional()) {
            u.addAll(v2.condition(tr).fieldsRead());
          }
        }
      }
      usedFields2 = u;
    }
    return u;
  }

  /**
   * Whether every session at source step {@code x} has passed target step {@code c2}: {@code c2} is matched to a
   * source step that dominates {@code x}.
   */
  private boolean passedBy(int c2, int x) {
    int c1 = m21[c2];
    return c1 != -1 && c1 != x && v1.dominates(g1.ids[c1], g1.ids[x]);
  }

  /**
   * The one anchored source step that every walk from {@code x} along {@code adj} meets first, or -1: when walks meet
   * different anchors, or one ends (or, with {@code checkpoints} given, meets a checkpoint, which is added there)
   * before it meets any. The unmatched steps crossed on the way are set in {@code crossed} when it is given.
   */
  private int soleAnchor(int x, int[][] adj, List<StepRef> checkpoints, BitSet crossed) {
    BitSet seen = new BitSet(g1.size());
    seen.set(x);
    int[] queue = new int[g1.size()];
    int head = 0;
    int tail = 0;
    queue[tail++] = x;
    int found = -1;
    // walking back, the start step is where a path into x begins: reaching it (or x being it) before an anchor means
    // some sessions came from no anchor at all
    int start = adj == g1.pred ? g1.index.get(v1.startStepId()) : -1;
    boolean open = adj[x].length == 0 || x == start;
    while (head < tail) {
      int v = queue[head++];
      for (int u : adj[v]) {
        if (seen.get(u)) {
          continue;
        }
        seen.set(u);
        if (m12[u] != -1) {
          open |= found != -1 && found != u;
          found = found == -1 ? u : found;
        } else if (checkpoints != null && s1.get(u).checkpoint()) {
          checkpoints.add(StepRef.of(s1.get(u)));
        } else if (adj[u].length == 0 || u == start) {
          open = true;
        } else {
          queue[tail++] = u;
          if (crossed != null) {
            crossed.set(u);
          }
        }
      }
    }
    return open || (checkpoints != null && !checkpoints.isEmpty()) ? -1 : found;
  }
}
