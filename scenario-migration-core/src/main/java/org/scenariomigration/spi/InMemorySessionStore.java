package org.scenariomigration.spi;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory {@link SessionStore} and {@link JournalStore}: one object, so that a migration and its journal record
 * commit atomically. Thread-safe; each session is updated under its map entry's lock. Data lives as long as the
 * object.
 */
public final class InMemorySessionStore implements SessionStore, JournalStore {
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, SessionState>> sessions =
      new ConcurrentHashMap<>();
  /** Each tenant's journal, indexed by record id, by session and by plan. */
  private final ConcurrentHashMap<String, Journal> journal = new ConcurrentHashMap<>();

  @Override
  public Optional<SessionState> find(String tenantId, String sessionId) {
    Map<String, SessionState> t = sessions.get(tenantId);
    return t == null ? Optional.empty() : Optional.ofNullable(t.get(sessionId));
  }

  @Override
  public SessionState insert(SessionState session) {
    SessionState stored = session.withRevision(1);
    SessionState prior = tenant(session.tenantId()).putIfAbsent(session.sessionId(), stored);
    if (prior != null) {
      throw new DuplicateRecordException("session '" + session.sessionId() + "' of tenant '" + session.tenantId()
          + "' already exists");
    }
    return stored;
  }

  @Override
  public SessionState update(SessionState session, long expectedRevision) {
    return write(session, expectedRevision, null);
  }

  @Override
  public SessionState commit(SessionState session, long expectedRevision, JournalRecord record) {
    return write(session, expectedRevision, requireNonNull(record, "record"));
  }

  private SessionState write(SessionState session, long expectedRevision, JournalRecord record) {
    String tenantId = session.tenantId();
    return tenant(tenantId).compute(session.sessionId(), (id, current) -> {
      if (current == null) {
        throw new ConcurrentUpdateException(tenantId, "session", id, "revision " + expectedRevision, "no session");
      }
      if (current.revision() != expectedRevision) {
        throw new ConcurrentUpdateException(tenantId, "session", id, "revision " + expectedRevision,
            "revision " + current.revision());
      }
      if (record != null && !journal.computeIfAbsent(tenantId, k -> new Journal()).append(record)) {
        throw new DuplicateRecordException("journal record '" + record.id() + "' of tenant '" + tenantId
            + "' already exists");
      }
      return session.withRevision(expectedRevision + 1);
    });
  }

  @Override
  public int mark(MarkCriteria c) {
    return markAll(List.of(requireNonNull(c, "criteria")))[0];
  }

  /** Criteria of one plan that {@link MarkCriteria#combinable combine} are applied in one pass over the sessions. */
  @Override
  public int[] markAll(List<MarkCriteria> criteria) {
    MarkCriteria.requireAll(criteria);
    if (!MarkCriteria.combinable(criteria)) {
      return SessionStore.super.markAll(criteria);
    }
    int[] counts = new int[criteria.size()];
    Map<String, SessionState> t = sessions.get(criteria.get(0).tenantId());
    if (t == null) {
      return counts;
    }
    Map<String, Integer> byStep = new java.util.HashMap<>();
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

  @Override
  public int unmark(String tenantId, String planId) {
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

  @Override
  public List<SessionState> findAtVersion(String tenantId, String scenarioId, int version, int limit) {
    return select(tenantId, s -> s.scenarioId().equals(scenarioId) && s.version() == version, limit);
  }

  @Override
  public List<SessionState> findMarked(String tenantId, String planId, String afterSessionId, int limit) {
    return select(tenantId, s -> s.pending() != null && s.pending().planId().equals(planId)
        && (afterSessionId == null || s.sessionId().compareTo(afterSessionId) > 0), limit);
  }

  @Override
  public long countMarked(String tenantId, String planId) {
    Map<String, SessionState> t = sessions.get(tenantId);
    if (t == null) {
      return 0;
    }
    return t.values().stream().filter(s -> s.pending() != null && s.pending().planId().equals(planId)).count();
  }

  private List<SessionState> select(String tenantId, java.util.function.Predicate<SessionState> p, int limit) {
    Map<String, SessionState> t = sessions.get(tenantId);
    if (t == null) {
      return List.of();
    }
    return t.values().stream().filter(p).sorted(Comparator.comparing(SessionState::sessionId)).limit(limit)
        .toList();
  }

  /** A session's records, oldest first: one look-up in the tenant's index, whatever the journal's size. */
  @Override
  public List<JournalRecord> forSession(String tenantId, String sessionId) {
    Journal j = journal.get(tenantId);
    return j == null ? List.of() : j.read(j.bySession, sessionId);
  }

  /** A plan's records, oldest first: one look-up in the tenant's index, whatever the journal's size. */
  @Override
  public List<JournalRecord> forPlan(String tenantId, String planId) {
    Journal j = journal.get(tenantId);
    return j == null ? List.of() : j.read(j.byPlan, planId);
  }

  /**
   * One tenant's journal: the record ids (the uniqueness check) and the records of each session and of each plan in
   * insertion order. The check and the appends are one operation under the journal's lock; a read by session or
   * plan costs the records it returns, not the size of the tenant's journal (which it used to scan).
   */
  private static final class Journal {
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

    synchronized List<JournalRecord> read(Map<String, List<JournalRecord>> index, String key) {
      List<JournalRecord> l = index.get(key);
      return l == null ? List.of() : List.copyOf(l);
    }
  }

  private ConcurrentHashMap<String, SessionState> tenant(String tenantId) {
    return sessions.computeIfAbsent(requireNonNull(tenantId, "tenantId"), k -> new ConcurrentHashMap<>());
  }
}
