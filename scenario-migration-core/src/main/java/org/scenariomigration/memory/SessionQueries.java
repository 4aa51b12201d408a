package org.scenariomigration.memory;

import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.spi.MarkedPage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The in-memory session store's queries over many sessions: selection in session id order, marking and unmarking,
 * the counts of eligible and marked sessions, and the claimed pages ({@link MemoryPage}). Each is one pass over a
 * tenant's sessions; a session changes under its map entry's lock.
 */
final class SessionQueries {
  private final InMemorySessionStore store;
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, SessionState>> sessions;
  /** Sessions held by open claimed pages, per tenant. */
  private final ConcurrentHashMap<String, Set<String>> claimed = new ConcurrentHashMap<>();

  SessionQueries(InMemorySessionStore store,
      ConcurrentHashMap<String, ConcurrentHashMap<String, SessionState>> sessions) {
    this.store = store;
    this.sessions = sessions;
  }

  /** The tenant's sessions {@code p} selects, in session id order, at most {@code limit}. */
  List<SessionState> select(String tenantId, Predicate<SessionState> p, int limit) {
    Map<String, SessionState> t = sessions.get(tenantId);
    if (t == null) {
      return List.of();
    }
    return t.values().stream().filter(p).sorted(Comparator.comparing(SessionState::sessionId)).limit(limit)
        .toList();
  }

  /** Marks in one pass the sessions of criteria that {@link MarkCriteria#combinable combine}. */
  int[] markCombined(List<MarkCriteria> criteria) {
    int[] counts = new int[criteria.size()];
    Map<String, SessionState> t = sessions.get(criteria.get(0).tenantId());
    if (t == null) {
      return counts;
    }
    Map<String, Integer> byStep = new HashMap<>();
    for (int i = 0; i < criteria.size(); i++) {
      byStep.put(criteria.get(i).fromStepId(), i);
    }
    for (String id : t.keySet()) {
      t.computeIfPresent(id, (k, s) -> {
        Integer i = byStep.get(s.currentStepId());
        if (i == null || !criteria.get(i).matches(s)) {
          return s;
        }
        counts[i]++;
        return s.withPending(criteria.get(i).marker()).withRevision(s.revision() + 1);
      });
    }
    return counts;
  }

  /** Takes the marker of {@code planId} off the tenant's sessions; returns how many. */
  int unmark(String tenantId, String planId) {
    Map<String, SessionState> t = sessions.get(tenantId);
    if (t == null) {
      return 0;
    }
    int[] count = new int[1];
    for (String id : t.keySet()) {
      t.computeIfPresent(id, (k, s) -> {
        if (s.pending() == null || !s.pending().planId().equals(planId)) {
          return s;
        }
        count[0]++;
        return s.withPending(null).withRevision(s.revision() + 1);
      });
    }
    return count[0];
  }

  /** How many sessions each criterion covers first, in one pass over the tenant's sessions. */
  long[] countEligible(MarkCriteria first, List<MarkCriteria> criteria) {
    long[] counts = new long[criteria.size()];
    Map<String, SessionState> t = first == null ? null : sessions.get(first.tenantId());
    if (t == null) {
      return counts;
    }
    for (SessionState s : t.values()) {
      for (int i = 0; i < counts.length; i++) {
        if (criteria.get(i).matches(s)) {
          counts[i]++;
          break;
        }
      }
    }
    return counts;
  }

  /** How many of the tenant's sessions carry the marker of {@code planId}. */
  long countMarked(String tenantId, String planId) {
    Map<String, SessionState> t = sessions.get(tenantId);
    if (t == null) {
      return 0;
    }
    return t.values().stream().filter(s -> s.pending() != null && s.pending().planId().equals(planId)).count();
  }

  /** Claims the first {@code limit} sessions {@code which} selects that no open page holds. */
  MarkedPage claim(String tenantId, Predicate<SessionState> which, int limit) {
    Set<String> held = claimed.computeIfAbsent(tenantId, k -> ConcurrentHashMap.newKeySet());
    List<SessionState> page = new ArrayList<>();
    synchronized (held) {
      for (SessionState s : select(tenantId, which, Integer.MAX_VALUE)) {
        if (page.size() >= limit) {
          break;
        }
        if (held.add(s.sessionId())) {
          page.add(s);
        }
      }
    }
    return new MemoryPage(store, sessions, tenantId, held, page);
  }
}
