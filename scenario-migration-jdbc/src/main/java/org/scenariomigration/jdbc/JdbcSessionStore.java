package org.scenariomigration.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.scenariomigration.InvalidIdException;
import org.scenariomigration.json.JournalJson;
import org.scenariomigration.json.SessionJson;
import org.scenariomigration.json.SessionTexts;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.spi.ConcurrentOperationException;
import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.spi.CustomerErasure;
import org.scenariomigration.spi.DuplicateRecordException;
import org.scenariomigration.session.EndReason;
import org.scenariomigration.spi.ErasureRecord;
import org.scenariomigration.spi.Generations;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.spi.MarkedPage;
import org.scenariomigration.spi.PlanJournalSummary;
import org.scenariomigration.spi.Rollout;
import org.scenariomigration.spi.SessionCommit;
import org.scenariomigration.session.SessionEnd;
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
  private static final String COLUMNS = "tenant_id, session_id, customer_id, channel, created_at, scenario_id, "
      + "version, scenario_checksum, current_step_id, history, variables, pending, settled_plans, pinned, revision, "
      + "owed, ended_at, end_reason, pin_generation";

  private final Jdbc jdbc;
  private final SqlDialect sql;
  private final String findSql;
  private final String insertSql;
  private final String updateSql;
  private final String updateGenSql;
  private final String revisionSql;
  private final String journalInsertSql;
  /** Texts of histories, variables and markers read or written lately, reused by identity. */
  private final SessionTexts texts = new SessionTexts();

  /** The form of the journal bodies this store writes. */
  private final JournalJson.Form journalFormat;

  JdbcSessionStore(Jdbc jdbc, SqlDialect sql, JournalJson.Form journalFormat) {
    this.journalFormat = journalFormat;
    this.jdbc = jdbc;
    this.sql = sql;
    String j = sql.json();
    this.findSql = "SELECT " + COLUMNS + " FROM " + sql.sessions + " WHERE tenant_id = ? AND session_id = ?";
    this.insertSql = "INSERT INTO " + sql.sessions + " (tenant_id, session_id, customer_id, channel, created_at, "
        + "scenario_id, version, scenario_checksum, current_step_id, history, variables, pending_plan_id, pending, "
        + "settled_plans, pinned, owed, ended_at, end_reason, pin_generation, rollout_bucket, revision) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, " + j + ", " + j + ", ?, " + j + ", " + sql.settledParam() + ", ?, " + j
        + ", ?, ?, ?, ?, ?)";
    this.updateSql = "UPDATE " + sql.sessions + " SET customer_id = ?, channel = ?, created_at = ?, scenario_id = ?, "
        + "version = ?, scenario_checksum = ?, current_step_id = ?, history = " + j + ", variables = " + j
        + ", pending_plan_id = ?, pending = " + j + ", settled_plans = " + sql.settledParam()
        + ", pinned = ?, owed = " + j + ", ended_at = ?, end_reason = ?, pin_generation = ?, revision = ?"
        + " WHERE tenant_id = ? AND session_id = ? AND revision = ?";
    // the same UPDATE, also requiring the scenario's change generation (a gate row that does not exist yet is 0); an
    // expected generation of -1 (SessionStore.ANY_GENERATION) checks nothing, so one statement serves a mixed batch
    this.updateGenSql = updateSql + " AND (? = -1 OR COALESCE((SELECT g.generation FROM " + sql.gates
        + " g WHERE g.tenant_id = ? AND g.scenario_id = ?), 0) = ?)";
    this.revisionSql = "SELECT revision FROM " + sql.sessions + " WHERE tenant_id = ? AND session_id = ?";
    this.journalInsertSql = "INSERT INTO " + sql.journal + " (tenant_id, record_id, session_id, plan_id, kind, "
        + "migration_scenario, recorded_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, " + j + ")";
  }

  // ------------------------------------------------------------------------------------------- reads

  /** One primary-key read. */
  @Override
  public Optional<SessionState> find(String tenantId, String sessionId) {
    if (!StoredIds.mayBeStored(tenantId, sessionId)) {
      return Optional.empty();
    }
    return jdbc.autoCommit(() -> "find of session '" + sessionId + "' of tenant '" + tenantId + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement(findSql)) {
        ps.setString(1, tenantId);
        ps.setString(2, sessionId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<SessionState> findAtVersion(String tenantId, String scenarioId, int version, int limit) {
    if (limit <= 0 || !StoredIds.mayBeStored(tenantId, scenarioId)) {
      return List.of();
    }
    String q = "SELECT " + COLUMNS + " FROM " + sql.sessions
        + " WHERE tenant_id = ? AND scenario_id = ? AND version = ? ORDER BY session_id LIMIT ?";
    return jdbc.autoCommit(() -> "look-up of sessions of tenant '" + tenantId + "' on scenario '" + scenarioId
        + "' version " + version, c -> {
          try (PreparedStatement ps = c.prepareStatement(q)) {
            ps.setString(1, tenantId);
            ps.setString(2, scenarioId);
            ps.setInt(3, version);
            ps.setInt(4, limit);
            return rows(ps);
          }
        });
  }

  @Override
  public List<SessionState> findAtVersion(String tenantId, String scenarioId, int version, String afterSessionId,
      int limit) {
    if (limit <= 0 || !StoredIds.mayBeStored(tenantId, scenarioId)
        || (afterSessionId != null && !StoredIds.mayBeStored(afterSessionId))) {
      return List.of();
    }
    String q = "SELECT " + COLUMNS + " FROM " + sql.sessions + " WHERE tenant_id = ? AND scenario_id = ? AND version = ?"
        + (afterSessionId == null ? "" : " AND session_id > ?") + " ORDER BY session_id LIMIT ?";
    return jdbc.autoCommit(() -> "look-up of a page of sessions of tenant '" + tenantId + "' on scenario '"
        + scenarioId + "' version " + version, c -> {
          try (PreparedStatement ps = c.prepareStatement(q)) {
            int i = 1;
            ps.setString(i++, tenantId);
            ps.setString(i++, scenarioId);
            ps.setInt(i++, version);
            if (afterSessionId != null) {
              ps.setString(i++, afterSessionId);
            }
            ps.setInt(i, limit);
            return rows(ps);
          }
        });
  }

  @Override
  public List<SessionState> findMarked(String tenantId, String planId, String afterSessionId, int limit) {
    if (limit <= 0 || !StoredIds.mayBeStored(tenantId, planId)
        || (afterSessionId != null && !StoredIds.mayBeStored(afterSessionId))) {
      return List.of();
    }
    return jdbc.autoCommit(() -> "look-up of sessions of tenant '" + tenantId + "' marked by plan '" + planId + "'",
        c -> marked(c, tenantId, planId, afterSessionId, limit, ""));
  }

  private List<SessionState> marked(Connection c, String tenantId, String planId, String afterSessionId, int limit,
      String lock) throws SQLException {
    return page(c, "tenant_id = ? AND pending_plan_id = ?", List.<Object>of(tenantId, planId), afterSessionId, limit, lock);
  }

  /**
   * The sessions for which {@code where} holds (its parameters {@code params}) and whose id sorts after
   * {@code afterSessionId} ({@code null}: from the first), ordered by session id, at most {@code limit}.
   */
  private List<SessionState> page(Connection c, String where, List<Object> params, String afterSessionId, int limit,
      String lock) throws SQLException {
    String q = "SELECT " + COLUMNS + " FROM " + sql.sessions + " WHERE " + where
        + (afterSessionId == null ? "" : " AND session_id > ?") + " ORDER BY session_id LIMIT ?" + lock;
    try (PreparedStatement ps = c.prepareStatement(q)) {
      int i = bind(ps, 1, params);
      if (afterSessionId != null) {
        ps.setString(i++, afterSessionId);
      }
      ps.setInt(i, limit);
      return rows(ps);
    }
  }

  /**
   * Claims the page in a transaction of its own with {@code SELECT ... FOR UPDATE SKIP LOCKED}: the rows stay locked,
   * and other nodes' claims skip them, until the page's {@link MarkedPage#commitAll} commits its writes or
   * {@link MarkedPage#close} rolls them back. A write of another node to a claimed row waits for the page and then
   * fails its revision check.
   */
  @Override
  public MarkedPage claimMarked(String tenantId, String planId, String afterSessionId, int limit) {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(planId, "planId");
    if (limit <= 0 || !StoredIds.mayBeStored(tenantId, planId)
        || (afterSessionId != null && !StoredIds.mayBeStored(afterSessionId))) {
      return MarkedPage.unclaimed(this, List.of());
    }
    return claim(() -> "claimed page of sessions of tenant '" + tenantId + "' marked by plan '" + planId + "'",
        "tenant_id = ? AND pending_plan_id = ?", List.<Object>of(tenantId, planId), afterSessionId, limit);
  }

  /** Claims, as {@link #claimMarked} does, the sessions for which {@code where} holds. */
  private MarkedPage claim(java.util.function.Supplier<String> op, String where, List<Object> params,
      String afterSessionId, int limit) {
    Jdbc.Tx tx = jdbc.begin(op);
    try {
      List<SessionState> page;
      if (sql.dialect.locksRowsPastLimit()) {
        // a sorted FOR UPDATE would lock every row it reads before its LIMIT (H2): pick the page's ids first, then lock
        // their rows, and go on past ids whose rows all belong to other pages, as SKIP LOCKED goes on elsewhere
        page = List.of();
        String after = afterSessionId;
        while (page.isEmpty()) {
          List<String> ids = pageIds(tx.connection, where, params, after, limit);
          if (ids.isEmpty()) {
            break;
          }
          page = lock(tx.connection, where, params, ids);
          after = ids.get(ids.size() - 1);
        }
      } else {
        page = page(tx.connection, where, params, afterSessionId, limit, sql.skipLocked());
      }
      return new ClaimedPage(tx, op, page);
    } catch (SQLException e) {
      tx.close();
      throw Jdbc.failure(op.get(), e);
    } catch (RuntimeException e) {
      tx.close();
      throw e;
    }
  }

  /** The ids of {@link #page}'s sessions, without reading (and decoding) their rows. */
  private List<String> pageIds(Connection c, String where, List<Object> params, String afterSessionId, int limit)
      throws SQLException {
    String q = "SELECT session_id FROM " + sql.sessions + " WHERE " + where
        + (afterSessionId == null ? "" : " AND session_id > ?") + " ORDER BY session_id LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(q)) {
      int i = bind(ps, 1, params);
      if (afterSessionId != null) {
        ps.setString(i++, afterSessionId);
      }
      ps.setInt(i, limit);
      List<String> ids = new ArrayList<>(limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    }
  }

  /**
   * The sessions of these ids (in id order) for which {@code where} still holds, locked, skipping those another
   * transaction holds. Selected by the range of the ids, not by an {@code IN} list: H2 checks a parameter
   * {@code IN} list by a linear search for every row it locks, which made a page of 500 sessions cost 250,000
   * comparisons. A session that entered the range since the ids were read is locked with the page but left out of it.
   */
  private List<SessionState> lock(Connection c, String where, List<Object> params, List<String> ids)
      throws SQLException {
    if (ids.isEmpty()) {
      return List.of();
    }
    String q = "SELECT " + COLUMNS + " FROM " + sql.sessions + " WHERE " + where
        + " AND session_id >= ? AND session_id <= ? ORDER BY session_id" + sql.skipLocked();
    try (PreparedStatement ps = c.prepareStatement(q)) {
      int i = bind(ps, 1, params);
      ps.setString(i++, ids.get(0));
      ps.setString(i, ids.get(ids.size() - 1));
      List<SessionState> locked = rows(ps);
      if (locked.size() > ids.size() || !sameIds(locked, ids)) {
        java.util.Set<String> wanted = new java.util.HashSet<>(ids);
        locked = locked.stream().filter(s -> wanted.contains(s.sessionId())).toList();
      }
      return locked;
    }
  }

  /** Whether {@code locked} holds exactly the sessions of {@code ids}, in the same order. */
  private static boolean sameIds(List<SessionState> locked, List<String> ids) {
    if (locked.size() != ids.size()) {
      return false;
    }
    for (int k = 0; k < ids.size(); k++) {
      if (!locked.get(k).sessionId().equals(ids.get(k))) {
        return false;
      }
    }
    return true;
  }

  /** A page whose rows one open transaction holds locked; see {@link #claimMarked}. */
  private final class ClaimedPage implements MarkedPage {
    private final Jdbc.Tx tx;
    private final java.util.function.Supplier<String> op;
    private final List<SessionState> sessions;

    ClaimedPage(Jdbc.Tx tx, java.util.function.Supplier<String> op, List<SessionState> sessions) {
      this.tx = tx;
      this.op = op;
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
      StoredIds.requireValid(requireNonNull(session, "session"));
      SessionState normal = VariableValues.normalize(session);
      try {
        return write(tx.connection, normal, expectedRevision, expectedGeneration);
      } catch (SQLException e) {
        throw Jdbc.failure("update of session '" + session.sessionId() + "' in the " + op.get(), e);
      }
    }

    @Override
    public List<Optional<SessionState>> commitAll(List<SessionCommit> commits) {
      requireNonNull(commits, "commits");
      List<Optional<SessionState>> out;
      try {
        List<SessionCommit> normal = new ArrayList<>(commits.size());
        for (SessionCommit sc : commits) {
          StoredIds.requireValid(sc.session());
          normal.add(VariableValues.normalize(sc));
        }
        out = normal.isEmpty() ? List.of() : writeBatch(tx.connection, normal);
      } catch (OneByOne | UnsupportedValueException | InvalidIdException e) {
        // (a value outside the model or an id outside the grammar: one at a time, the commits before it are stored
        // and it is thrown)
        // the page's writes are undone with its claim; each commit is then applied on its own (a commit based on an
        // update the claim made fails its revision check, and the batch applies that session again)
        tx.close();
        return oneByOne(commits);
      } catch (SQLException e) {
        tx.close();
        throw Jdbc.failure("commit of the " + op.get(), e);
      } catch (RuntimeException e) {
        tx.close();
        throw e;
      }
      tx.commit();
      return out;
    }

    @Override
    public void close() {
      tx.close();
    }
  }

  @Override
  public long countMarked(String tenantId, String planId) {
    if (!StoredIds.mayBeStored(tenantId, planId)) {
      return 0;
    }
    String q = "SELECT COUNT(*) FROM " + sql.sessions + " WHERE tenant_id = ? AND pending_plan_id = ?";
    return jdbc.autoCommit(() -> "count of sessions of tenant '" + tenantId + "' marked by plan '" + planId + "'",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(q)) {
            ps.setString(1, tenantId);
            ps.setString(2, planId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private List<SessionState> rows(PreparedStatement ps) throws SQLException {
    List<SessionState> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(row(rs));
      }
    }
    return out;
  }

  private SessionState row(ResultSet rs) throws SQLException {
    return SessionState.builder().tenantId(rs.getString("tenant_id")).sessionId(rs.getString("session_id"))
        .customerId(rs.getString("customer_id")).channel(rs.getString("channel"))
        .createdAt(sql.readInstant(rs, "created_at")).scenarioId(rs.getString("scenario_id"))
        .version(rs.getInt("version")).scenarioChecksum(rs.getString("scenario_checksum"))
        .currentStepId(rs.getString("current_step_id")).history(texts.readHistory(rs.getString("history")))
        .variables(texts.readVariables(rs.getString("variables"))).pending(texts.readPending(rs.getString("pending")))
        .settledPlans(sql.readSettled(rs, "settled_plans")).pinned(rs.getBoolean("pinned"))
        .revision(rs.getLong("revision")).owed(SessionJson.readOwed(rs.getString("owed"))).end(end(rs))
        .pinGeneration(rs.getLong("pin_generation")).build();
  }

  private SessionEnd end(ResultSet rs) throws SQLException {
    String reason = rs.getString("end_reason");
    return reason == null ? null : new SessionEnd(EndReason.of(reason), sql.readInstant(rs, "ended_at"));
  }

  // ------------------------------------------------------------------------------------------- writes

  @Override
  public SessionState insert(SessionState session) {
    StoredIds.requireValid(requireNonNull(session, "session"));
    SessionState stored = VariableValues.normalize(session).withRevision(1);
    return jdbc.autoCommit(() -> "insert of session '" + session.sessionId() + "' of tenant '"
        + session.tenantId() + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement(insertSql)) {
            int i = 1;
            ps.setString(i++, stored.tenantId());
            ps.setString(i++, stored.sessionId());
            i = bindState(ps, i, stored);
            ps.setInt(i++, Rollout.bucket(stored.sessionId()));
            ps.setLong(i, 1);
            jdbc.attempt(c, ps::executeUpdate);
            return stored;
          } catch (SQLException e) {
            if (Jdbc.isIntegrityViolation(e) && exists(c, stored.tenantId(), stored.sessionId())) {
              throw new DuplicateRecordException(stored.tenantId(), "session", stored.sessionId(),
                  "session '" + stored.sessionId() + "' of tenant '"
                  + stored.tenantId() + "' already exists");
            }
            throw e;
          }
        });
  }

  @Override
  public SessionState update(SessionState session, long expectedRevision) {
    return update(session, expectedRevision, ANY_GENERATION);
  }

  @Override
  public SessionState update(SessionState session, long expectedRevision, long expectedGeneration) {
    StoredIds.requireValid(requireNonNull(session, "session"));
    SessionState normal = VariableValues.normalize(session);
    return jdbc.transaction(() -> "update of session '" + session.sessionId() + "' of tenant '"
        + session.tenantId() + "'", c -> write(c, normal, expectedRevision, expectedGeneration));
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
    StoredIds.requireValid(requireNonNull(session, "session"));
    SessionCommit normal = VariableValues.normalize(new SessionCommit(session, expectedRevision, record));
    return jdbc.transaction(() -> "commit of session '" + session.sessionId() + "' of tenant '"
        + session.tenantId() + "'", c -> {
          SessionState stored = write(c, normal.session(), expectedRevision, expectedGeneration);
          insertRecord(c, normal.record());
          return stored;
        });
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
    requireNonNull(commits, "commits");
    if (commits.size() < 2 || !allValid(commits)) {
      // one at a time: the commits before one with an invalid id are stored, it throws, the rest are not applied
      return SessionStore.super.commitAll(commits);
    }
    List<SessionCommit> normal = new ArrayList<>(commits.size());
    for (SessionCommit sc : commits) {
      try {
        normal.add(VariableValues.normalize(sc));
      } catch (UnsupportedValueException e) {
        // one at a time: the commits before it are stored and it is thrown, as the contract says
        return oneByOne(commits);
      }
    }
    SessionCommit first = commits.get(0);
    try {
      return jdbc.transaction(() -> "commit of " + commits.size() + " sessions of tenant '"
          + first.session().tenantId() + "' from session '" + first.session().sessionId() + "'",
          c -> writeBatch(c, normal));
    } catch (OneByOne e) {
      return oneByOne(commits);
    }
  }

  private static boolean allValid(List<SessionCommit> commits) {
    for (SessionCommit sc : commits) {
      try {
        StoredIds.requireValid(sc.session());
      } catch (InvalidIdException e) {
        return false;
      }
    }
    return true;
  }

  /** Each commit in a transaction of its own, as {@link SessionStore#commitAll} does by default. */
  private List<Optional<SessionState>> oneByOne(List<SessionCommit> commits) {
    return SessionStore.super.commitAll(commits);
  }

  /** Thrown inside the batch transaction to roll it back and apply the commits one at a time. */
  private static final class OneByOne extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OneByOne() {
      super(null, null, false, false);
    }
  }

  private List<Optional<SessionState>> writeBatch(Connection c, List<SessionCommit> commits) throws SQLException {
    int[] counts;
    String[] bodies = new String[commits.size()];
    try (PreparedStatement ps = c.prepareStatement(updateGenSql)) {
      for (int k = 0; k < bodies.length; k++) {
        SessionCommit sc = commits.get(k);
        bindUpdate(ps, sc.session().withRevision(sc.expectedRevision() + 1), sc.expectedRevision(),
            sc.expectedGeneration(), true);
        ps.addBatch();
        // the before state's texts, remembered when it was read, are copied in; the after state is its change
        bodies[k] = JournalJson.write(sc.record(), journalFormat, texts);
      }
      counts = ps.executeBatch();
    } catch (SQLException | RuntimeException e) {
      // (a text the JSON codec cannot write too: one at a time, the commits before it are stored as the contract says)
      throw new OneByOne();
    }
    if (counts.length != commits.size()) {
      throw new OneByOne();
    }
    List<Optional<SessionState>> out = new ArrayList<>(commits.size());
    boolean any = false;
    for (int k = 0; k < counts.length; k++) {
      if (counts[k] == 1) {
        SessionCommit sc = commits.get(k);
        out.add(Optional.of(sc.session().withRevision(sc.expectedRevision() + 1)));
        any = true;
      } else if (counts[k] == 0) {
        out.add(Optional.empty());
      } else {
        throw new OneByOne(); // Statement.SUCCESS_NO_INFO: which rows changed is unknown
      }
    }
    if (any) {
      try (PreparedStatement ps = c.prepareStatement(journalInsertSql)) {
        for (int k = 0; k < counts.length; k++) {
          if (counts[k] == 1) {
            bindRecord(ps, commits.get(k).record(), bodies[k]);
            ps.addBatch();
          }
        }
        ps.executeBatch();
      } catch (SQLException | RuntimeException e) {
        throw new OneByOne();
      }
    }
    return out;
  }

  private SessionState write(Connection c, SessionState s, long expectedRevision, long expectedGeneration)
      throws SQLException {
    SessionState next = s.withRevision(expectedRevision + 1);
    int n;
    try (PreparedStatement ps = c.prepareStatement(expectedGeneration == ANY_GENERATION ? updateSql
        : updateGenSql)) {
      bindUpdate(ps, next, expectedRevision, expectedGeneration, expectedGeneration != ANY_GENERATION);
      n = ps.executeUpdate();
    } catch (SQLException e) {
      if (Jdbc.isConflict(e)) {
        throw new ConcurrentUpdateException(s.tenantId(), "session", s.sessionId(), "revision " + expectedRevision,
            "a row locked by a concurrent transaction (" + Jdbc.describe(e) + ")");
      }
      throw e;
    }
    if (n == 0) {
      // the failure path only: say what was found
      Long found = null;
      try (PreparedStatement ps = c.prepareStatement(revisionSql)) {
        ps.setString(1, s.tenantId());
        ps.setString(2, s.sessionId());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            found = rs.getLong(1);
          }
        }
      }
      if (found != null && found == expectedRevision) {
        long generation = readGeneration(c, s.tenantId(), s.scenarioId());
        throw new ConcurrentUpdateException(s.tenantId(), "scenario", s.scenarioId(),
            "change generation " + expectedGeneration, "change generation " + generation);
      }
      throw new ConcurrentUpdateException(s.tenantId(), "session", s.sessionId(), "revision " + expectedRevision,
          found == null ? "no session" : "revision " + found);
    }
    return next;
  }

  /** Binds {@link #updateGenSql} ({@code generationClause}) or {@link #updateSql}. */
  private void bindUpdate(PreparedStatement ps, SessionState next, long expectedRevision, long expectedGeneration,
      boolean generationClause) throws SQLException {
    int i = bindState(ps, 1, next);
    ps.setLong(i++, next.revision());
    ps.setString(i++, next.tenantId());
    ps.setString(i++, next.sessionId());
    ps.setLong(i++, expectedRevision);
    if (generationClause) {
      ps.setLong(i++, expectedGeneration);
      ps.setString(i++, next.tenantId());
      ps.setString(i++, next.scenarioId());
      ps.setLong(i, expectedGeneration);
    }
  }

  /**
   * Binds the columns {@code insert} and {@code update} both write, {@code customer_id} to {@code pin_generation}
   * in the order their statements name them, from parameter {@code i} on; returns the next parameter index.
   */
  private int bindState(PreparedStatement ps, int i, SessionState s) throws SQLException {
    ps.setString(i++, s.customerId());
    ps.setString(i++, s.channel());
    sql.bindInstant(ps, i++, s.createdAt());
    ps.setString(i++, s.scenarioId());
    ps.setInt(i++, s.version());
    ps.setString(i++, s.scenarioChecksum());
    ps.setString(i++, s.currentStepId());
    ps.setString(i++, texts.history(s.history()));
    ps.setString(i++, texts.variables(s.variables()));
    ps.setString(i++, s.pending() == null ? null : s.pending().planId());
    sql.bindJson(ps, i++, texts.pending(s.pending()));
    sql.bindSettled(ps, i++, s.settledPlans());
    ps.setBoolean(i++, s.pinned());
    sql.bindJson(ps, i++, SessionJson.writeOwed(s.owed()));
    sql.bindInstant(ps, i++, s.end() == null ? null : s.end().at());
    ps.setString(i++, s.end() == null ? null : s.end().reason().name());
    ps.setLong(i++, s.pinGeneration());
    return i;
  }

  private void bindRecord(PreparedStatement ps, JournalRecord r) throws SQLException {
    bindRecord(ps, r, JournalJson.write(r, journalFormat, texts));
  }

  private void bindRecord(PreparedStatement ps, JournalRecord r, String body) throws SQLException {
    ps.setString(1, r.tenantId());
    ps.setString(2, r.id());
    ps.setString(3, r.sessionId());
    ps.setString(4, r.planId());
    ps.setString(5, r.kind().jsonName());
    ps.setString(6, r.migrationScenario() == null ? null : r.migrationScenario().jsonName());
    sql.bindInstant(ps, 7, r.at());
    ps.setString(8, body);
  }

  private void insertRecord(Connection c, JournalRecord r) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(journalInsertSql)) {
      bindRecord(ps, r);
      ps.executeUpdate();
    } catch (SQLException e) {
      if (Jdbc.isIntegrityViolation(e)) {
        throw new DuplicateRecordException(r.tenantId(), "journal record", r.id(),
            "journal record '" + r.id() + "' of tenant '" + r.tenantId()
            + "' (session '" + r.sessionId() + "') could not be stored: " + Jdbc.describe(e));
      }
      throw e;
    }
  }

  private boolean exists(Connection c, String tenantId, String sessionId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(revisionSql)) {
      ps.setString(1, tenantId);
      ps.setString(2, sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  // ------------------------------------------------------------------------------------------- change generations

  private long readGeneration(Connection c, String tenantId, String scenarioId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT generation FROM " + sql.gates
        + " WHERE tenant_id = ? AND scenario_id = ?")) {
      ps.setString(1, tenantId);
      ps.setString(2, scenarioId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** One primary-key read of the gates table; 0 before the scenario's first change. */
  @Override
  public long changeGeneration(String tenantId, String scenarioId) {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(scenarioId, "scenarioId");
    return jdbc.autoCommit(() -> "read of the change generation of scenario '" + scenarioId + "' of tenant '"
        + tenantId + "'", c -> readGeneration(c, tenantId, scenarioId));
  }

  @Override
  public String changeHolder(String tenantId, String scenarioId) {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(scenarioId, "scenarioId");
    return jdbc.autoCommit(() -> "read of the change holder of scenario '" + scenarioId + "' of tenant '"
        + tenantId + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT holder FROM " + sql.gates
              + " WHERE tenant_id = ? AND scenario_id = ?")) {
            ps.setString(1, tenantId);
            ps.setString(2, scenarioId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getString(1) : null;
            }
          }
        });
  }

  /**
   * Creates the scenario's gate row when it has none (a statement of its own: a concurrent creation is a duplicate
   * key, which is fine), then, in one transaction, locks it ({@code FOR UPDATE}), refuses another holder, and makes
   * the generation odd with the operation as holder.
   */
  @Override
  public long beginChange(String tenantId, String scenarioId, String operation) {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(scenarioId, "scenarioId");
    requireNonNull(operation, "operation");
    java.util.function.Supplier<String> op = () -> "begin of the " + operation + " of scenario '" + scenarioId
        + "' of tenant '" + tenantId + "'";
    jdbc.autoCommit(op, c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + sql.gates
          + " (tenant_id, scenario_id, generation, holder, changed_at) VALUES (?, ?, 0, NULL, ?)")) {
        ps.setString(1, tenantId);
        ps.setString(2, scenarioId);
        sql.bindInstant(ps, 3, Instant.now());
        jdbc.attempt(c, ps::executeUpdate); // under a savepoint when joined: a duplicate must not end the host's tx
      } catch (SQLException e) {
        if (!Jdbc.isIntegrityViolation(e)) {
          throw e;
        }
      }
      return null;
    });
    return jdbc.transaction(op, c -> {
      long generation;
      String holder;
      try (PreparedStatement ps = c.prepareStatement("SELECT generation, holder FROM " + sql.gates
          + " WHERE tenant_id = ? AND scenario_id = ? FOR UPDATE")) {
        ps.setString(1, tenantId);
        ps.setString(2, scenarioId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          generation = rs.getLong(1);
          holder = rs.getString(2);
        }
      }
      if (holder != null && !holder.equals(operation)) {
        throw new ConcurrentOperationException(tenantId, scenarioId, operation, holder);
      }
      if (holder != null) {
        return generation;
      }
      long odd = Generations.odd();
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.gates + " SET generation = ?, holder = ?,"
          + " changed_at = ? WHERE tenant_id = ? AND scenario_id = ?")) {
        ps.setLong(1, odd);
        ps.setString(2, operation);
        sql.bindInstant(ps, 3, Instant.now());
        ps.setString(4, tenantId);
        ps.setString(5, scenarioId);
        ps.executeUpdate();
      }
      return odd;
    });
  }

  @Override
  public long endChange(String tenantId, String scenarioId, String operation) {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(scenarioId, "scenarioId");
    requireNonNull(operation, "operation");
    return jdbc.transaction(() -> "end of the " + operation + " of scenario '" + scenarioId + "' of tenant '"
        + tenantId + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.gates + " SET generation = ?,"
              + " holder = NULL, changed_at = ? WHERE tenant_id = ? AND scenario_id = ? AND holder = ?")) {
            ps.setLong(1, Generations.even());
            sql.bindInstant(ps, 2, Instant.now());
            ps.setString(3, tenantId);
            ps.setString(4, scenarioId);
            ps.setString(5, operation);
            ps.executeUpdate();
          }
          return readGeneration(c, tenantId, scenarioId);
        });
  }

  // ------------------------------------------------------------------------------------------- marking

  /**
   * One set-based {@code UPDATE}: position, marker, settled plans and rollout bucket in the {@code WHERE} clause,
   * the scope filter as channel and step {@code IN} lists and {@code created_at} bounds computed from
   * {@link MarkCriteria#now()}.
   */
  @Override
  public int mark(MarkCriteria m) {
    requireNonNull(m, "criteria");
    List<Object> params = new ArrayList<>();
    String statement = "UPDATE " + sql.sessions + " SET pending_plan_id = ?, pending = " + sql.json()
        + ", revision = revision + 1 WHERE " + versionCondition(m, params)
        + " AND pending_plan_id IS NULL AND ended_at IS NULL AND " + matchingUnmarked(m, params);
    return jdbc.transaction(() -> "marking of sessions of tenant '" + m.tenantId() + "' at step '" + m.fromStepId()
        + "' of scenario '" + m.scenarioId() + "' version " + m.fromVersion() + " for plan '" + m.marker().planId()
        + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, m.marker().planId());
            ps.setString(2, SessionJson.writePending(m.marker()));
            bind(ps, 3, params);
            return ps.executeUpdate();
          }
        });
  }

  /**
   * Where the dialect {@link Dialect#supportsUpdateReturningInWith() can} (PostgreSQL), criteria of one plan
   * ({@link MarkCriteria#combinable}) run as one set-based {@code UPDATE} over all their steps, which visits each row
   * of the table once instead of once per anchor: the marker is chosen per step with a {@code CASE}, each criteria's
   * scope filter applies to its step only, and the counts per step come back from {@code RETURNING}. Elsewhere, and for criteria that do not combine, one {@link #mark} per criteria.
   */
  @Override
  public int[] markAll(List<MarkCriteria> criteria) {
    MarkCriteria.requireAll(criteria);
    if (!sql.dialect.supportsUpdateReturningInWith() || criteria.size() < 2 || !MarkCriteria.combinable(criteria)) {
      return SessionStore.super.markAll(criteria);
    }
    MarkCriteria first = criteria.get(0);
    StringBuilder q = new StringBuilder("WITH marked AS (UPDATE ").append(sql.sessions)
        .append(" SET pending_plan_id = ?, pending = CASE current_step_id");
    List<Object> set = new ArrayList<>();
    set.add(first.marker().planId());
    for (MarkCriteria m : criteria) {
      q.append(" WHEN ? THEN ").append(sql.json());
      set.add(m.fromStepId());
      set.add(SessionJson.writePending(m.marker()));
    }
    List<Object> where = new ArrayList<>();
    q.append(" END, revision = revision + 1 WHERE ").append(combinedWhere(criteria, where));
    q.append(" RETURNING current_step_id) SELECT current_step_id, COUNT(*) FROM marked GROUP BY current_step_id");
    String statement = q.toString();
    return jdbc.transaction(() -> "marking of sessions of tenant '" + first.tenantId() + "' at steps "
        + criteria.stream().map(m -> "'" + m.fromStepId() + "'").toList() + " of scenario '" + first.scenarioId()
        + "' version " + first.fromVersion() + " for plan '" + first.marker().planId() + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement(statement)) {
            bind(ps, bind(ps, 1, set), where);
            Map<String, Integer> byStep = new java.util.HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                byStep.put(rs.getString(1), rs.getInt(2));
              }
            }
            int[] counts = new int[criteria.size()];
            for (int k = 0; k < counts.length; k++) {
              counts[k] = byStep.getOrDefault(criteria.get(k).fromStepId(), 0);
            }
            return counts;
          }
        });
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
    MarkCriteria first = MarkCriteria.requireOneVersion(criteria);
    long[] counts = new long[criteria.size()];
    if (first == null || !StoredIds.mayBeStored(first.tenantId(), first.scenarioId())) {
      return counts;
    }
    List<Object> params = new ArrayList<>();
    String q;
    boolean bySteps = MarkCriteria.combinable(criteria);
    if (bySteps) {
      // one plan's criteria at distinct steps (a deploy's): what they share is tested once per row, each step's scope
      // filter only on its step, counted per step (PostgreSQL: an index-only scan of the coverage index)
      q = "SELECT current_step_id, COUNT(*) FROM " + sql.sessions + " WHERE " + combinedWhere(criteria, params)
          + " GROUP BY current_step_id";
    } else {
      StringBuilder which = new StringBuilder("CASE");
      for (int k = 0; k < criteria.size(); k++) {
        which.append(" WHEN ").append(matchingUnmarked(criteria.get(k), params)).append(" THEN ").append(k);
      }
      which.append(" ELSE -1 END");
      String where = versionCondition(first, params) + " AND pending_plan_id IS NULL AND ended_at IS NULL"
          + stepCondition(criteria, params);
      q = "SELECT k, COUNT(*) FROM (SELECT " + which + " AS k FROM " + sql.sessions + " WHERE " + where
          + ") e GROUP BY k";
    }
    return jdbc.autoCommit(() -> "count of the sessions of tenant '" + first.tenantId() + "' on scenario '"
        + first.scenarioId() + "' version " + first.fromVersion() + " eligible for plan '" + first.marker().planId()
        + "'", c -> {
          // the dialect prepares the connection for a scan of the whole version (PostgreSQL: its JIT off), on a
          // connection the library holds or in its own transaction (never in the host's: a setting local to the
          // transaction would outlive this call there)
          boolean autoCommit = c.getAutoCommit();
          String saved = autoCommit || jdbc.inUnitOfWork() ? sql.dialect.beforeCount(c, autoCommit) : null;
          try (PreparedStatement ps = c.prepareStatement(q)) {
            bind(ps, 1, params);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                if (bySteps) {
                  String step = rs.getString(1);
                  for (int k = 0; k < counts.length; k++) {
                    if (criteria.get(k).fromStepId().equals(step)) {
                      counts[k] = rs.getLong(2);
                    }
                  }
                } else {
                  int k = rs.getInt(1);
                  if (k >= 0) {
                    counts[k] = rs.getLong(2);
                  }
                }
              }
            }
            return counts;
          } finally {
            if (saved != null) {
              sql.dialect.afterCount(c, saved);
            }
          }
        });
  }

  /**
   * Claims, as {@link #claimMarked} does ({@code FOR UPDATE SKIP LOCKED} in a transaction its page ends), the sessions
   * of the criteria's source version that have not ended and carry a forward marker of the criteria's plan or no
   * marker and match one of the criteria, in session id order.
   */
  @Override
  public MarkedPage claimEligible(List<MarkCriteria> criteria, String afterSessionId, int limit) {
    MarkCriteria first = MarkCriteria.requireOneVersion(criteria);
    if (first == null || limit <= 0 || !StoredIds.mayBeStored(first.tenantId(), first.scenarioId())
        || !StoredIds.mayBeStored(first.marker().planId())
        || (afterSessionId != null && !StoredIds.mayBeStored(afterSessionId))) {
      return MarkedPage.unclaimed(this, List.of());
    }
    List<Object> params = new ArrayList<>();
    StringBuilder where = new StringBuilder(versionCondition(first, params))
        .append(" AND ended_at IS NULL AND ((pending_plan_id = ? AND ").append(sql.forwardMarker())
        .append(") OR (pending_plan_id IS NULL AND (");
    params.add(first.marker().planId());
    for (int k = 0; k < criteria.size(); k++) {
      where.append(k == 0 ? "(" : " OR (").append(matchingUnmarked(criteria.get(k), params)).append(')');
    }
    where.append(")))");
    return claim(() -> "claimed page of the sessions of tenant '" + first.tenantId() + "' on scenario '"
        + first.scenarioId() + "' version " + first.fromVersion() + " eligible for plan '" + first.marker().planId()
        + "'", where.toString(), params, afterSessionId, limit);
  }

  /** The sessions of the criteria's tenant, scenario and source version; the parameters appended. */
  /**
   * {@link MarkCriteria#matches} of criteria that {@link MarkCriteria#combinable combine} (one plan's, at distinct
   * steps, as a deploy makes them), as one {@code WHERE}: what they share (version, no marker, not ended, rollout,
   * settled plans, pin generation) tested once per row, each step's scope filter only on its step. Marking and
   * counting use it alike.
   */
  private String combinedWhere(List<MarkCriteria> criteria, List<Object> params) {
    MarkCriteria first = criteria.get(0);
    StringBuilder where = new StringBuilder(versionCondition(first, params))
        .append(" AND pending_plan_id IS NULL AND ended_at IS NULL").append(stepCondition(criteria, params))
        .append(" AND rollout_bucket < ? AND ").append(sql.notSettledBy());
    params.add(first.rolloutPercent());
    params.add(first.marker().planId());
    pinCondition(first, where, params);
    for (MarkCriteria m : criteria) {
      List<Object> filterParams = new ArrayList<>();
      List<String> filter = filterConditions(m, filterParams);
      if (!filter.isEmpty()) {
        where.append(" AND (current_step_id <> ? OR (").append(String.join(" AND ", filter)).append("))");
        params.add(m.fromStepId());
        params.addAll(filterParams);
      }
    }
    return where.toString();
  }

  /** Leaves out the sessions pinned at or after the criteria's generation (unless it is any). */
  private static void pinCondition(MarkCriteria m, StringBuilder q, List<Object> params) {
    if (m.generation() != MarkCriteria.ANY_GENERATION) {
      q.append(" AND NOT (pinned = ? AND pin_generation >= ?)");
      params.add(Boolean.TRUE);
      params.add(m.generation());
    }
  }

  private static String versionCondition(MarkCriteria first, List<Object> params) {
    params.add(first.tenantId());
    params.add(first.scenarioId());
    params.add(first.fromVersion());
    return "tenant_id = ? AND scenario_id = ? AND version = ?";
  }

  /** The sessions at one of the criteria's steps (the last column of the marking index). */
  private static String stepCondition(List<MarkCriteria> criteria, List<Object> params) {
    java.util.Set<String> steps = new java.util.LinkedHashSet<>();
    for (MarkCriteria c : criteria) {
      steps.add(c.fromStepId());
    }
    StringBuilder q = new StringBuilder(" AND current_step_id IN (");
    int k = 0;
    for (String step : steps) {
      q.append(k++ == 0 ? "?" : ", ?");
      params.add(step);
    }
    return q.append(')').toString();
  }

  /**
   * {@link MarkCriteria#matches} but for the tenant, scenario and version (which {@link #versionCondition} checks) and
   * for "no marker, not ended" (which every statement using it checks once): the step, not settled by the plan, in
   * the rollout, the scope filter, and not pinned at or after the criteria's generation. The columns it reads are all
   * in PostgreSQL's coverage index. The parameters are appended to {@code params}.
   */
  private String matchingUnmarked(MarkCriteria m, List<Object> params) {
    StringBuilder q = new StringBuilder("current_step_id = ? AND rollout_bucket < ? AND ").append(sql.notSettledBy());
    params.add(m.fromStepId());
    params.add(m.rolloutPercent());
    params.add(m.marker().planId());
    for (String condition : filterConditions(m, params)) {
      q.append(" AND ").append(condition);
    }
    pinCondition(m, q, params);
    return q.toString();
  }

  /** The scope filter of {@code m} as conditions to AND, their parameters appended to {@code params}. */
  private static List<String> filterConditions(MarkCriteria m, List<Object> params) {
    ScopeFilter f = m.filter();
    List<String> out = new ArrayList<>();
    inList(out, params, "channel", f.includeChannels(), false);
    inList(out, params, "channel", f.excludeChannels(), true);
    inList(out, params, "current_step_id", f.includeCurrentSteps(), false);
    inList(out, params, "current_step_id", f.excludeCurrentSteps(), true);
    if (f.maxSessionAgeDays() != null) {
      // created_at holds microseconds: created_at >= t exactly when created_at >= t rounded up to a microsecond (the
      // bound is bound truncated, which would let in a session created less than a microsecond too early)
      out.add("created_at >= ?");
      params.add(ceilMicros(m.now().minus(Duration.ofDays(f.maxSessionAgeDays()))));
    }
    if (f.minSessionAgeDays() != null) {
      out.add("created_at <= ?");
      params.add(m.now().minus(Duration.ofDays(f.minSessionAgeDays())));
    }
    return out;
  }

  /** {@code t} rounded up to a whole microsecond. */
  private static Instant ceilMicros(Instant t) {
    Instant down = t.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    return down.equals(t) ? t : down.plusNanos(1_000);
  }

  /** Binds strings, ints, longs, booleans and instants from {@code i} on; returns the next index. */
  private int bind(PreparedStatement ps, int i, List<Object> params) throws SQLException {
    for (Object p : params) {
      if (p instanceof Instant t) {
        sql.bindInstant(ps, i++, t);
      } else if (p instanceof Integer n) {
        ps.setInt(i++, n);
      } else if (p instanceof Long n) {
        ps.setLong(i++, n);
      } else if (p instanceof Boolean b) {
        ps.setBoolean(i++, b);
      } else {
        ps.setString(i++, (String) p);
      }
    }
    return i;
  }

  private static void inList(List<String> out, List<Object> params, String column, java.util.Set<String> values,
      boolean negate) {
    if (values.isEmpty()) {
      return;
    }
    StringBuilder q = new StringBuilder(column).append(negate ? " NOT IN (" : " IN (");
    int k = 0;
    for (String v : values) {
      q.append(k++ == 0 ? "?" : ", ?");
      params.add(v);
    }
    out.add(q.append(')').toString());
  }

  @Override
  public int unmark(String tenantId, String planId) {
    if (!StoredIds.mayBeStored(tenantId, planId)) {
      return 0;
    }
    String q = "UPDATE " + sql.sessions + " SET pending_plan_id = NULL, pending = NULL, revision = revision + 1"
        + " WHERE tenant_id = ? AND pending_plan_id = ?";
    return jdbc.transaction(() -> "unmarking of sessions of tenant '" + tenantId + "' for plan '" + planId + "'",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(q)) {
            ps.setString(1, tenantId);
            ps.setString(2, planId);
            return ps.executeUpdate();
          }
        });
  }

  // ------------------------------------------------------------------------------------------- journal

  @Override
  public List<JournalRecord> forSession(String tenantId, String sessionId) {
    return records(() -> "journal look-up of session '" + sessionId + "' of tenant '" + tenantId + "'",
        "session_id", tenantId, sessionId);
  }

  @Override
  public List<JournalRecord> forPlan(String tenantId, String planId) {
    return records(() -> "journal look-up of plan '" + planId + "' of tenant '" + tenantId + "'", "plan_id",
        tenantId, planId);
  }

  private List<JournalRecord> records(java.util.function.Supplier<String> op, String column, String tenantId,
      String id) {
    if (!StoredIds.mayBeStored(tenantId, id)) {
      return List.of();
    }
    String q = "SELECT body FROM " + sql.journal + " WHERE tenant_id = ? AND " + column + " = ? ORDER BY seq";
    return jdbc.autoCommit(op, c -> {
      try (PreparedStatement ps = c.prepareStatement(q)) {
        ps.setString(1, tenantId);
        ps.setString(2, id);
        List<JournalRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(JournalJson.read(rs.getString(1)));
          }
        }
        return out;
      }
    });
  }

  /** One aggregate query: counts per kind and migration class, and the newest migration time. */
  @Override
  public PlanJournalSummary summarize(String tenantId, String planId) {
    if (!StoredIds.mayBeStored(tenantId, planId)) {
      return new PlanJournalSummary(Map.of(), Map.of(), null);
    }
    String q = "SELECT kind, migration_scenario, COUNT(*) AS n, MAX(recorded_at) AS last_at FROM " + sql.journal
        + " WHERE tenant_id = ? AND plan_id = ? GROUP BY kind, migration_scenario";
    return jdbc.autoCommit(() -> "journal summary of plan '" + planId + "' of tenant '" + tenantId + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement(q)) {
        ps.setString(1, tenantId);
        ps.setString(2, planId);
        Map<JournalRecord.Kind, Long> kinds = new EnumMap<>(JournalRecord.Kind.class);
        Map<MigrationScenario, Long> scenarios = new EnumMap<>(MigrationScenario.class);
        Instant last = null;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            JournalRecord.Kind kind = JournalRecord.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT));
            long n = rs.getLong("n");
            kinds.merge(kind, n, Long::sum);
            String sc = rs.getString("migration_scenario");
            if (kind == JournalRecord.Kind.MIGRATED && sc != null) {
              scenarios.merge(MigrationScenario.fromJson(sc), n, Long::sum);
            }
            if (kind == JournalRecord.Kind.MIGRATED || kind == JournalRecord.Kind.RELOCATED) {
              Instant at = sql.readInstant(rs, "last_at");
              if (at != null && (last == null || at.isAfter(last))) {
                last = at;
              }
            }
          }
        }
        return new PlanJournalSummary(kinds, scenarios, last);
      }
    });
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
    if (!StoredIds.mayBeStored(tenantId, scenarioId)) {
      return 0;
    }
    return jdbc.transaction(() -> "deletion of ended sessions of scenario '" + scenarioId + "' of tenant '" + tenantId
        + "'", c -> {
          List<String> ids = ended(c, tenantId, scenarioId, endedBefore, limit);
          if (ids.isEmpty()) {
            return 0;
          }
          String in = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.journal + " WHERE tenant_id = ?"
              + " AND session_id IN (" + in + ")")) {
            bindIds(ps, tenantId, ids);
            ps.executeUpdate();
          }
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.sessions + " WHERE tenant_id = ?"
              + " AND session_id IN (" + in + ") AND ended_at IS NOT NULL")) {
            bindIds(ps, tenantId, ids);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public List<String> endedSessionIds(String tenantId, String scenarioId, Instant endedBefore, int limit) {
    if (!StoredIds.mayBeStored(tenantId, scenarioId)) {
      return List.of();
    }
    return jdbc.autoCommit(() -> "ended sessions of scenario '" + scenarioId + "' of tenant '" + tenantId + "'",
        c -> ended(c, tenantId, scenarioId, endedBefore, limit));
  }

  /** The ids of ended sessions {@link #deleteEnded} deletes, in its order. */
  private List<String> ended(Connection c, String tenantId, String scenarioId, Instant endedBefore, int limit)
      throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT session_id FROM " + sql.sessions
        + " WHERE tenant_id = ? AND scenario_id = ? AND ended_at IS NOT NULL AND ended_at < ?"
        + " ORDER BY session_id LIMIT ?")) {
      ps.setString(1, tenantId);
      ps.setString(2, scenarioId);
      sql.bindInstant(ps, 3, endedBefore);
      ps.setInt(4, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  private static void bindIds(PreparedStatement ps, String tenantId, List<?> ids) throws SQLException {
    ps.setString(1, tenantId);
    int i = 2;
    for (Object id : ids) {
      ps.setObject(i++, id);
    }
  }

  /** One transaction: picks the page's record sequence numbers, then deletes them. */
  @Override
  public int deleteJournal(String tenantId, String scenarioId, Instant before, java.util.Set<String> keepPlanIds,
      int limit) {
    if (!StoredIds.mayBeStored(tenantId, scenarioId)) {
      return 0;
    }
    List<String> keep = List.copyOf(keepPlanIds);
    String notKept = keep.isEmpty() ? "" : " AND (j.plan_id IS NULL OR j.plan_id NOT IN ("
        + String.join(", ", java.util.Collections.nCopies(keep.size(), "?")) + "))";
    return jdbc.transaction(() -> "deletion of journal records of scenario '" + scenarioId + "' of tenant '"
        + tenantId + "'", c -> {
          List<Long> seqs = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement("SELECT j.seq FROM " + sql.journal + " j JOIN "
              + sql.sessions + " s ON s.tenant_id = j.tenant_id AND s.session_id = j.session_id"
              + " WHERE j.tenant_id = ? AND s.scenario_id = ? AND j.recorded_at < ?" + notKept
              + " ORDER BY j.seq LIMIT ?")) {
            int i = 1;
            ps.setString(i++, tenantId);
            ps.setString(i++, scenarioId);
            sql.bindInstant(ps, i++, before);
            for (String p : keep) {
              ps.setString(i++, p);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                seqs.add(rs.getLong(1));
              }
            }
          }
          if (seqs.isEmpty()) {
            return 0;
          }
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.journal + " WHERE tenant_id = ?"
              + " AND seq IN (" + String.join(", ", java.util.Collections.nCopies(seqs.size(), "?")) + ")")) {
            bindIds(ps, tenantId, seqs);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public long countJournal(String tenantId, String planId, Instant before) {
    if (!StoredIds.mayBeStored(tenantId, planId)) {
      return 0;
    }
    return jdbc.autoCommit(() -> "count of journal records of plan '" + planId + "' of tenant '" + tenantId + "'",
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + sql.journal
              + " WHERE tenant_id = ? AND plan_id = ? AND recorded_at < ?")) {
            ps.setString(1, tenantId);
            ps.setString(2, planId);
            sql.bindInstant(ps, 3, before);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  /**
   * One transaction: reads the customer's sessions and their journal records, writes empty variables to each session
   * that had some (its revision bumped, so that a write prepared from the old state fails and is retried on the erased
   * one), and rewrites each record that held values ({@link CustomerErasure}).
   */
  @Override
  public ErasureRecord eraseCustomer(String tenantId, String customerId, ErasureRecord erasure) {
    if (!StoredIds.mayBeStored(tenantId, customerId)) {
      return erasure.withSessionData(0, 0, 0);
    }
    return jdbc.transaction(() -> "erasure of the data of customer '" + customerId + "' of tenant '" + tenantId
        + "'", c -> {
          List<String> withValues = new ArrayList<>();
          int sessionCount = 0;
          int variableCount = 0;
          try (PreparedStatement ps = c.prepareStatement("SELECT session_id, variables FROM " + sql.sessions
              + " WHERE tenant_id = ? AND customer_id = ? ORDER BY session_id FOR UPDATE")) {
            ps.setString(1, tenantId);
            ps.setString(2, customerId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                sessionCount++;
                int n = SessionJson.readVariables(rs.getString(2)).size();
                if (n > 0) {
                  variableCount += n;
                  withValues.add(rs.getString(1));
                }
              }
            }
          }
          if (!withValues.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.sessions + " SET variables = "
                + sql.json() + ", revision = revision + 1 WHERE tenant_id = ? AND session_id = ?")) {
              for (String id : withValues) {
                ps.setString(1, "{}");
                ps.setString(2, tenantId);
                ps.setString(3, id);
                ps.addBatch();
              }
              ps.executeBatch();
            }
          }
          Map<Long, String> rewritten = new java.util.LinkedHashMap<>();
          try (PreparedStatement ps = c.prepareStatement("SELECT j.seq, j.body FROM " + sql.journal + " j JOIN "
              + sql.sessions + " s ON s.tenant_id = j.tenant_id AND s.session_id = j.session_id"
              + " WHERE j.tenant_id = ? AND s.customer_id = ? ORDER BY j.seq")) {
            ps.setString(1, tenantId);
            ps.setString(2, customerId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                JournalRecord r = JournalJson.read(rs.getString(2));
                JournalRecord erased = CustomerErasure.erase(r);
                if (erased != r) {
                  rewritten.put(rs.getLong(1), JournalJson.write(erased, journalFormat));
                }
              }
            }
          }
          if (!rewritten.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.journal + " SET body = " + sql.json()
                + " WHERE seq = ?")) {
              for (Map.Entry<Long, String> e : rewritten.entrySet()) {
                sql.bindJson(ps, 1, e.getValue());
                ps.setLong(2, e.getKey());
                ps.addBatch();
              }
              ps.executeBatch();
            }
          }
          return erasure.withSessionData(sessionCount, variableCount, rewritten.size());
        });
  }

  @Override
  public void recordErasure(ErasureRecord e) {
    jdbc.transaction(() -> "record of erasure '" + e.id() + "' of tenant '" + e.tenantId() + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + sql.erasures + " (tenant_id, erasure_id,"
          + " requested_by, erased_at, sessions, variables, journal_records, profile_fields, visits)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, e.tenantId());
        ps.setString(2, e.id());
        ps.setString(3, e.requestedBy());
        sql.bindInstant(ps, 4, e.at());
        ps.setInt(5, e.sessions());
        ps.setInt(6, e.variables());
        ps.setInt(7, e.journalRecords());
        ps.setInt(8, e.profileFields());
        ps.setInt(9, e.visits());
        ps.executeUpdate();
        return null;
      }
    });
  }

  @Override
  public List<ErasureRecord> erasures(String tenantId) {
    if (!StoredIds.mayBeStored(tenantId)) {
      return List.of();
    }
    return jdbc.autoCommit(() -> "erasure records of tenant '" + tenantId + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT erasure_id, requested_by, erased_at, sessions, variables,"
          + " journal_records, profile_fields, visits FROM " + sql.erasures + " WHERE tenant_id = ? ORDER BY erased_at,"
          + " erasure_id")) {
        ps.setString(1, tenantId);
        List<ErasureRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new ErasureRecord(rs.getString(1), tenantId, rs.getString(2), sql.readInstant(rs, "erased_at"),
                rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8)));
          }
        }
        return out;
      }
    });
  }
}
