package org.scenariomigration.jdbc;

import static java.util.Objects.requireNonNull;
import static org.scenariomigration.spi.SessionStore.ANY_GENERATION;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.scenariomigration.InvalidIdException;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.VariableValues;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.spi.MarkedPage;
import org.scenariomigration.spi.SessionCommit;
import org.scenariomigration.spi.StoredIds;
import org.scenariomigration.spi.UnsupportedValueException;

/**
 * The pages of eager batch migration that {@link JdbcSessionStore} claims: the marked sessions of a plan or the
 * eligible ones of its criteria, locked with {@code FOR UPDATE SKIP LOCKED} in a transaction that the page ends.
 */
final class PageClaims {
  private final JdbcSessionStore store;
  private final Jdbc jdbc;
  private final SqlDialect sql;
  private final SessionRows rows;
  private final SessionWrites writes;
  private final MarkConditions conditions;

  PageClaims(JdbcSessionStore store, Jdbc jdbc, SqlDialect sql, SessionRows rows, SessionWrites writes,
      MarkConditions conditions) {
    this.store = store;
    this.jdbc = jdbc;
    this.sql = sql;
    this.rows = rows;
    this.writes = writes;
    this.conditions = conditions;
  }

  MarkedPage claimMarked(String tenantId, String planId, String afterSessionId, int limit) {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(planId, "planId");
    if (limit <= 0 || !StoredIds.mayBeStored(tenantId, planId)
        || (afterSessionId != null && !StoredIds.mayBeStored(afterSessionId))) {
      return MarkedPage.unclaimed(store, List.of());
    }
    return claim(() -> "claimed page of sessions of tenant '" + tenantId + "' marked by plan '" + planId + "'",
        "tenant_id = ? AND pending_plan_id = ?", List.<Object>of(tenantId, planId), afterSessionId, limit);
  }

  /** Claims, as {@link #claimMarked} does, the sessions for which {@code where} holds. */
  private MarkedPage claim(Supplier<String> op, String where, List<Object> params,
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
          List<String> ids = rows.pageIds(tx.connection, where, params, after, limit);
          if (ids.isEmpty()) {
            break;
          }
          page = lock(tx.connection, where, params, ids);
          after = ids.get(ids.size() - 1);
        }
      } else {
        page = rows.page(tx.connection, where, params, afterSessionId, limit, sql.skipLocked());
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

  MarkedPage claimEligible(List<MarkCriteria> criteria, String afterSessionId, int limit) {
    MarkCriteria first = MarkCriteria.requireOneVersion(criteria);
    if (first == null || limit <= 0 || !StoredIds.mayBeStored(first.tenantId(), first.scenarioId())
        || !StoredIds.mayBeStored(first.marker().planId())
        || (afterSessionId != null && !StoredIds.mayBeStored(afterSessionId))) {
      return MarkedPage.unclaimed(store, List.of());
    }
    List<Object> params = new ArrayList<>();
    StringBuilder where = new StringBuilder(MarkConditions.versionCondition(first, params))
        .append(" AND ended_at IS NULL AND ((pending_plan_id = ? AND ").append(sql.forwardMarker())
        .append(") OR (pending_plan_id IS NULL AND (");
    params.add(first.marker().planId());
    for (int k = 0; k < criteria.size(); k++) {
      where.append(k == 0 ? "(" : " OR (").append(conditions.matchingUnmarked(criteria.get(k), params)).append(')');
    }
    where.append(")))");
    return claim(() -> "claimed page of the sessions of tenant '" + first.tenantId() + "' on scenario '"
        + first.scenarioId() + "' version " + first.fromVersion() + " eligible for plan '" + first.marker().planId()
        + "'", where.toString(), params, afterSessionId, limit);
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
    String q = "SELECT " + SessionRows.COLUMNS + " FROM " + sql.sessions + " WHERE " + where
        + " AND session_id >= ? AND session_id <= ? ORDER BY session_id" + sql.skipLocked();
    try (PreparedStatement ps = c.prepareStatement(q)) {
      int i = rows.bind(ps, 1, params);
      ps.setString(i++, ids.get(0));
      ps.setString(i, ids.get(ids.size() - 1));
      List<SessionState> locked = rows.rows(ps);
      if (locked.size() > ids.size() || !sameIds(locked, ids)) {
        Set<String> wanted = new HashSet<>(ids);
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
    private final Supplier<String> op;
    private final List<SessionState> sessions;

    ClaimedPage(Jdbc.Tx tx, Supplier<String> op, List<SessionState> sessions) {
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
        return writes.write(tx.connection, normal, expectedRevision, expectedGeneration);
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
        out = normal.isEmpty() ? List.of() : writes.writeBatch(tx.connection, normal);
      } catch (SessionWrites.OneByOne | UnsupportedValueException | InvalidIdException e) {
        // (a value outside the model or an id outside the grammar: one at a time, the commits before it are stored
        // and it is thrown)
        // the page's writes are undone with its claim; each commit is then applied on its own (a commit based on an
        // update the claim made fails its revision check, and the batch applies that session again)
        tx.close();
        return store.commitOneByOne(commits);
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
}
