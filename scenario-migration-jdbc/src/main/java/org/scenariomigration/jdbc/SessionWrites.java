package org.scenariomigration.jdbc;

import static java.util.Objects.requireNonNull;
import static org.scenariomigration.spi.SessionStore.ANY_GENERATION;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.scenariomigration.InvalidIdException;
import org.scenariomigration.json.JournalJson;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.VariableValues;
import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.spi.DuplicateRecordException;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.Rollout;
import org.scenariomigration.spi.SessionCommit;
import org.scenariomigration.spi.StoredIds;
import org.scenariomigration.spi.UnsupportedValueException;

/**
 * The writes of {@link JdbcSessionStore}: the insert, the revision-checked (and generation-checked) updates, and the
 * commits of a session with its journal record, one at a time or as JDBC batches.
 */
final class SessionWrites {
  private final JdbcSessionStore store;
  private final Jdbc jdbc;
  private final SqlDialect sql;
  private final SessionRows rows;
  private final ChangeGates gates;
  private final String insertSql;
  private final String updateSql;
  private final String updateGenSql;
  private final String revisionSql;
  private final String journalInsertSql;
  /** The form of the journal bodies this store writes. */
  private final JournalJson.Form journalFormat;

  SessionWrites(JdbcSessionStore store, Jdbc jdbc, SqlDialect sql, SessionRows rows, ChangeGates gates,
      JournalJson.Form journalFormat) {
    this.store = store;
    this.jdbc = jdbc;
    this.sql = sql;
    this.rows = rows;
    this.gates = gates;
    this.journalFormat = journalFormat;
    String j = sql.json();
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

  SessionState insert(SessionState session) {
    StoredIds.requireValid(requireNonNull(session, "session"));
    SessionState stored = VariableValues.normalize(session).withRevision(1);
    return jdbc.autoCommit(() -> "insert of session '" + session.sessionId() + "' of tenant '"
        + session.tenantId() + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement(insertSql)) {
            int i = 1;
            ps.setString(i++, stored.tenantId());
            ps.setString(i++, stored.sessionId());
            i = rows.bindState(ps, i, stored);
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

  SessionState update(SessionState session, long expectedRevision, long expectedGeneration) {
    StoredIds.requireValid(requireNonNull(session, "session"));
    SessionState normal = VariableValues.normalize(session);
    return jdbc.transaction(() -> "update of session '" + session.sessionId() + "' of tenant '"
        + session.tenantId() + "'", c -> write(c, normal, expectedRevision, expectedGeneration));
  }

  SessionState commit(SessionState session, long expectedRevision, long expectedGeneration, JournalRecord record) {
    StoredIds.requireValid(requireNonNull(session, "session"));
    SessionCommit normal = VariableValues.normalize(new SessionCommit(session, expectedRevision, record));
    return jdbc.transaction(() -> "commit of session '" + session.sessionId() + "' of tenant '"
        + session.tenantId() + "'", c -> {
          SessionState stored = write(c, normal.session(), expectedRevision, expectedGeneration);
          insertRecord(c, normal.record());
          return stored;
        });
  }

  /** See {@link JdbcSessionStore#commitAll}. */
  List<Optional<SessionState>> commitAll(List<SessionCommit> commits) {
    requireNonNull(commits, "commits");
    if (commits.size() < 2 || !allValid(commits)) {
      // one at a time: the commits before one with an invalid id are stored, it throws, the rest are not applied
      return store.commitOneByOne(commits);
    }
    List<SessionCommit> normal = new ArrayList<>(commits.size());
    for (SessionCommit sc : commits) {
      try {
        normal.add(VariableValues.normalize(sc));
      } catch (UnsupportedValueException e) {
        // one at a time: the commits before it are stored and it is thrown, as the contract says
        return store.commitOneByOne(commits);
      }
    }
    SessionCommit first = commits.get(0);
    try {
      return jdbc.transaction(() -> "commit of " + commits.size() + " sessions of tenant '"
          + first.session().tenantId() + "' from session '" + first.session().sessionId() + "'",
          c -> writeBatch(c, normal));
    } catch (OneByOne e) {
      return store.commitOneByOne(commits);
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

  /** Thrown inside the batch transaction to roll it back and apply the commits one at a time. */
  static final class OneByOne extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OneByOne() {
      super(null, null, false, false);
    }
  }

  /**
   * The revision-checked {@code UPDATE}s of the (normalised) commits as one JDBC batch on {@code c}, then the journal
   * {@code INSERT}s of those whose update changed a row as a second one; throws {@link OneByOne} when either batch
   * fails or the driver does not tell which rows changed.
   */
  List<Optional<SessionState>> writeBatch(Connection c, List<SessionCommit> commits) throws SQLException {
    int[] counts;
    String[] bodies = new String[commits.size()];
    try (PreparedStatement ps = c.prepareStatement(updateGenSql)) {
      for (int k = 0; k < bodies.length; k++) {
        SessionCommit sc = commits.get(k);
        bindUpdate(ps, sc.session().withRevision(sc.expectedRevision() + 1), sc.expectedRevision(),
            sc.expectedGeneration(), true);
        ps.addBatch();
        // the before state's texts, remembered when it was read, are copied in; the after state is its change
        bodies[k] = JournalJson.write(sc.record(), journalFormat, rows.texts);
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

  /** The revision-checked (and, unless any, generation-checked) {@code UPDATE} of {@code s} on {@code c}. */
  SessionState write(Connection c, SessionState s, long expectedRevision, long expectedGeneration)
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
        long generation = gates.readGeneration(c, s.tenantId(), s.scenarioId());
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
    int i = rows.bindState(ps, 1, next);
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
      bindRecord(ps, r, JournalJson.write(r, journalFormat, rows.texts));
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
}
