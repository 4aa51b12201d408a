package org.scenariomigration.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.spi.Rollout;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.session.StepVisit;

/** Bulk populations of sessions on version 1 of {@link Scenarios#v1()}: 20% at Welcome, 60% at Checkout, 20% at Confirm. */
final class Population {
  private Population() {}

  static String stepOf(int i) {
    int k = i % 10;
    return k < 2 ? "welcome" : k < 8 ? "checkout" : "confirm";
  }

  static String sessionId(int i) {
    return String.format("s%08d", i);
  }

  /** A session at {@code step}, having walked there from the start. */
  static SessionState session(String tenant, String id, ScenarioVersion v, String step, Instant now) {
    List<String> path = switch (step) {
      case "welcome" -> List.of("welcome");
      case "checkout" -> List.of("welcome", "checkout");
      default -> List.of("welcome", "checkout", "confirm");
    };
    List<StepVisit> history = path.stream().map(p -> StepVisit.of(v.requireStep(p), now)).toList();
    return SessionState.builder().tenantId(tenant).sessionId(id).customerId("c" + id).channel("web").createdAt(now)
        .scenarioId(v.scenarioId()).version(v.version()).scenarioChecksum(v.checksum()).currentStepId(step)
        .history(history).build();
  }

  /** Inserts {@code n} sessions one by one through the store (in memory). */
  static void insert(SessionStore store, String tenant, ScenarioVersion v, int n) {
    Instant now = Instant.now();
    for (int i = 0; i < n; i++) {
      store.insert(session(tenant, sessionId(i), v, stepOf(i), now));
    }
  }

  /**
   * Loads {@code n} sessions into a PostgreSQL sessions table with {@code COPY}: three template rows are written
   * through the store, and every loaded row copies its step's template (history, variables, settled plans) with its
   * own id and rollout bucket.
   */
  static void copyIntoPostgres(DataSource ds, SessionStore store, String table, String tenant, ScenarioVersion v,
      int n) throws SQLException, IOException {
    Instant now = Instant.now();
    String[] steps = {"welcome", "checkout", "confirm"};
    String[][] templates = new String[3][];
    try (Connection c = ds.getConnection()) {
      for (int k = 0; k < 3; k++) {
        String id = "template-" + steps[k];
        store.insert(session(tenant, id, v, steps[k], now));
        try (PreparedStatement ps = c.prepareStatement("SELECT customer_id, channel, created_at::text, scenario_id, "
            + "version, scenario_checksum, current_step_id, history::text, variables::text, settled_plans::text "
            + "FROM " + table + " WHERE tenant_id = ? AND session_id = ?")) {
          ps.setString(1, tenant);
          ps.setString(2, id);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            templates[k] = new String[10];
            for (int j = 0; j < 10; j++) {
              templates[k][j] = escape(rs.getString(j + 1));
            }
          }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table
            + " WHERE tenant_id = ? AND session_id = ?")) {
          ps.setString(1, tenant);
          ps.setString(2, id);
          ps.executeUpdate();
        }
      }
      String copy = "COPY " + table + " (tenant_id, session_id, customer_id, channel, created_at, scenario_id, version,"
          + " scenario_checksum, current_step_id, history, variables, settled_plans, pending_plan_id, pending, pinned,"
          + " rollout_bucket, revision) FROM STDIN";
      c.setAutoCommit(true);
      PGConnection pg = c.unwrap(PGConnection.class);
      long copied = pg.getCopyAPI().copyIn(copy, new RowReader(tenant, templates, n));
      if (copied != n) {
        throw new IllegalStateException("copied " + copied + " sessions, expected " + n);
      }
    }
  }

  /**
   * Loads {@code n} sessions into an H2 sessions table: three template rows are written through the store, and each
   * loaded row copies its step's template with its own id and rollout bucket (one batched {@code INSERT ... SELECT}).
   */
  static void copyIntoH2(DataSource ds, SessionStore store, String table, String tenant, ScenarioVersion v, int n) {
    Instant now = Instant.now();
    String[] steps = {"welcome", "checkout", "confirm"};
    for (String step : steps) {
      store.insert(session(tenant, "template-" + step, v, step, now));
    }
    String columns = "customer_id, channel, created_at, scenario_id, version, scenario_checksum, current_step_id, "
        + "history, variables, pending_plan_id, pending, settled_plans, pinned, owed, ended_at, end_reason, "
        + "pin_generation, revision";
    String insert = "INSERT INTO " + table + " (tenant_id, session_id, rollout_bucket, " + columns + ") SELECT "
        + "tenant_id, ?, ?, " + columns + " FROM " + table + " WHERE tenant_id = ? AND session_id = ?";
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(insert)) {
        for (int i = 0; i < n; i++) {
          String id = sessionId(i);
          ps.setString(1, id);
          ps.setInt(2, Rollout.bucket(id));
          ps.setString(3, tenant);
          ps.setString(4, "template-" + stepOf(i));
          ps.addBatch();
          if (i % 5_000 == 4_999 || i == n - 1) {
            ps.executeBatch();
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table
          + " WHERE tenant_id = ? AND session_id LIKE 'template-%'")) {
        ps.setString(1, tenant);
        ps.executeUpdate();
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("loading " + n + " sessions into " + table, e);
    }
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  /** COPY text format, generated row by row. */
  private static final class RowReader extends Reader {
    private final String tenant;
    private final String[][] templates;
    private final int n;
    private int next;
    private String line = "";
    private int pos;

    RowReader(String tenant, String[][] templates, int n) {
      this.tenant = tenant;
      this.templates = templates;
      this.n = n;
    }

    @Override
    public int read(char[] buf, int off, int len) {
      if (pos == line.length()) {
        if (next == n) {
          return -1;
        }
        int i = next++;
        String step = stepOf(i);
        String[] t = templates[step.equals("welcome") ? 0 : step.equals("checkout") ? 1 : 2];
        String id = sessionId(i);
        line = tenant + '\t' + id + '\t' + t[0] + '\t' + t[1] + '\t' + t[2] + '\t' + t[3] + '\t' + t[4] + '\t' + t[5]
            + '\t' + t[6] + '\t' + t[7] + '\t' + t[8] + '\t' + t[9] + "\t\\N\t\\N\tf\t" + Rollout.bucket(id)
            + "\t1\n";
        pos = 0;
      }
      int k = Math.min(len, line.length() - pos);
      line.getChars(pos, pos + k, buf, off);
      pos += k;
      return k;
    }

    @Override
    public void close() {}
  }
}
