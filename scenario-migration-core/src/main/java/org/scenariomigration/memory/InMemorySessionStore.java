package org.scenariomigration.memory;

import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.VariableValues;
import org.scenariomigration.spi.ConcurrentOperationException;
import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.spi.CustomerErasure;
import org.scenariomigration.spi.DuplicateRecordException;
import org.scenariomigration.spi.ErasureRecord;
import org.scenariomigration.spi.Generations;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.spi.MarkedPage;
import org.scenariomigration.spi.SessionCommit;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.spi.StoredIds;
import org.scenariomigration.spi.UnsupportedValueException;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory {@link SessionStore} and {@link JournalStore}: one object, so that a migration and its journal record
 * commit atomically. Thread-safe; each session is updated under its map entry's lock. Data lives as long as the
 * object. Like the database stores, it keeps only the values of {@link VariableValues}: every write normalises the
 * session's variables (and its journal record's) and refuses what is outside the model with
 * {@link UnsupportedValueException}, storing nothing. Ids are checked as {@link StoredIds} says: writes check the ids
 * they change, and a read by an id outside the grammar finds nothing because nothing is stored under one.
 */
public final class InMemorySessionStore implements SessionStore, JournalStore {
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, SessionState>> sessions =
      new ConcurrentHashMap<>();
  /** Each tenant's journal, indexed by record id, by session and by plan. */
  private final ConcurrentHashMap<String, Journal> journal = new ConcurrentHashMap<>();

  @Override
  public Optional<SessionState> find(String tenantId, String sessionId) {
    return Optional.ofNullable(findOrNull(tenantId, sessionId));
  }

  @Override
  public SessionState findOrNull(String tenantId, String sessionId) {
    Map<String, SessionState> t = sessions.get(tenantId);
    return t == null ? null : t.get(sessionId);
  }

  @Override
  public SessionState insert(SessionState session) {
    StoredIds.requireValid(session);
    SessionState stored = VariableValues.normalize(session).withRevision(1);
    SessionState prior = tenant(session.tenantId()).putIfAbsent(session.sessionId(), stored);
    if (prior != null) {
      throw new DuplicateRecordException(session.tenantId(), "session", session.sessionId(),
          "session '" + session.sessionId() + "' of tenant '" + session.tenantId()
          + "' already exists");
    }
    return stored;
  }

  @Override
  public SessionState update(SessionState session, long expectedRevision) {
    return write(session, expectedRevision, ANY_GENERATION, null);
  }

  @Override
  public SessionState update(SessionState session, long expectedRevision, long expectedGeneration) {
    return write(session, expectedRevision, expectedGeneration, null);
  }

  @Override
  public SessionState commit(SessionState session, long expectedRevision, JournalRecord record) {
    return write(session, expectedRevision, ANY_GENERATION, requireNonNull(record, "record"));
  }

  @Override
  public SessionState commit(SessionState session, long expectedRevision, long expectedGeneration,
      JournalRecord record) {
    return write(session, expectedRevision, expectedGeneration, requireNonNull(record, "record"));
  }

  // ------------------------------------------------------------------------------------------- change generations

  /** A scenario's change generation and the operation holding it; guarded by its own monitor. */
  private static final class Gate {
    long generation;
    String holder;
  }

  private record GateKey(String tenantId, String scenarioId) {}

  private final ConcurrentHashMap<GateKey, Gate> gates = new ConcurrentHashMap<>();

  private Gate gate(String tenantId, String scenarioId) {
    return gates.computeIfAbsent(new GateKey(requireNonNull(tenantId, "tenantId"),
        requireNonNull(scenarioId, "scenarioId")), k -> new Gate());
  }

  @Override
  public long changeGeneration(String tenantId, String scenarioId) {
    Gate g = gate(tenantId, scenarioId);
    synchronized (g) {
      return g.generation;
    }
  }

  @Override
  public long beginChange(String tenantId, String scenarioId, String operation) {
    requireNonNull(operation, "operation");
    Gate g = gate(tenantId, scenarioId);
    synchronized (g) {
      if (g.holder != null && !g.holder.equals(operation)) {
        throw new ConcurrentOperationException(tenantId, scenarioId, operation, g.holder);
      }
      if (g.holder == null) {
        g.holder = operation;
        g.generation = Generations.odd();
      }
      return g.generation;
    }
  }

  @Override
  public long endChange(String tenantId, String scenarioId, String operation) {
    requireNonNull(operation, "operation");
    Gate g = gate(tenantId, scenarioId);
    synchronized (g) {
      if (operation.equals(g.holder)) {
        g.holder = null;
        g.generation = Generations.even();
      }
      return g.generation;
    }
  }

  @Override
  public String changeHolder(String tenantId, String scenarioId) {
    Gate g = gate(tenantId, scenarioId);
    synchronized (g) {
      return g.holder;
    }
  }

  private SessionState write(SessionState given, long expectedRevision, long expectedGeneration,
      JournalRecord givenRecord) {
    String tenantId = given.tenantId();
    ConcurrentHashMap<String, SessionState> known = sessions.get(tenantId);
    SessionState stored = known == null ? null : known.get(given.sessionId());
    // ids first, as the database stores check them before any statement (what is stored was checked when written)
    if (stored == null) {
      StoredIds.requireValid(given);
    } else {
      StoredIds.requireValidChanges(stored, given);
    }
    ConcurrentHashMap<String, SessionState> sessionsOfTenant = known == null ? tenant(tenantId) : known;
    // the values a database would refuse are refused here too, before anything changes; variables identical to the
    // ones stored (normal already) are not walked again
    Map<String, Object> trusted = stored == null ? null : stored.variables();
    SessionState session;
    JournalRecord record;
    if (givenRecord == null) {
      session = VariableValues.normalize(given, trusted, null, null);
      record = null;
    } else {
      SessionCommit c = VariableValues.normalize(new SessionCommit(given, expectedRevision, givenRecord), trusted);
      session = c.session();
      record = c.record();
    }
    Gate gate = expectedGeneration == ANY_GENERATION ? null : gate(tenantId, session.scenarioId());
    return sessionsOfTenant.compute(session.sessionId(), (id, current) -> {
      if (current == null) {
        throw new ConcurrentUpdateException(tenantId, "session", id, "revision " + expectedRevision, "no session");
      }
      if (current.revision() != expectedRevision) {
        throw new ConcurrentUpdateException(tenantId, "session", id, "revision " + expectedRevision,
            "revision " + current.revision());
      }
      if (gate != null) {
        long now;
        synchronized (gate) {
          now = gate.generation;
        }
        if (now != expectedGeneration) {
          throw new ConcurrentUpdateException(tenantId, "scenario", current.scenarioId(),
              "change generation " + expectedGeneration, "change generation " + now);
        }
      }
      if (record != null && !journal.computeIfAbsent(tenantId, k -> new Journal()).append(record)) {
        throw new DuplicateRecordException(tenantId, "journal record", record.id(),
            "journal record '" + record.id() + "' of tenant '" + tenantId
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
  public List<SessionState> findAtVersion(String tenantId, String scenarioId, int version, String afterSessionId,
      int limit) {
    if (afterSessionId != null && !StoredIds.mayBeStored(afterSessionId)) {
      return List.of(); // as the database stores answer: no session id sorts after an id no session can have
    }
    return select(tenantId, s -> s.scenarioId().equals(scenarioId) && s.version() == version
        && (afterSessionId == null || s.sessionId().compareTo(afterSessionId) > 0), limit);
  }

  @Override
  public List<SessionState> findMarked(String tenantId, String planId, String afterSessionId, int limit) {
    if (afterSessionId != null && !StoredIds.mayBeStored(afterSessionId)) {
      return List.of(); // as the database stores answer: no session id sorts after an id no session can have
    }
    return select(tenantId, s -> s.pending() != null && s.pending().planId().equals(planId)
        && (afterSessionId == null || s.sessionId().compareTo(afterSessionId) > 0), limit);
  }

  /** Sessions held by open claimed pages, per tenant. */
  private final ConcurrentHashMap<String, java.util.Set<String>> claimed = new ConcurrentHashMap<>();

  /**
   * Claims the page as a database store does: another open page's sessions are skipped, the page's writes go through
   * at once (there are no transactions here) and {@link MarkedPage#close} without {@link MarkedPage#commitAll} undoes
   * the page's updates that nobody wrote over since.
   */
  @Override
  public MarkedPage claimMarked(String tenantId, String planId, String afterSessionId, int limit) {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(planId, "planId");
    if (afterSessionId != null && !StoredIds.mayBeStored(afterSessionId)) {
      return MarkedPage.unclaimed(this, List.of()); // as findMarked: nothing sorts after an id no session can have
    }
    return claim(tenantId, s -> s.pending() != null && s.pending().planId().equals(planId)
        && (afterSessionId == null || s.sessionId().compareTo(afterSessionId) > 0), limit);
  }

  /** One pass over the tenant's sessions. */
  @Override
  public long[] countEligible(List<MarkCriteria> criteria) {
    MarkCriteria first = MarkCriteria.requireOneVersion(criteria);
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

  /** Claims as {@link #claimMarked} does the sessions a deployment covers ({@link SessionStore#claimEligible}). */
  @Override
  public MarkedPage claimEligible(List<MarkCriteria> criteria, String afterSessionId, int limit) {
    MarkCriteria first = MarkCriteria.requireOneVersion(criteria);
    if (first == null || (afterSessionId != null && !StoredIds.mayBeStored(afterSessionId))) {
      return MarkedPage.unclaimed(this, List.of());
    }
    return claim(first.tenantId(), s -> (afterSessionId == null || s.sessionId().compareTo(afterSessionId) > 0)
        && MarkCriteria.covers(criteria, s), limit);
  }

  private MarkedPage claim(String tenantId, java.util.function.Predicate<SessionState> which, int limit) {
    java.util.Set<String> held = claimed.computeIfAbsent(tenantId, k -> ConcurrentHashMap.newKeySet());
    List<SessionState> page = new java.util.ArrayList<>();
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
    return new MemoryPage(tenantId, held, page);
  }

  private final class MemoryPage implements MarkedPage {
    private final String tenantId;
    private final java.util.Set<String> held;
    private final List<SessionState> sessions;
    /** The state before the page's first update of each session, and the revision its last update wrote. */
    private final Map<String, SessionState> undo = new LinkedHashMap<>();
    private final Map<String, Long> written = new java.util.HashMap<>();
    private boolean open = true;

    MemoryPage(String tenantId, java.util.Set<String> held, List<SessionState> sessions) {
      this.tenantId = tenantId;
      this.held = held;
      this.sessions = List.copyOf(sessions);
    }

    @Override
    public List<SessionState> sessions() {
      return sessions;
    }

    @Override
    public SessionState update(SessionState session, long expectedRevision) {
      return update(session, expectedRevision, ANY_GENERATION);
    }

    @Override
    public SessionState update(SessionState session, long expectedRevision, long expectedGeneration) {
      SessionState before = find(session.tenantId(), session.sessionId()).orElse(null);
      SessionState stored = InMemorySessionStore.this.update(session, expectedRevision, expectedGeneration);
      if (before != null) {
        undo.putIfAbsent(session.sessionId(), before);
        written.put(session.sessionId(), stored.revision());
      }
      return stored;
    }

    @Override
    public List<Optional<SessionState>> commitAll(List<SessionCommit> commits) {
      try {
        return commits.isEmpty() ? List.of() : InMemorySessionStore.this.commitAll(commits);
      } finally {
        undo.clear();
        written.clear();
        release();
      }
    }

    @Override
    public void close() {
      if (!open) {
        return;
      }
      Map<String, SessionState> t = sessions.isEmpty() && undo.isEmpty() ? null
          : InMemorySessionStore.this.sessions.get(tenantId);
      // undo the page's updates as a database rolls its transaction back, unless another write came after them
      undo.forEach((id, before) -> t.computeIfPresent(id, (k, now) -> now.revision() == written.get(id) ? before
          : now));
      undo.clear();
      written.clear();
      release();
    }

    private void release() {
      if (open) {
        open = false;
        synchronized (held) {
          for (SessionState s : sessions) {
            held.remove(s.sessionId());
          }
        }
      }
    }
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

    /** Removes the records {@code which} selects, at most {@code limit}; returns how many. */
    synchronized int remove(java.util.function.Predicate<JournalRecord> which, int limit) {
      int n = 0;
      for (java.util.Iterator<JournalRecord> it = byId.values().iterator(); it.hasNext() && n < limit; ) {
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
    synchronized int rewrite(String sessionId, java.util.function.UnaryOperator<JournalRecord> change) {
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

    synchronized List<JournalRecord> read(Map<String, List<JournalRecord>> index, String key) {
      List<JournalRecord> l = index.get(key);
      return l == null ? List.of() : List.copyOf(l);
    }
  }

  // ------------------------------------------------------------------------------------------- retention and erasure

  @Override
  public List<String> endedSessionIds(String tenantId, String scenarioId, java.time.Instant endedBefore,
      int limit) {
    return ended(tenantId, scenarioId, endedBefore, limit).stream().map(SessionState::sessionId).toList();
  }

  private List<SessionState> ended(String tenantId, String scenarioId, java.time.Instant endedBefore, int limit) {
    return select(tenantId, s -> s.scenarioId().equals(scenarioId) && s.end() != null
        && s.end().at().isBefore(endedBefore), limit);
  }

  @Override
  public int deleteEnded(String tenantId, String scenarioId, java.time.Instant endedBefore, int limit) {
    Map<String, SessionState> t = sessions.get(tenantId);
    if (t == null) {
      return 0;
    }
    int n = 0;
    for (SessionState s : ended(tenantId, scenarioId, endedBefore, limit)) {
      if (t.remove(s.sessionId(), s)) {
        Journal j = journal.get(tenantId);
        if (j != null) {
          j.remove(r -> r.sessionId().equals(s.sessionId()), Integer.MAX_VALUE);
        }
        n++;
      }
    }
    return n;
  }

  @Override
  public int deleteJournal(String tenantId, String scenarioId, java.time.Instant before,
      java.util.Set<String> keepPlanIds, int limit) {
    Journal j = journal.get(tenantId);
    Map<String, SessionState> t = sessions.get(tenantId);
    if (j == null || t == null) {
      return 0;
    }
    return j.remove(r -> r.at().isBefore(before) && (r.planId() == null || !keepPlanIds.contains(r.planId()))
        && onScenario(t.get(r.sessionId()), scenarioId), limit);
  }

  private static boolean onScenario(SessionState s, String scenarioId) {
    return s != null && s.scenarioId().equals(scenarioId);
  }

  @Override
  public long countJournal(String tenantId, String planId, java.time.Instant before) {
    return forPlan(tenantId, planId).stream().filter(r -> r.at().isBefore(before)).count();
  }

  @Override
  public ErasureRecord eraseCustomer(String tenantId, String customerId, ErasureRecord erasure) {
    Map<String, SessionState> t = sessions.get(tenantId);
    if (t == null) {
      return erasure.withSessionData(0, 0, 0);
    }
    int[] counts = new int[3];
    Journal j = journal.get(tenantId);
    for (String id : t.keySet()) {
      t.computeIfPresent(id, (k, s) -> {
        if (!s.customerId().equals(customerId)) {
          return s;
        }
        counts[0]++;
        counts[1] += s.variables().size();
        if (j != null) {
          counts[2] += j.rewrite(id, CustomerErasure::erase);
        }
        return s.variables().isEmpty() ? s : CustomerErasure.erase(s).withRevision(s.revision() + 1);
      });
    }
    return erasure.withSessionData(counts[0], counts[1], counts[2]);
  }

  private final ConcurrentHashMap<String, List<ErasureRecord>> erasures = new ConcurrentHashMap<>();

  @Override
  public void recordErasure(ErasureRecord erasure) {
    erasures.computeIfAbsent(erasure.tenantId(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
        .add(erasure);
  }

  @Override
  public List<ErasureRecord> erasures(String tenantId) {
    List<ErasureRecord> l = erasures.get(tenantId);
    return l == null ? List.of() : List.copyOf(l);
  }

  private ConcurrentHashMap<String, SessionState> tenant(String tenantId) {
    return sessions.computeIfAbsent(requireNonNull(tenantId, "tenantId"), k -> new ConcurrentHashMap<>());
  }
}
