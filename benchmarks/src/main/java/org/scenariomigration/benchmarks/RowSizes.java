package org.scenariomigration.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;

/**
 * Issue #22: how many bytes a long session takes in the database. For a session of {@link LongSessions} advanced
 * 10 and 1,000 times (or the counts given as arguments), on an embedded H2 and on PostgreSQL when it answers, prints a
 * markdown table of: the stored {@code history} column, all the JSON columns of the session's row together, and the
 * journal record written when a plan migrates the session (version 2 rewords Confirm, where the session waits: a
 * clean graft, applied by the session's next {@code reconcile}). Sizes are read with SQL on the library's own tables:
 * {@code octet_length} of the text (UTF-8 bytes; on PostgreSQL of the {@code jsonb} value cast to text, which is
 * the text PostgreSQL gives back, with its spaces after {@code :} and {@code ,}), and on PostgreSQL also
 * {@code pg_column_size}, the bytes actually stored (binary {@code jsonb}, compressed when large). Each size is
 * checked against the length of the text the driver returns.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.scenariomigration.benchmarks.RowSizes [visits ...]
 * </pre>
 *
 * <p>{@code -Dsm.rowsizes.setup=copy} grows the session in memory and inserts it, instead of advancing it on the
 * database (for counts too slow to grow there). The JSON columns are found by type in the database's catalogue
 * (PostgreSQL {@code jsonb}/{@code json}, H2 {@code CHARACTER LARGE OBJECT}/{@code JSON}), so a column added later is
 * counted too. Each run uses fresh tables under a random prefix and drops them.
 */
public final class RowSizes {
  private static final Set<String> JSON_TYPES = Set.of("jsonb", "json", "character large object", "clob");

  private RowSizes() {}

  /** One measured session. */
  record Row(String db, int visits, double setupSeconds, long history, long historyStored, long sessionJson,
      long sessionJsonStored, List<String> jsonColumns, long journal, long journalStored, String migration) {}

  public static void main(String[] args) {
    List<Integer> counts = new ArrayList<>();
    for (String a : args) {
      try {
        counts.add(Integer.parseInt(a.replace("_", "").replace(",", "")));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("a visit count must be a whole number but was '" + a + "'", e);
      }
    }
    if (counts.isEmpty()) {
      counts = List.of(10, 1_000);
    }
    boolean copy = "copy".equals(System.getProperty("sm.rowsizes.setup", "advance"));
    List<String> dbs = new ArrayList<>(List.of("h2"));
    if (Databases.postgresReachable()) {
      dbs.add("postgresql");
    } else {
      System.err.println("rowsizes: PostgreSQL at " + Databases.POSTGRES_URL + " does not answer: H2 only");
    }
    List<Row> rows = new ArrayList<>();
    for (String db : dbs) {
      for (int visits : counts) {
        Row r = measure(db, visits, copy);
        System.err.println("rowsizes: " + r);
        rows.add(r);
      }
    }
    System.out.println();
    System.out.println("| database | visits | setup (s) | history (bytes) | session JSON columns (bytes) "
        + "| journal record of the migration (bytes) | migration |");
    System.out.println("|---|---:|---:|---:|---:|---:|---|");
    for (Row r : rows) {
      boolean pg = r.db().equals("postgresql");
      System.out.printf(Locale.ROOT, "| %s | %,d | %.1f | %s | %s | %s | %s |%n", pg ? "PostgreSQL" : "H2",
          r.visits(), r.setupSeconds(), bytes(r.history(), r.historyStored(), pg),
          bytes(r.sessionJson(), r.sessionJsonStored(), pg), bytes(r.journal(), r.journalStored(), pg),
          r.migration());
    }
    System.out.println();
    rows.stream().map(r -> r.db() + ": " + r.jsonColumns()).distinct()
        .forEach(c -> System.out.println("Session JSON columns, " + c));
    System.out.println("On PostgreSQL: text bytes "
        + "(`octet_length(col::text)`) / stored bytes (`pg_column_size(col)`, binary jsonb, compressed when large)."
        + (copy ? " Sessions grown in memory and inserted (-Dsm.rowsizes.setup=copy)." : ""));
  }

  private static String bytes(long text, long stored, boolean pg) {
    return pg ? String.format(Locale.ROOT, "%,d / %,d", text, stored) : String.format(Locale.ROOT, "%,d", text);
  }

  static Row measure(String db, int visits, boolean copy) {
    try (LongSessions.Engine engine = new LongSessions.Engine(db)) {
      HikariDataSource ds = engine.ds;
      String prefix = engine.prefix;
      ScenarioMigration migration = engine.migration;
      String label = "rowsizes " + db + ", " + visits + " visits";
      long started = System.nanoTime();
      engine.grow(visits, copy, label);
      double setup = (System.nanoTime() - started) / 1e9;
      boolean pg = db.equals("postgresql");
      String sessions = prefix + "sessions";
      String journal = prefix + "journal";
      List<String> jsonColumns = jsonColumns(ds, sessions);
      if (!jsonColumns.contains("history")) {
        throw new IllegalStateException(label + ": no JSON column named history among " + jsonColumns);
      }
      String where = " WHERE tenant_id = '" + LongSessions.TENANT + "' AND session_id = '" + LongSessions.SESSION
          + "'";
      long[] history = size(ds, pg, sessions, List.of("history"), where, label);
      long[] row = size(ds, pg, sessions, jsonColumns, where, label);

      long before = Databases.count(ds, "SELECT COUNT(*) FROM " + journal + where);
      MigrationPlan plan = migration.operations().generatePlan(LongSessions.TENANT, Scenarios.loopV2Reworded(),
          "rowsizes");
      migration.operations().approve(LongSessions.TENANT, plan.id(), "rowsizes");
      migration.operations().deploy(LongSessions.TENANT, plan.id());
      Outcome o = migration.reconcile(LongSessions.TENANT, LongSessions.SESSION);
      if (!(o instanceof Outcome.Teleport tp) || tp.targetVersion() != 2) {
        throw new IllegalStateException(label + ": expected the session to be migrated to version 2 but got " + o);
      }
      long after = Databases.count(ds, "SELECT COUNT(*) FROM " + journal + where);
      if (after != before + 1) {
        throw new IllegalStateException(label + ": the migration should have written one journal record but "
            + "wrote " + (after - before));
      }
      long seq = Databases.count(ds, "SELECT MAX(seq) FROM " + journal + where);
      long[] record = size(ds, pg, journal, List.of("body"), " WHERE seq = " + seq, label);
      return new Row(db, visits, setup, history[0], history[1], row[0], row[1], jsonColumns, record[0], record[1],
          tp.reason().jsonName());
    }
  }

  /** The JSON columns of {@code table}, in the catalogue's order, lower case. */
  static List<String> jsonColumns(HikariDataSource ds, String table) {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
        try (ResultSet rs = md.getColumns(null, null, name, null)) {
          while (rs.next()) {
            if (JSON_TYPES.contains(rs.getString("TYPE_NAME").toLowerCase(Locale.ROOT))) {
              out.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
          }
        }
        if (!out.isEmpty()) {
          return out;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the columns of " + table, e);
    }
    throw new IllegalStateException("no JSON columns found in " + table);
  }

  /**
   * The UTF-8 bytes of {@code columns} of the one row {@code where} selects, added up ({@code octet_length}), and on
   * PostgreSQL the stored bytes ({@code pg_column_size}; 0 on H2); each checked against the text the driver reads.
   */
  static long[] size(HikariDataSource ds, boolean pg, String table, List<String> columns, String where,
      String label) {
    StringBuilder q = new StringBuilder("SELECT ");
    for (String col : columns) {
      String text = pg ? col + "::text" : col;
      q.append("COALESCE(OCTET_LENGTH(").append(text).append("), 0), ")
          .append(pg ? "COALESCE(pg_column_size(" + col + "), 0), " : "0, ")
          .append(col).append(", ");
    }
    q.setLength(q.length() - 2);
    q.append(" FROM ").append(table).append(where);
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(q.toString());
         ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException(label + ": no row in " + table + where);
      }
      long text = 0;
      long stored = 0;
      for (int i = 0; i < columns.size(); i++) {
        long sqlBytes = rs.getLong(3 * i + 1);
        String value = rs.getString(3 * i + 3);
        long javaBytes = value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
        if (sqlBytes != javaBytes) {
          throw new IllegalStateException(label + ": octet_length of " + table + "." + columns.get(i) + " is "
              + sqlBytes + " but its text has " + javaBytes + " UTF-8 bytes");
        }
        text += sqlBytes;
        stored += rs.getLong(3 * i + 2);
      }
      if (rs.next()) {
        throw new IllegalStateException(label + ": more than one row in " + table + where);
      }
      return new long[] {text, stored};
    } catch (SQLException e) {
      throw new IllegalStateException(label + ": " + q, e);
    }
  }
}
