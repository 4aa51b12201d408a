package org.scenariomigration.scenario;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * The checkpoints an anchor's migration would contradict ({@link CheckpointConflict}): a checkpoint the session
 * passed that would run again after the teleport or that a new fork's diverting branch contradicts, and a checkpoint
 * of the target version before the anchor that sessions at the anchor need not have passed.
 */
final class CheckpointConflicts extends DiffPhase {
  private final BitSet checkpoints1 = new BitSet();

  CheckpointConflicts(Matching m) {
    super(m);
    for (int i = 0; i < s1.size(); i++) {
      if (s1.get(i).checkpoint()) {
        checkpoints1.set(i);
      }
    }
  }

  /**
   * The conflicts of anchor {@code a1 → a2}, whose upstream steps are {@code up1} and whose upstream changes are
   * {@code upstream}, sorted and without duplicates.
   */
  List<CheckpointConflict> of(int a1, int a2, BitSet up1, ChangeSet upstream) {
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
      if (cp2.checkpoint() && !m.passedBy(c2, a1)) {
        out.add(new CheckpointConflict(CheckpointConflict.Kind.NOT_PASSED, cp2.name(), cp2.contentHash(),
            anchor2.id(), anchor2.name()));
      }
    }
    out.sort(Comparator.comparing(CheckpointConflict::checkpointHash).thenComparing(CheckpointConflict::kind)
        .thenComparing(CheckpointConflict::targetName).thenComparing(CheckpointConflict::targetStepId));
    return out.stream().distinct().toList();
  }
}
