package org.scenariomigration.scenario;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Where the sessions at each deleted source step go ({@link DeletedStep}). */
final class DeletedSteps extends DiffPhase {
  private Set<String> usedFields2;

  DeletedSteps(Matching m) {
    super(m);
  }

  /**
   * Where sessions at deleted step {@code x} go (see {@link DeletedStep}): forward to the one anchor every path from
   * {@code x} reaches first, crossing no checkpoint and landing past no checkpoint of the target version they cannot
   * have passed; else back to the one anchor every path into {@code x} comes from; else nowhere the plan can name.
   */
  DeletedStep deletedStep(int x) {
    Step s = s1.get(x);
    List<StepRef> guarded = new ArrayList<>();
    BitSet crossed = new BitSet();
    int down = soleAnchor(x, g1.succ, guarded, crossed);
    if (down != -1 && guarded.isEmpty()) {
      int a2 = m12[down];
      for (String id : v2.dominatorsOf(g2.ids[a2])) {
        int c2 = g2.index.get(id);
        if (s2.get(c2).checkpoint() && !m.passedBy(c2, x)) {
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
        steps.sort(Differ.REF_ORDER);
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

  /** The fields the target version collects, requires or reads anywhere. */
  private Set<String> usedFields2() {
    Set<String> u = usedFields2;
    if (u == null) {
      u = new HashSet<>();
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
