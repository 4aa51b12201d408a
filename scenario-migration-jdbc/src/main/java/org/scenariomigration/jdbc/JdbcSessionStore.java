package org.scenariomigration.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.scenariomigration.InvalidIdException;
import org.scenariomigration.json.JournalJson;
import org.scenariomigration.json.SessionJson;
import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.spi.CustomerErasure;
import org.scenariomigration.spi.ErasureRecord;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.spi.MarkedPage;
import org.scenariomigration.spi.PlanJournalSummary;
import org.scenariomigration.spi.SessionCommit;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.spi.StoredIds;
import org.scenariomigration.spi.UnsupportedValueException;
import org.scenariomigration.session.VariableValues;

/**
 * The JDBC {@link SessionStore} and {@link JournalStore}: one object, so that {@link #commit} writes the session and
 * its journal record in one transaction. Get it from {@link JdbcStores#sessionStore()}. Thread-safe; it takes a
 * connection from the data source per operation and gives it back at once.
 *
 * <p>Every write is an {@code UPDATE ... WHERE tenant_id = ? AND session_id = ? AND revision = ?}: when it changes no
 * row, the store throws {@link ConcurrentUpdateException} naming the revision it expected and the one it found.
 * {@link #mark} is one set-based {@code UPDATE} per criteria; where the dialect
 * {@link Dialect#supportsUpdateReturningInWith() can} (PostgreSQL) {@link #markAll} marks every anchor of a plan with
 * one {@code UPDATE}, as each row it rewrites costs a new row version, index entries and write-ahead log (a full page
 * image of every page touched after a checkpoint). {@link #claimMarked} claims a page of eager batch
 * migration with {@code FOR UPDATE SKIP LOCKED} in a transaction that its {@link MarkedPage#commitAll} ends, writing the
 * page in two JDBC batches.
 *
 * <p>Every write first normalises the session's variables and its journal record's
 * ({@link VariableValues#normalize(SessionState)}, {@link VariableValues#normalize(SessionCommit)}), as the in-memory
 * store does: a value outside the model throws {@link UnsupportedValueException} before any statement runs, and every
 * value of the model comes back exactly ({@link SessionJson}, {@link JournalJson}).
 *
 * <p>Ids are checked as {@link StoredIds} says before any statement: a write with an id outside the grammar throws
 * {@link InvalidIdException}, a read by one answers empty without asking the database (whose driver would send a lone
 * surrogate as {@code ?}).
 */
public final class JdbcSessionStore implements SessionStore, JournalStore {
  private final Jdbc jdbc;
  private final SessionRows rows;
  private final SessionWrites writes;
  private final ChangeGates gates;
  private final SessionMarking marking;
  private final PageClaims claims;
  private final JournalReads journal;
  private final Retention retention;

  JdbcSessionStore(Jdbc jdbc, SqlDialect sql, JournalJson.Form journalFormat) {
    this.jdbc = jdbc;
    this.rows = new SessionRows(jdbc, sql);
    this.gates = new ChangeGates(jdbc, sql);
    this.writes = new SessionWrites(this, jdbc, sql, rows, gates, journalFormat);
    MarkConditions conditions = new MarkConditions(sql);
    this.marking = new SessionMarking(jdbc, sql, rows, conditions);
    this.claims = new PageClaims(this, jdbc, sql, rows, writes, conditions);
    this.journal = new JournalReads(jdbc, sql);
    this.retention = new Retention(jdbc, sql, journalFormat);
  }

  // ------------------------------------------------------------------------------------------- reads

  /** One primary-key read. */
  @Override
  public Optional<SessionState> find(String tenantId, String sessionId) {
    return rows.find(tenantId, sessionId);
  }

  @Override
  public List<SessionState> findAtVersion(String tenantId, String scenarioId, int version, int limit) {
    return rows.findAtVersion(tenantId, scenarioId, version, limit);
  }

  @Override
  public List<SessionState> findAtVersion(String tenantId, String scenarioId, int version, String afterSessionId,
      int limit) {
    return rows.findAtVersion(tenantId, scenarioId, version, afterSessionId, limit);
  }

  @Override
  public List<SessionState> findMarked(String tenantId, String planId, String afterSessionId, int limit) {
    return rows.findMarked(tenantId, planId, afterSessionId, limit);
  }

  /**
   * Claims the page in a transaction of its own with {@code SELECT ... FOR UPDATE SKIP LOCKED}: the rows stay locked,
   * and other nodes' claims skip them, until the page's {@link MarkedPage#commitAll} commits its writes or
   * {@link MarkedPage#close} rolls them back. A write of another node to a claimed row waits for the page and then
   * fails its revision check.
   */
  @Override
  public MarkedPage claimMarked(String tenantId, String planId, String afterSessionId, int limit) {
    return claims.claimMarked(tenantId, planId, afterSessionId, limit);
  }

  @Override
  public long countMarked(String tenantId, String planId) {
    return rows.countMarked(tenantId, planId);
  }

  /** One aggregate statement over the version's rows that have not ended. */
  @Override
  public org.scenariomigration.spi.SessionCounts countAtVersion(String tenantId, String scenarioId, int version) {
    return rows.countAtVersion(tenantId, scenarioId, version);
  }

  // ------------------------------------------------------------------------------------------- writes

  @Override
  public SessionState insert(SessionState session) {
    return writes.insert(session);
  }

  @Override
  public SessionState update(SessionState session, long expectedRevision) {
    return update(session, expectedRevision, ANY_GENERATION);
  }

  @Override
  public SessionState update(SessionState session, long expectedRevision, long expectedGeneration) {
    return writes.update(session, expectedRevision, expectedGeneration);
  }

  /**
   * One transaction of two statements: the revision-checked session {@code UPDATE} and the journal {@code INSERT}.
   * When either fails, both are rolled back.
   */
  @Override
  public SessionState commit(SessionState session, long expectedRevision, JournalRecord record) {
    return commit(session, expectedRevision, ANY_GENERATION, record);
  }

  @Override
  public SessionState commit(SessionState session, long expectedRevision, long expectedGeneration,
      JournalRecord record) {
    return writes.commit(session, expectedRevision, expectedGeneration, record);
  }

  /**
   * One transaction for the whole list: the revision-checked {@code UPDATE}s as one JDBC batch, then the journal
   * {@code INSERT}s of the sessions whose update changed a row as a second batch, then one commit. An update that
   * changed no row is a failed revision check: its commit is left out (empty) and writes nothing. When the driver
   * does not report per-row counts, or a batch fails (a duplicate record id, a lock timeout, a deadlock), the
   * transaction is rolled back and the commits are applied one at a time with {@link #commit}, which tells each
   * case apart as it always does.
   */
  @Override
  public List<Optional<SessionState>> commitAll(List<SessionCommit> commits) {
    return writes.commitAll(commits);
  }

  /** Each commit in a transaction of its own, as {@link SessionStore#commitAll} does by default. */
  List<Optional<SessionState>> commitOneByOne(List<SessionCommit> commits) {
    return SessionStore.super.commitAll(commits);
  }

  // ------------------------------------------------------------------------------------------- change generations

  /** One primary-key read of the gates table; 0 before the scenario's first change. */
  @Override
  public long changeGeneration(String tenantId, String scenarioId) {
    return gates.changeGeneration(tenantId, scenarioId);
  }

  @Override
  public String changeHolder(String tenantId, String scenarioId) {
    return gates.changeHolder(tenantId, scenarioId);
  }

  /**
   * Creates the scenario's gate row when it has none (a statement of its own: a concurrent creation is a duplicate
   * key, which is fine), then, in one transaction, locks it ({@code FOR UPDATE}), refuses another holder, and makes
   * the generation odd with the operation as holder.
   */
  @Override
  public long beginChange(String tenantId, String scenarioId, String operation) {
    return gates.beginChange(tenantId, scenarioId, operation);
  }

  @Override
  public long endChange(String tenantId, String scenarioId, String operation) {
    return gates.endChange(tenantId, scenarioId, operation);
  }

  // ------------------------------------------------------------------------------------------- marking

  /**
   * One set-based {@code UPDATE}: position, marker, settled plans and rollout bucket in the {@code WHERE} clause,
   * the scope filter as channel and step {@code IN} lists and {@code created_at} bounds computed from
   * {@link MarkCriteria#now()}.
   */
  @Override
  public int mark(MarkCriteria m) {
    return marking.mark(m);
  }

  /**
   * Where the dialect {@link Dialect#supportsUpdateReturningInWith() can} (PostgreSQL), criteria of one plan
   * ({@link MarkCriteria#combinable}) run as one set-based {@code UPDATE} over all their steps, which visits each row
   * of the table once instead of once per anchor: the marker is chosen per step with a {@code CASE}, each criteria's
   * scope filter applies to its step only, and the counts per step come back from {@code RETURNING}. Elsewhere,
   * and for criteria that do not combine, one {@link #mark} per criteria.
   */
  @Override
  public int[] markAll(List<MarkCriteria> criteria) {
    MarkCriteria.requireAll(criteria);
    return marking.marksAtOnce(criteria) ? marking.markAtOnce(criteria) : SessionStore.super.markAll(criteria);
  }

  @Override
  public int unmark(String tenantId, String planId) {
    return marking.unmark(tenantId, planId);
  }

  // ------------------------------------------------------------------------------------------- eligible sessions

  /**
   * One aggregate query over the marking index (tenant, scenario, version, step), whatever the criteria: each
   * session of the criteria's steps is given the position of the first criteria it matches with a {@code CASE}, as
   * {@link MarkCriteria#matches} decides (the scope filter's age bounds computed from {@link MarkCriteria#now()}), and
   * the sessions are counted per position. Writes nothing.
   */
  @Override
  public long[] countEligible(List<MarkCriteria> criteria) {
    return marking.countEligible(criteria);
  }

  /**
   * Claims, as {@link #claimMarked} does ({@code FOR UPDATE SKIP LOCKED} in a transaction its page ends), the sessions
   * of the criteria's source version that have not ended and carry a forward marker of the criteria's plan or no
   * marker and match one of the criteria, in session id order.
   */
  @Override
  public MarkedPage claimEligible(List<MarkCriteria> criteria, String afterSessionId, int limit) {
    return claims.claimEligible(criteria, afterSessionId, limit);
  }

  // ------------------------------------------------------------------------------------------- journal

  @Override
  public List<JournalRecord> forSession(String tenantId, String sessionId) {
    return journal.forSession(tenantId, sessionId);
  }

  @Override
  public List<JournalRecord> forPlan(String tenantId, String planId) {
    return journal.forPlan(tenantId, planId);
  }

  /** One aggregate query: counts per kind and migration class, and the newest migration time. */
  @Override
  public PlanJournalSummary summarize(String tenantId, String planId) {
    return journal.summarize(tenantId, planId);
  }

  /**
   * Whether a connection the data source hands out now arrives with auto-commit off and is not the library's to commit
   * ({@code commitWhenAutoCommitOff} unset): the stores' writes then join the host's transaction. One connection,
   * taken and given back; inside the host's transaction it is the host's one.
   */
  @Override
  public boolean joinsHostTransaction() {
    return jdbc.joinedNow(() -> "look-up of the host's transaction");
  }

  // ------------------------------------------------------------------------------------------- retention and erasure

  /**
   * One transaction: picks the page's ended sessions ({@code ORDER BY session_id LIMIT}), deletes their journal
   * records, then the sessions (still ended: a session is never un-ended).
   */
  @Override
  public int deleteEnded(String tenantId, String scenarioId, Instant endedBefore, int limit) {
    return retention.deleteEnded(tenantId, scenarioId, endedBefore, limit);
  }

  @Override
  public List<String> endedSessionIds(String tenantId, String scenarioId, Instant endedBefore, int limit) {
    return retention.endedSessionIds(tenantId, scenarioId, endedBefore, limit);
  }

  /** One transaction: picks the page's record sequence numbers, then deletes them. */
  @Override
  public int deleteJournal(String tenantId, String scenarioId, Instant before, Set<String> keepPlanIds,
      int limit) {
    return retention.deleteJournal(tenantId, scenarioId, before, keepPlanIds, limit);
  }

  @Override
  public long countJournal(String tenantId, String planId, Instant before) {
    return retention.countJournal(tenantId, planId, before);
  }

  /**
   * One transaction: reads the customer's sessions and their journal records, writes empty variables to each session
   * that had some (its revision bumped, so that a write prepared from the old state fails and is retried on the erased
   * one), and rewrites each record that held values ({@link CustomerErasure}).
   */
  @Override
  public ErasureRecord eraseCustomer(String tenantId, String customerId, ErasureRecord erasure) {
    return retention.eraseCustomer(tenantId, customerId, erasure);
  }

  @Override
  public void recordErasure(ErasureRecord e) {
    retention.recordErasure(e);
  }

  @Override
  public List<ErasureRecord> erasures(String tenantId) {
    return retention.erasures(tenantId);
  }
}
