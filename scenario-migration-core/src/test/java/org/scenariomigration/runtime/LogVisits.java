package org.scenariomigration.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scenariomigration.session.StepVisit;

/**
 * The queries of {@link Visits} answered from a session's full visit log (one raw visit per step reached, oldest
 * first), as the library kept histories before they were bounded: the oracle that the bounded form must agree with.
 * The entries it answers with are the last visit of each step, so that names and times read the same.
 */
final class LogVisits implements Visits {
  private final List<StepVisit> log;
  private final Map<String, StepVisit> lastOfStep = new LinkedHashMap<>();

  LogVisits(List<StepVisit> log) {
    this.log = List.copyOf(log);
    for (StepVisit v : this.log) {
      lastOfStep.put(key(v), v);
    }
  }

  private static String key(StepVisit v) {
    return v.stepId() + '\u0000' + v.contentHash();
  }

  @Override
  public List<StepVisit> byLastVisit() {
    // walk back from the newest visit, keeping each step's first sighting, then turn the order round
    List<StepVisit> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = log.size() - 1; i >= 0; i--) {
      if (seen.add(key(log.get(i)))) {
        out.add(0, log.get(i));
      }
    }
    return out;
  }

  @Override
  public List<StepVisit> byFirstVisit() {
    List<StepVisit> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (StepVisit v : log) {
      if (seen.add(key(v))) {
        out.add(lastOfStep.get(key(v)));
      }
    }
    return out;
  }

  @Override
  public List<StepVisit> cameFrom(StepVisit entry) {
    Map<String, StepVisit> from = new HashMap<>();
    for (int i = 1; i < log.size(); i++) {
      if (key(log.get(i)).equals(key(entry)) && !key(log.get(i - 1)).equals(key(entry))) {
        from.put(key(log.get(i - 1)), lastOfStep.get(key(log.get(i - 1))));
      }
    }
    return new ArrayList<>(from.values());
  }

  @Override
  public long visitCount() {
    return log.size();
  }

  @Override
  public StepVisit checkpointSince(long number) {
    for (int i = log.size() - 1; i >= number; i--) {
      if (log.get(i).checkpoint()) {
        return lastOfStep.get(key(log.get(i)));
      }
    }
    return null;
  }
}
