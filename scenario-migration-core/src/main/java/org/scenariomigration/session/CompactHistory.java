package org.scenariomigration.session;

import com.google.common.collect.ImmutableSet;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * A session's history in its bounded form: one {@link StepVisit} entry per distinct step (id and content hash), ordered
 * by last visit, so that its size depends on the steps a session saw and not on how long it lived. Immutable; a
 * {@link SessionState} keeps an instance as it is, so copies of a state share it.
 */
final class CompactHistory extends AbstractList<StepVisit> implements RandomAccess {
  static final CompactHistory EMPTY = new CompactHistory(new StepVisit[0]);

  private final StepVisit[] entries;

  private CompactHistory(StepVisit[] entries) {
    this.entries = entries;
  }

  /**
   * {@code history} in the bounded form: numbered entries (a stored history) are kept as they are; visits not numbered
   * yet are numbered in list order after them and merged into the entry of their step. A list that is not in this
   * form (numbered entries out of order, twice the same step) is refused.
   */
  static CompactHistory of(List<StepVisit> history) {
    if (history instanceof CompactHistory c) {
      return c;
    }
    if (history == null || history.isEmpty()) {
      return EMPTY;
    }
    if (allNumbered(history)) {
      return numbered(history); // a stored history: checked and kept in its order, in one pass
    }
    Map<String, StepVisit> byStep = new HashMap<>();
    StepVisit prev = null;
    long next = 0;
    for (StepVisit v : history) {
      if (v == null) {
        throw new IllegalArgumentException("a history must not hold null entries");
      }
      StepVisit e;
      if (v.numbered()) {
        if (v.lastVisit() < next) {
          throw new IllegalArgumentException("history entries must be ordered by last visit, but the entry of step '"
              + v.stepId() + "' was last visited as visit " + v.lastVisit() + " after visit " + (next - 1));
        }
        if (byStep.containsKey(key(v))) {
          throw new IllegalArgumentException("a history holds one entry per step, but step '" + v.stepId()
              + "' (content hash " + v.contentHash() + ") has two");
        }
        e = v;
        next = v.lastVisit() + 1;
      } else {
        e = visited(byStep.get(key(v)), v, next++, prev);
      }
      byStep.put(key(e), e);
      prev = e;
    }
    StepVisit[] out = byStep.values().toArray(new StepVisit[0]);
    Arrays.sort(out, Comparator.comparingLong(StepVisit::lastVisit));
    checkNumbers(out);
    return new CompactHistory(out);
  }

  private static boolean allNumbered(List<StepVisit> history) {
    for (StepVisit v : history) {
      if (v == null || !v.numbered()) {
        return false;
      }
    }
    return true;
  }

  /** Numbered entries as they are, checked as {@link #of} checks them: ordered, one per step, first visits their own. */
  private static CompactHistory numbered(List<StepVisit> history) {
    StepVisit[] out = history.toArray(new StepVisit[0]);
    java.util.Set<StepKey> steps = new java.util.HashSet<>(out.length * 2);
    long next = 0;
    for (StepVisit v : out) {
      if (v.lastVisit() < next) {
        throw new IllegalArgumentException("history entries must be ordered by last visit, but the entry of step '"
            + v.stepId() + "' was last visited as visit " + v.lastVisit() + " after visit " + (next - 1));
      }
      if (!steps.add(new StepKey(v.stepId(), v.contentHash()))) {
        throw new IllegalArgumentException("a history holds one entry per step, but step '" + v.stepId()
            + "' (content hash " + v.contentHash() + ") has two");
      }
      next = v.lastVisit() + 1;
    }
    checkNumbers(out);
    return new CompactHistory(out);
  }

  private record StepKey(String stepId, String contentHash) {}

  /**
   * Every entry's first visit is its own. (A came-from number need not name an entry of the list: a journal record
   * stores the entries a change added apart from those it kept, and the queries skip a number no entry has.)
   */
  private static void checkNumbers(StepVisit[] entries) {
    Map<Long, StepVisit> byFirst = new HashMap<>();
    for (StepVisit e : entries) {
      StepVisit other = byFirst.put(e.firstVisit(), e);
      if (other != null) {
        throw new IllegalArgumentException("history entries of steps '" + other.stepId() + "' and '" + e.stepId()
            + "' both claim visit " + e.firstVisit() + " as their first");
      }
    }
  }

  /** This history with one more visit of {@code visit}'s step: its entry moves to the end. */
  CompactHistory append(StepVisit visit) {
    int at = -1;
    for (int i = entries.length - 1; i >= 0; i--) {
      if (entries[i].sameStep(visit)) {
        at = i;
        break;
      }
    }
    StepVisit prev = entries.length == 0 ? null : entries[entries.length - 1];
    StepVisit merged = visited(at < 0 ? null : entries[at], visit, visitCount(), prev);
    StepVisit[] out;
    if (at < 0) {
      out = Arrays.copyOf(entries, entries.length + 1);
    } else {
      out = new StepVisit[entries.length];
      System.arraycopy(entries, 0, out, 0, at);
      System.arraycopy(entries, at + 1, out, at, entries.length - at - 1);
    }
    out[out.length - 1] = merged;
    return new CompactHistory(out);
  }

  /** How many visits the session made: the number of the next. */
  long visitCount() {
    return entries.length == 0 ? 0 : entries[entries.length - 1].lastVisit() + 1;
  }

  /** The entry of a visit numbered {@code number} of {@code visit}'s step, merged into {@code entry} if there is one. */
  private static StepVisit visited(StepVisit entry, StepVisit visit, long number, StepVisit prev) {
    if (entry == null) {
      return new StepVisit(visit.stepId(), visit.stepName(), visit.contentHash(), visit.visitedAt(),
          visit.checkpoint(), visit.checkpointDescription(), visit.visitedAt(), 1, number, number,
          prev == null ? ImmutableSet.of() : ImmutableSet.of(prev.firstVisit()));
    }
    java.util.Set<Long> from = entry.cameFrom();
    if (prev != null && !prev.sameStep(entry) && !from.contains(prev.firstVisit())) {
      List<Long> l = new ArrayList<>(from.size() + 1);
      l.addAll(from);
      l.add(prev.firstVisit());
      from = ImmutableSet.copyOf(l);
    }
    return new StepVisit(visit.stepId(), visit.stepName(), visit.contentHash(), visit.visitedAt(),
        visit.checkpoint(), visit.checkpointDescription(), entry.firstVisitedAt(), entry.visits() + 1,
        entry.firstVisit(), number, from);
  }

  private static String key(StepVisit v) {
    return v.stepId() + '\u0000' + v.contentHash();
  }

  @Override
  public StepVisit get(int index) {
    return entries[index];
  }

  @Override
  public int size() {
    return entries.length;
  }
}
