package org.scenariomigration.spi;

import org.scenariomigration.session.SessionState;
import java.util.List;
import java.util.Optional;

/**
 * Stores session state, scoped by tenant. Every write checks the revision it was given and bumps it; a mismatch throws
 * {@link ConcurrentUpdateException} and changes nothing. Implementations must pass the contract suite
 * {@code SessionStoreContract} in the core test-jar. Ids follow the id grammar as {@link StoredIds} says: a write
 * with a bad id throws and changes nothing, a read by one finds nothing.
 */
public interface SessionStore {
  /** The page size the default {@link #countEligible} and {@link #claimEligible} read with. */
  int DEFAULT_PAGE = 500;


  /** The expected generation of a write that does not check one. */
  long ANY_GENERATION = -1;

  /** The session, if the tenant has one with this id. */
  Optional<SessionState> find(String tenantId, String sessionId);

  /**
   * The session, or {@code null} when the tenant has none with this id: {@link #find} without the {@code Optional}.
   * This is the only read on the per-message hot path, which must allocate nothing when nothing is pending; a store
   * whose {@code find} allocates should answer this directly.
   */
  default SessionState findOrNull(String tenantId, String sessionId) {
    return find(tenantId, sessionId).orElse(null);
  }

  /** Inserts a new session with revision 1 and returns it; {@link DuplicateRecordException} if the id is taken. */
  SessionState insert(SessionState session);

  /**
   * Replaces a session if its stored revision is {@code expectedRevision}; returns the stored state with the revision
   * bumped.
   */
  SessionState update(SessionState session, long expectedRevision);

  /**
   * Replaces a session if its stored revision is {@code expectedRevision} and appends {@code record} to the journal,
   * atomically: both happen or neither does. Returns the stored state with the revision bumped. A record whose id the
   * tenant's journal already holds is a {@link DuplicateRecordException} and changes nothing. Stores keep instants to
   * at least microsecond precision.
   */
  SessionState commit(SessionState session, long expectedRevision, JournalRecord record);

  /**
   * Applies several {@link #commit}s in list order, each atomically on its own, and returns for each the stored state
   * (its revision bumped), or empty where the revision (or generation) check failed: nothing of that commit is written
   * and the others are unaffected. Eager batch migration writes a page of migrations with this, so that a database store can write
   * them in one transaction with batched statements.
   *
   * <p>A commit that fails for another reason (a journal record id the tenant's journal holds already, a store
   * failure) is thrown; the commits before it in the list then stay stored and those after it are not applied. A
   * store that writes the list in one transaction and fails to commit that transaction throws with none of them
   * stored (the sessions keep their markers, so nothing is lost: they are applied again later).
   *
   * <p>The default calls {@link #commit} for each, mapping {@link ConcurrentUpdateException} to empty.
   *
   * @param commits the commits
   * @return the stored state of each commit, in the order of {@code commits}
   */
  default List<Optional<SessionState>> commitAll(List<SessionCommit> commits) {
    java.util.Objects.requireNonNull(commits, "commits");
    List<Optional<SessionState>> out = new java.util.ArrayList<>(commits.size());
    for (SessionCommit c : commits) {
      try {
        out.add(Optional.of(commit(c.session(), c.expectedRevision(), c.expectedGeneration(), c.record())));
      } catch (ConcurrentUpdateException e) {
        out.add(Optional.empty());
      }
    }
    return out;
  }

  /**
   * Sets the marker on every session that {@link MarkCriteria#matches(SessionState)}, as one set-based operation, and
   * returns how many were marked. Positions and versions are never changed. The engine no longer marks at deploy (a
   * deployment covers sessions, counted with {@link #countEligible}); markers it finds, written by an older version or
   * by a host, are honoured. Kept for stores and hosts that mark sessions themselves.
   */
  int mark(MarkCriteria criteria);

  /**
   * Marks with every criteria of {@code criteria}, in order, as {@link #mark(MarkCriteria)} would one after another, and
   * returns how many sessions each one marked, in the same order. Deploying a plan marks with one criteria per anchor;
   * a database store may run them as one set-based operation, so that each row is visited once (criteria of one plan
   * name distinct steps and so select disjoint sessions). This default calls {@link #mark(MarkCriteria)} per criteria.
   *
   * @throws NullPointerException when {@code criteria} or one of its elements is {@code null}, before anything is
   *     marked
   */
  default int[] markAll(List<MarkCriteria> criteria) {
    MarkCriteria.requireAll(criteria);
    int[] counts = new int[criteria.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = mark(criteria.get(i));
    }
    return counts;
  }

  // ------------------------------------------------------------------------------------------- change generations

  /**
   * The change generation of a scenario: a number that every operator change of the scenario (a deploy, a rollback,
   * a rollout widened, a version made current, a purge) sets to a fresh odd value when it begins and to a fresh even
   * one when it ends ({@link Generations}: never the same twice, so that a change rolled back with a host's
   * transaction and made again gets another); 0 before the first. A reconcile reads it before it reads the facts it decides on, and writes only while
   * it is unchanged ({@link #update(SessionState, long, long)}), so that no write ever rests on a half-done change or
   * on facts a cache kept from before one. Must read the stored value, never a cached one.
   *
   * <p>The default answers 0 and the conditional writes ignore it: a store that keeps the default gives no such
   * protection. Every store of this library implements it; the contract suite tests it.
   */
  default long changeGeneration(String tenantId, String scenarioId) {
    return 0;
  }

  /**
   * Begins an operator change of a scenario: makes its generation odd and records {@code operation} as holding it.
   * When the same operation holds it already (a retry of a call that failed part-way), it goes on holding it.
   *
   * @return the generation now (odd)
   * @throws ConcurrentOperationException naming the holder when another operation holds the scenario
   */
  default long beginChange(String tenantId, String scenarioId, String operation) {
    return 1;
  }

  /**
   * Ends an operator change: makes the generation even again and releases the scenario; does nothing unless
   * {@code operation} holds it.
   *
   * @return the generation now
   */
  default long endChange(String tenantId, String scenarioId, String operation) {
    return 0;
  }

  /** The operation holding the scenario, or {@code null} when none does. */
  default String changeHolder(String tenantId, String scenarioId) {
    return null;
  }

  /**
   * {@link #update(SessionState, long)} that also requires the change generation of the session's scenario to be
   * {@code expectedGeneration} ({@link #ANY_GENERATION}: no check), in the same atomic step: otherwise
   * {@link ConcurrentUpdateException} and nothing is written. The default checks nothing.
   */
  default SessionState update(SessionState session, long expectedRevision, long expectedGeneration) {
    return update(session, expectedRevision);
  }

  /** {@link #commit} with the generation check of {@link #update(SessionState, long, long)}. */
  default SessionState commit(SessionState session, long expectedRevision, long expectedGeneration,
      JournalRecord record) {
    return commit(session, expectedRevision, record);
  }

  /** Removes the marker of every session marked by {@code planId}; returns how many. */
  int unmark(String tenantId, String planId);

  /** Sessions of a tenant on a scenario version, ordered by session id, at most {@code limit}. */
  List<SessionState> findAtVersion(String tenantId, String scenarioId, int version, int limit);

  /**
   * One page of {@link #findAtVersion(String, String, int, int)}: the sessions whose id sorts after
   * {@code afterSessionId} ({@code null}: from the first), ordered by session id, at most {@code limit}; so that the
   * library reads the sessions of a version page by page, never all of them (and their histories) at once. The
   * default filters {@link #findAtVersion(String, String, int, int)} (which reads them all); a store that holds its
   * sessions elsewhere than in the heap should page in its query.
   */
  default List<SessionState> findAtVersion(String tenantId, String scenarioId, int version, String afterSessionId,
      int limit) {
    return findAtVersion(tenantId, scenarioId, version, Integer.MAX_VALUE).stream()
        .filter(s -> afterSessionId == null || s.sessionId().compareTo(afterSessionId) > 0)
        .sorted(java.util.Comparator.comparing(SessionState::sessionId)).limit(Math.max(0, limit)).toList();
  }

  /**
   * Sessions of a tenant marked by {@code planId} whose id sorts after {@code afterSessionId} ({@code null} for the
   * first page), ordered by session id, at most {@code limit}. A plain read: it claims nothing.
   */
  List<SessionState> findMarked(String tenantId, String planId, String afterSessionId, int limit);

  /**
   * Claims the next page of sessions marked by {@code planId} (as {@link #findMarked} selects them, but skipping
   * sessions another open page holds), for eager batch migration: two nodes migrating the same plan then work on
   * different sessions. A database store holds the page's rows locked in a transaction
   * ({@code SELECT ... FOR UPDATE SKIP LOCKED}) until the page's {@link MarkedPage#commitAll} or
   * {@link MarkedPage#close}. The default claims nothing ({@link MarkedPage#unclaimed}).
   */
  default MarkedPage claimMarked(String tenantId, String planId, String afterSessionId, int limit) {
    return MarkedPage.unclaimed(this, findMarked(tenantId, planId, afterSessionId, limit));
  }

  /** How many sessions of a tenant carry a marker of {@code planId}. */
  long countMarked(String tenantId, String planId);

  /**
   * How many sessions match each of {@code criteria} ({@link MarkCriteria#matches}): the sessions a deployment covers
   * and has not judged yet, counted without a write, per criteria in the same order. The criteria share one tenant,
   * scenario and source version. A database store answers with one aggregate query; the default pages through
   * {@link #findAtVersion(String, String, int, String, int)}.
   *
   * @throws IllegalArgumentException when the criteria name more than one tenant, scenario or source version
   */
  default long[] countEligible(List<MarkCriteria> criteria) {
    MarkCriteria first = MarkCriteria.requireOneVersion(criteria);
    long[] counts = new long[criteria.size()];
    if (first == null) {
      return counts;
    }
    String after = null;
    while (true) {
      List<SessionState> page = findAtVersion(first.tenantId(), first.scenarioId(), first.fromVersion(), after,
          SessionStore.DEFAULT_PAGE);
      for (SessionState s : page) {
        for (int i = 0; i < counts.length; i++) {
          if (criteria.get(i).matches(s)) {
            counts[i]++;
            break;
          }
        }
      }
      if (page.size() < SessionStore.DEFAULT_PAGE) {
        return counts;
      }
      after = page.get(page.size() - 1).sessionId();
    }
  }

  /**
   * Claims the next page of the sessions a deployment covers, for eager batch migration: the sessions on the criteria's
   * source version whose id sorts after {@code afterSessionId} ({@code null}: from the first), ordered by session id,
   * at most {@code limit}, that either carry a forward marker of the criteria's plan or match one of
   * {@code criteria}, skipping sessions another open page holds (as {@link #claimMarked}). The default reads pages of
   * {@link #findAtVersion(String, String, int, String, int)} and claims nothing.
   *
   * @throws IllegalArgumentException when the criteria name more than one tenant, scenario, source version or plan
   */
  default MarkedPage claimEligible(List<MarkCriteria> criteria, String afterSessionId, int limit) {
    MarkCriteria first = MarkCriteria.requireOneVersion(criteria);
    if (first == null || limit < 1) {
      return MarkedPage.unclaimed(this, List.of());
    }
    List<SessionState> out = new java.util.ArrayList<>();
    String after = afterSessionId;
    while (out.size() < limit) {
      List<SessionState> page = findAtVersion(first.tenantId(), first.scenarioId(), first.fromVersion(), after,
          SessionStore.DEFAULT_PAGE);
      for (SessionState s : page) {
        if (out.size() < limit && MarkCriteria.covers(criteria, s)) {
          out.add(s);
        }
      }
      if (page.size() < SessionStore.DEFAULT_PAGE) {
        break;
      }
      after = page.get(page.size() - 1).sessionId();
    }
    return MarkedPage.unclaimed(this, List.copyOf(out));
  }

  /**
   * Whether the writes this store makes now, on the calling thread, join a transaction of the host's, so that they
   * commit or roll back with the host's work (the JDBC stores, when the connection arrives with auto-commit off). The
   * engine asks only when a reconcile hands the host an owed effect (required actions, a re-route notice, an exit
   * message): joined, the effect is retired in that transaction, so the host's commit retires it and its rollback
   * offers it again; otherwise it stays owed until the host acknowledges it. The default, {@code false}, is right for
   * every store whose writes commit on their own.
   */
  default boolean joinsHostTransaction() {
    return false;
  }

  /**
   * How many sessions of a tenant that have not ended are on a scenario version, with how many of them are pinned
   * and how many carry a marker: a read-only set query (one aggregate statement on the JDBC store), for the drain
   * status of a version. The default pages through {@link #findAtVersion(String, String, int, String, int)}.
   */
  default SessionCounts countAtVersion(String tenantId, String scenarioId, int version) {
    long sessions = 0;
    long pinned = 0;
    long marked = 0;
    String after = null;
    while (true) {
      List<SessionState> page = findAtVersion(tenantId, scenarioId, version, after, DEFAULT_PAGE);
      for (SessionState s : page) {
        if (s.end() == null) {
          sessions++;
          pinned += s.pinned() ? 1 : 0;
          marked += s.pending() != null ? 1 : 0;
        }
      }
      if (page.size() < DEFAULT_PAGE) {
        return new SessionCounts(sessions, pinned, marked);
      }
      after = page.get(page.size() - 1).sessionId();
    }
  }

  // ------------------------------------------------------------------------------------------- retention and erasure

  /**
   * Deletes ended sessions ({@link SessionState#end()}) of a scenario that ended before {@code endedBefore}, at most
   * {@code limit} of them, together with all their journal records, and returns how many sessions it deleted;
   * {@code ScenarioMigration.purge} calls it page after page until it returns less than {@code limit}. A session that
   * has not ended is never deleted. The default deletes nothing (the store then keeps ended sessions for ever).
   */
  default int deleteEnded(String tenantId, String scenarioId, java.time.Instant endedBefore, int limit) {
    return 0;
  }

  /**
   * The ids of the sessions {@link #deleteEnded} would delete now with the same arguments, in session-id order:
   * {@code ScenarioMigration.purge} deletes their rows of the visit log ({@link VisitLog}) first. The default answers
   * none, as the default {@link #deleteEnded} deletes none.
   */
  default List<String> endedSessionIds(String tenantId, String scenarioId, java.time.Instant endedBefore,
      int limit) {
    return List.of();
  }

  /**
   * Deletes journal records of the tenant's sessions on {@code scenarioId} written before {@code before}, except those
   * of a plan in {@code keepPlanIds}, at most {@code limit} of them, and returns how many it deleted. The default
   * deletes nothing.
   */
  default int deleteJournal(String tenantId, String scenarioId, java.time.Instant before,
      java.util.Set<String> keepPlanIds, int limit) {
    return 0;
  }

  /** How many journal records of {@code planId} were written before {@code before}; the default answers 0. */
  default long countJournal(String tenantId, String planId, java.time.Instant before) {
    return 0;
  }

  /**
   * Erases a customer's values from every session of the customer (its variables) and from their journal records
   * (the variables of the before and after states, the values of filled fields, and those values where a warning
   * quotes them), and returns {@code erasure} with the counts set ({@link ErasureRecord#withSessionData}). Positions,
   * histories, markers and revisions of the records stay as they were; a session's revision is bumped. Idempotent: a
   * second call finds nothing more to erase. The erasure record itself is written by {@link #recordErasure}.
   *
   * <p>The default throws {@link UnsupportedOperationException}: a store that cannot erase must not pretend to.
   */
  default ErasureRecord eraseCustomer(String tenantId, String customerId, ErasureRecord erasure) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot erase customer data");
  }

  /** Keeps the record of an erasure (it holds no personal data). The default throws. */
  default void recordErasure(ErasureRecord erasure) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot record erasures");
  }

  /** The tenant's erasure records, oldest first. The default answers none. */
  default List<ErasureRecord> erasures(String tenantId) {
    return List.of();
  }
}
