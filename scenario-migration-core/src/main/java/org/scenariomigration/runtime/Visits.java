package org.scenariomigration.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.scenariomigration.session.StepVisit;

/**
 * What the runtime reads of a session's history, and nothing else: which steps it visited and in which order of last
 * and first visit, which came directly after which, how many visits it made and whether a checkpoint was visited
 * since a given visit. Every decision that looks at a history (checkpoint guard, relocation targets, the way a
 * session came to an anchor) goes through these queries, so that the bounded history ({@link #of}) answers them as
 * the full visit log would.
 */
interface Visits {

  /** The queries over a session's bounded history (one entry per distinct step, ordered by last visit). */
  static Visits of(List<StepVisit> history) {
    return new Compact(history);
  }

  /** The distinct steps visited (one entry each, carrying its last visit), ordered by last visit, oldest first. */
  List<StepVisit> byLastVisit();

  /** The distinct steps visited, ordered by first visit, oldest first. */
  List<StepVisit> byFirstVisit();

  /** The entries of the steps that a visit of {@code entry}'s step came from directly (not itself). */
  List<StepVisit> cameFrom(StepVisit entry);

  /** How many visits the session made. */
  long visitCount();

  /**
   * The checkpoint visited last, if its last visit is visit number {@code number} or later (0 is the first visit), or
   * {@code null}: whether a checkpoint was visited since, and the most recent one.
   */
  StepVisit checkpointSince(long number);

  /** Whether the session visited step {@code stepId} (of any version). */
  default boolean visited(String stepId) {
    for (StepVisit v : byLastVisit()) {
      if (v.stepId().equals(stepId)) {
        return true;
      }
    }
    return false;
  }

  /** The most recently visited step of id {@code stepId}, or {@code null}. */
  default StepVisit lastOf(String stepId) {
    List<StepVisit> l = byLastVisit();
    for (int i = l.size() - 1; i >= 0; i--) {
      if (l.get(i).stepId().equals(stepId)) {
        return l.get(i);
      }
    }
    return null;
  }

  /** The bounded history: the entries are the answer, as they are. */
  final class Compact implements Visits {
    private final List<StepVisit> entries;
    private Map<Long, StepVisit> byFirst;

    Compact(List<StepVisit> entries) {
      this.entries = entries;
    }

    @Override
    public List<StepVisit> byLastVisit() {
      return entries;
    }

    @Override
    public List<StepVisit> byFirstVisit() {
      List<StepVisit> l = new ArrayList<>(entries);
      l.sort(Comparator.comparingLong(StepVisit::firstVisit));
      return l;
    }

    @Override
    public List<StepVisit> cameFrom(StepVisit entry) {
      if (byFirst == null) {
        byFirst = new HashMap<>();
        for (StepVisit e : entries) {
          byFirst.put(e.firstVisit(), e);
        }
      }
      List<StepVisit> out = new ArrayList<>(entry.cameFrom().size());
      for (Long id : entry.cameFrom()) {
        StepVisit e = byFirst.get(id);
        if (e != null) {
          out.add(e);
        }
      }
      return out;
    }

    @Override
    public long visitCount() {
      return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).lastVisit() + 1;
    }

    @Override
    public StepVisit checkpointSince(long number) {
      // the checkpoint visited last: exact, since an entry's last visit is the latest visit of its step
      for (int i = entries.size() - 1; i >= 0 && entries.get(i).lastVisit() >= number; i--) {
        if (entries.get(i).checkpoint()) {
          return entries.get(i);
        }
      }
      return null;
    }
  }
}
