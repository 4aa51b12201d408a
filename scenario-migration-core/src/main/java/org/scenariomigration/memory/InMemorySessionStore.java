package org.scenariomigration.memory;

import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.VariableValues;
import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.spi.CustomerErasure;
import org.scenariomigration.spi.DuplicateRecordException;
import org.scenariomigration.spi.ErasureRecord;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.spi.MarkedPage;
import org.scenariomigration.spi.SessionCommit;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.spi.StoredIds;
import org.scenariomigration.spi.UnsupportedValueException;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The in-memory {@link SessionStore} and {@link JournalStore}: one object, so that a migration and its journal record
 * commit atomically. Thread-safe; each session is updated under its map entry's lock. Data lives as long as the
 * object. Like the database stores, it keeps only the values of {@link VariableValues}: every write normalises the
 * session's variables (and its journal record's) and refuses what is outside the model with
 * {@link UnsupportedValueException}, storing nothing. Ids are checked as {@link StoredIds} says: writes check the ids
 * they change, and a read by an id outside the grammar finds nothing because nothing is stored under one.
 *
 * <p>This class holds the single-session reads and writes; the queries over many sessions and the claimed pages are
 * in {@code SessionQueries} and {@code MemoryPage}, each tenant's journal in {@code TenantJournal}, the change
 * generations in {@code ChangeGates}.
 */
public final class InMemorySessionStore implements SessionStore, JournalStore {
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, SessionState>> sessions =
      new ConcurrentHashMap<>();
  /** Each tenant's journal, indexed by record id, by session and by plan. */
  private final ConcurrentHashMap<String, TenantJournal> journal = new ConcurrentHashMap<>();

  private final ChangeGates gates = new ChangeGates();
  private final SessionQueries queries = new SessionQueries(this, sessions);
  private final ConcurrentHashMap<String, List<ErasureRecord>> erasures = new ConcurrentHashMap<>();

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

  @Override
  public long changeGeneration(String tenantId, String scenarioId) {
    return gates.changeGeneration(tenantId, scenarioId);
  }

  @Override
  public long beginChange(String tenantId, String scenarioId, String operation) {
    return gates.beginChange(tenantId, scenarioId, operation);
  }

  @Override
  public long endChange(String tenantId, String scenarioId, String operation) {
    return gates.endChange(tenantId, scenarioId, operation);
  }

  @Override
  public String changeHolder(String tenantId, String scenarioId) {
    return gates.changeHolder(tenantId, scenarioId);
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
    ChangeGates.Gate gate = expectedGeneration == ANY_GENERATION ? null : gates.gate(tenantId, session.scenarioId());
    return sessionsOfTenant.compute(session.sessionId(), (id, current) -> {
      if (current == null) {
        throw new ConcurrentUpdateException(tenantId, "session", id, "revision " + expectedRevision, "no session");
      }
      if (current.revision() != expectedRevision) {
        throw new ConcurrentUpdateException(tenantId, "session", id, "revision " + expectedRevision,
            "revision " + current.revision());
      }
      if (gate != null) {
        long now = gate.generation();
        if (now != expectedGeneration) {
          throw new ConcurrentUpdateException(tenantId, "scenario", current.scenarioId(),
              "change generation " + expectedGeneration, "change generation " + now);
        }
      }
      if (record != null && !journal.computeIfAbsent(tenantId, k -> new TenantJournal()).append(record)) {
        throw new DuplicateRecordException(tenantId, "journal record", record.id(),
            "journal record '" + record.id() + "' of tenant '" + tenantId
            + "' already exists");
      }
      return session.withRevision(expectedRevision + 1);
    });
  }

  // ------------------------------------------------------------------------------------------- many sessions

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
    return queries.markCombined(criteria);
  }

  @Override
  public int unmark(String tenantId, String planId) {
    return queries.unmark(tenantId, planId);
  }


  @Override
  public List<SessionState> findAtVersion(String tenantId, String scenarioId, int version, int limit) {
    return queries.select(tenantId, s -> s.scenarioId().equals(scenarioId) && s.version() == version, limit);
  }

  @Override
  public List<SessionState> findAtVersion(String tenantId, String scenarioId, int version, String afterSessionId,
      int limit) {
    if (afterSessionId != null && !StoredIds.mayBeStored(afterSessionId)) {
      return List.of(); // as the database stores answer: no session id sorts after an id no session can have
    }
    return queries.select(tenantId, s -> s.scenarioId().equals(scenarioId) && s.version() == version
        && (afterSessionId == null || s.sessionId().compareTo(afterSessionId) > 0), limit);
  }

  @Override
  public List<SessionState> findMarked(String tenantId, String planId, String afterSessionId, int limit) {
    if (afterSessionId != null && !StoredIds.mayBeStored(afterSessionId)) {
      return List.of(); // as the database stores answer: no session id sorts after an id no session can have
    }
    return queries.select(tenantId, s -> s.pending() != null && s.pending().planId().equals(planId)
        && (afterSessionId == null || s.sessionId().compareTo(afterSessionId) > 0), limit);
  }

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
    return queries.claim(tenantId, s -> s.pending() != null && s.pending().planId().equals(planId)
        && (afterSessionId == null || s.sessionId().compareTo(afterSessionId) > 0), limit);
  }

  /** One pass over the tenant's sessions. */
  @Override
  public long[] countEligible(List<MarkCriteria> criteria) {
    return queries.countEligible(MarkCriteria.requireOneVersion(criteria), criteria);
  }


  /** Claims as {@link #claimMarked} does the sessions a deployment covers ({@link SessionStore#claimEligible}). */
  @Override
  public MarkedPage claimEligible(List<MarkCriteria> criteria, String afterSessionId, int limit) {
    MarkCriteria first = MarkCriteria.requireOneVersion(criteria);
    if (first == null || (afterSessionId != null && !StoredIds.mayBeStored(afterSessionId))) {
      return MarkedPage.unclaimed(this, List.of());
    }
    return queries.claim(first.tenantId(), s -> (afterSessionId == null || s.sessionId().compareTo(afterSessionId) > 0)
        && MarkCriteria.covers(criteria, s), limit);
  }

  @Override
  public long countMarked(String tenantId, String planId) {
    return queries.countMarked(tenantId, planId);
  }

  // ------------------------------------------------------------------------------------------- journal

  /** A session's records, oldest first: one look-up in the tenant's index, whatever the journal's size. */
  @Override
  public List<JournalRecord> forSession(String tenantId, String sessionId) {
    TenantJournal j = journal.get(tenantId);
    return j == null ? List.of() : j.forSession(sessionId);
  }

  /** A plan's records, oldest first: one look-up in the tenant's index, whatever the journal's size. */
  @Override
  public List<JournalRecord> forPlan(String tenantId, String planId) {
    TenantJournal j = journal.get(tenantId);
    return j == null ? List.of() : j.forPlan(planId);
  }

  // ------------------------------------------------------------------------------------------- retention and erasure

  @Override
  public List<String> endedSessionIds(String tenantId, String scenarioId, Instant endedBefore,
      int limit) {
    return ended(tenantId, scenarioId, endedBefore, limit).stream().map(SessionState::sessionId).toList();
  }

  private List<SessionState> ended(String tenantId, String scenarioId, Instant endedBefore, int limit) {
    return queries.select(tenantId, s -> s.scenarioId().equals(scenarioId) && s.end() != null
        && s.end().at().isBefore(endedBefore), limit);
  }

  @Override
  public int deleteEnded(String tenantId, String scenarioId, Instant endedBefore, int limit) {
    Map<String, SessionState> t = sessions.get(tenantId);
    if (t == null) {
      return 0;
    }
    int n = 0;
    for (SessionState s : ended(tenantId, scenarioId, endedBefore, limit)) {
      if (t.remove(s.sessionId(), s)) {
        TenantJournal j = journal.get(tenantId);
        if (j != null) {
          j.remove(r -> r.sessionId().equals(s.sessionId()), Integer.MAX_VALUE);
        }
        n++;
      }
    }
    return n;
  }

  @Override
  public int deleteJournal(String tenantId, String scenarioId, Instant before,
      Set<String> keepPlanIds, int limit) {
    TenantJournal j = journal.get(tenantId);
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
  public long countJournal(String tenantId, String planId, Instant before) {
    return forPlan(tenantId, planId).stream().filter(r -> r.at().isBefore(before)).count();
  }

  @Override
  public ErasureRecord eraseCustomer(String tenantId, String customerId, ErasureRecord erasure) {
    Map<String, SessionState> t = sessions.get(tenantId);
    if (t == null) {
      return erasure.withSessionData(0, 0, 0);
    }
    int[] counts = new int[3];
    TenantJournal j = journal.get(tenantId);
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


  @Override
  public void recordErasure(ErasureRecord erasure) {
    erasures.computeIfAbsent(erasure.tenantId(), k -> new CopyOnWriteArrayList<>())
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
