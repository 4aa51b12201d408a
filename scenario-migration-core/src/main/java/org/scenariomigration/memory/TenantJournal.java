package org.scenariomigration.memory;

import org.scenariomigration.spi.JournalRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One tenant's journal: the record ids (the uniqueness check) and the records of each session and of each plan in
 * insertion order. The check and the appends are one operation under the journal's lock; a read by session or
 * plan costs the records it returns, not the size of the tenant's journal (which it used to scan).
 */
final class TenantJournal {
  private final HashMap<String, JournalRecord> byId = new HashMap<>();
  private final HashMap<String, List<JournalRecord>> bySession = new HashMap<>();
  private final HashMap<String, List<JournalRecord>> byPlan = new HashMap<>();

  /** Appends {@code r}; false, and nothing changed, when its id is taken. */
  synchronized boolean append(JournalRecord r) {
    if (byId.putIfAbsent(r.id(), r) != null) {
      return false;
    }
    bySession.computeIfAbsent(r.sessionId(), k -> new ArrayList<>(2)).add(r);
    if (r.planId() != null) {
      byPlan.computeIfAbsent(r.planId(), k -> new ArrayList<>()).add(r);
    }
    return true;
  }

  /** Removes the records {@code which} selects, at most {@code limit}; returns how many. */
  synchronized int remove(Predicate<JournalRecord> which, int limit) {
    int n = 0;
    for (Iterator<JournalRecord> it = byId.values().iterator(); it.hasNext() && n < limit; ) {
      JournalRecord r = it.next();
      if (which.test(r)) {
        it.remove();
        unindex(bySession, r.sessionId(), r);
        if (r.planId() != null) {
          unindex(byPlan, r.planId(), r);
        }
        n++;
      }
    }
    return n;
  }

  private static void unindex(Map<String, List<JournalRecord>> index, String key, JournalRecord r) {
    List<JournalRecord> l = index.get(key);
    if (l != null) {
      l.removeIf(x -> x == r);
      if (l.isEmpty()) {
        index.remove(key);
      }
    }
  }

  /** Replaces a session's records by what {@code change} makes of them; returns how many changed. */
  synchronized int rewrite(String sessionId, UnaryOperator<JournalRecord> change) {
    List<JournalRecord> l = bySession.get(sessionId);
    if (l == null) {
      return 0;
    }
    int n = 0;
    for (int i = 0; i < l.size(); i++) {
      JournalRecord r = l.get(i);
      JournalRecord c = change.apply(r);
      if (c != r) {
        l.set(i, c);
        byId.put(c.id(), c);
        if (r.planId() != null) {
          List<JournalRecord> p = byPlan.get(r.planId());
          p.replaceAll(x -> x == r ? c : x);
        }
        n++;
      }
    }
    return n;
  }


  /** A session's records, oldest first. */
  synchronized List<JournalRecord> forSession(String sessionId) {
    return read(bySession, sessionId);
  }

  /** A plan's records, oldest first. */
  synchronized List<JournalRecord> forPlan(String planId) {
    return read(byPlan, planId);
  }

  private static List<JournalRecord> read(Map<String, List<JournalRecord>> index, String key) {
    List<JournalRecord> l = index.get(key);
    return l == null ? List.of() : List.copyOf(l);
  }
}
