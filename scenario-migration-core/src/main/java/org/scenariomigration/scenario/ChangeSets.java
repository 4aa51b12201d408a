package org.scenariomigration.scenario;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed on either side of an anchor ({@link ChangeSet}): the steps inserted and removed there, the new or
 * changed forks, the added and removed transitions, and the steps edited in place that now ask for more. Each side is
 * computed with word-level set operations over reach sets expressed in the other version's indices, computed once per
 * diff.
 */
final class ChangeSets extends DiffPhase {
  private final EdgeKeys keys;
  private final InsertedNode[] insertedCache;
  private final BitSet[] up1In2;
  private final BitSet[] down1In2;
  private final BitSet[] up2In1;
  private final BitSet[] down2In1;
  private Set<String> computed2;

  ChangeSets(Matching m, EdgeKeys keys) {
    super(m);
    this.keys = keys;
    insertedCache = new InsertedNode[g2.size()];
    up1In2 = Graph.reachAll(g1.pred, m12);
    down1In2 = Graph.reachAll(g1.succ, m12);
    up2In1 = Graph.reachAll(g2.pred, m21);
    down2In1 = Graph.reachAll(g2.succ, m21);
  }

  /** The changes upstream of anchor {@code a1 → a2}, whose upstream steps are {@code up1} and {@code up2}. */
  ChangeSet upstream(int a1, int a2, BitSet up1, BitSet up2) {
    return changes(a1, a2, up1, up2, up1In2[a1], up2In1[a2], false);
  }

  /** The changes downstream of anchor {@code a1 → a2}: its descendants and the anchor itself. */
  ChangeSet downstream(int a1, int a2) {
    BitSet down1 = (BitSet) r1.descendants(a1).clone();
    down1.set(a1);
    BitSet down2 = (BitSet) r2.descendants(a2).clone();
    down2.set(a2);
    BitSet down1in2 = (BitSet) down1In2[a1].clone();
    down1in2.set(a2);
    BitSet down2in1 = (BitSet) down2In1[a2].clone();
    down2in1.set(a1);
    return changes(a1, a2, down1, down2, down1in2, down2in1, true);
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
    interesting.and(keys.branchesDiffer);
    interesting.or(fresh);
    if (!downstream) {
      interesting.clear(a2);
    }
    fresh.clear(a2);
    for (int y = fresh.nextSetBit(0); y >= 0; y = fresh.nextSetBit(y + 1)) {
      inserted.add(inserted(y));
    }
    for (int y = interesting.nextSetBit(0); y >= 0; y = interesting.nextSetBit(y + 1)) {
      if (keys.fork2.get(y)) {
        if (downstream || !sameForAnchor(y, a2)) {
          forks.add(fork(s2.get(y), a2));
        }
      } else if (side1in2.get(y) || y == a2) {
        modified.addAll(keys.transitionChanges(y));
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
    removed.sort(Differ.REF_ORDER);
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
      if (!Objects.equals(t1.get(k).condition(), t2.get(k).condition())) {
        return false;
      }
    }
    for (int k = 0; k < t1.size(); k++) {
      int x1 = g1.index.get(t1.get(k).toStepId());
      int x2 = g2.index.get(t2.get(k).toStepId());
      boolean leads1 = x1 == a1 || r1.descendants(x1).get(a1);
      boolean leads2 = x2 == a2 || r2.descendants(x2).get(a2);
      if ((leads1 || leads2) && (leads1 != leads2 || !keys.edgeKey(x1, true).equals(keys.edgeKey(x2, false)))) {
        return false;
      }
    }
    return true;
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

  /** The fields some step of the target version computes. */
  private Set<String> computedFields2() {
    Set<String> c = computed2;
    if (c == null) {
      c = new HashSet<>();
      for (Step st : s2) {
        c.addAll(st.setsFields());
      }
      computed2 = c;
    }
    return c;
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

  private InsertedNode inserted(int y) {
    InsertedNode n = insertedCache[y];
    if (n == null) {
      n = InsertedNode.of(s2.get(y));
      insertedCache[y] = n;
    }
    return n;
  }
}
