package org.scenariomigration.benchmarks;

import java.util.List;
import java.util.Optional;
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.spi.PlanJournalSummary;
import org.scenariomigration.spi.SessionCommit;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.SessionStore;

/**
 * Delegates to an {@link InMemorySessionStore} that {@link #nextGeneration} replaces with a fresh one, so that a
 * benchmark migrating one session millions of times does not measure the garbage collector copying millions of
 * journal records. Every method, the default ones included, goes to the current store. Single-threaded benchmark use
 * only.
 */
final class GenerationalSessionStore implements SessionStore, JournalStore {
  private InMemorySessionStore current = new InMemorySessionStore();

  /** Starts a fresh store holding only {@code session}; returns it as stored. */
  SessionState nextGeneration(SessionState session) {
    current = new InMemorySessionStore();
    return current.insert(session);
  }

  @Override
  public Optional<SessionState> find(String tenantId, String sessionId) {
    return current.find(tenantId, sessionId);
  }

  @Override
  public SessionState findOrNull(String tenantId, String sessionId) {
    return current.findOrNull(tenantId, sessionId);
  }

  @Override
  public SessionState insert(SessionState session) {
    return current.insert(session);
  }

  @Override
  public SessionState update(SessionState session, long expectedRevision) {
    return current.update(session, expectedRevision);
  }

  @Override
  public SessionState commit(SessionState session, long expectedRevision, JournalRecord record) {
    return current.commit(session, expectedRevision, record);
  }

  @Override
  public List<Optional<SessionState>> commitAll(List<SessionCommit> commits) {
    return current.commitAll(commits);
  }

  @Override
  public int mark(MarkCriteria criteria) {
    return current.mark(criteria);
  }

  @Override
  public int[] markAll(List<MarkCriteria> criteria) {
    return current.markAll(criteria); // the in-memory store's one pass, not the default's loop over mark
  }

  @Override
  public int unmark(String tenantId, String planId) {
    return current.unmark(tenantId, planId);
  }

  @Override
  public List<SessionState> findAtVersion(String tenantId, String scenarioId, int version, int limit) {
    return current.findAtVersion(tenantId, scenarioId, version, limit);
  }

  @Override
  public List<SessionState> findMarked(String tenantId, String planId, String afterSessionId, int limit) {
    return current.findMarked(tenantId, planId, afterSessionId, limit);
  }

  @Override
  public long countMarked(String tenantId, String planId) {
    return current.countMarked(tenantId, planId);
  }

  @Override
  public List<JournalRecord> forSession(String tenantId, String sessionId) {
    return current.forSession(tenantId, sessionId);
  }

  @Override
  public List<JournalRecord> forPlan(String tenantId, String planId) {
    return current.forPlan(tenantId, planId);
  }

  @Override
  public PlanJournalSummary summarize(String tenantId, String planId) {
    return current.summarize(tenantId, planId);
  }
}
