package org.scenariomigration.jdbc;

import org.scenariomigration.json.SessionJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Everything the JDBC stores do differently on one database: how JSON, timestamps and a session's settled plans are
 * bound and read, the SQL of an upsert and of two JSON tests, which statements the database can run, the lock that
 * serialises schema migrations, and where the schema scripts are. The stores build every other statement from
 * standard SQL; they reach the database's differences only through these methods.
 *
 * <p>{@link JdbcStores} detects {@link #H2}, {@link #POSTGRESQL} and {@link #MARIADB} from the connection's metadata
 * (the database product name). For a compatible database that reports another name, set one of them with
 * {@link JdbcStores.Builder#dialect(Dialect)}, or an implementation of your own: the simplest delegates every method to
 * the closest of the three and changes what differs. Implementations are stateless and thread-safe. Every value goes
 * through a parameter: no method splices a value into SQL.
 */
public interface Dialect {

  /**
   * H2 2.x, embedded (in-memory or file) or server: the zero-setup default. JSON columns are CLOBs, settled plans an
   * {@code ARRAY}. The H2 driver is an optional dependency of this module: add {@code com.h2database:h2} to use it.
   */
  Dialect H2 = new H2Dialect();

  /** PostgreSQL 10 or newer: JSON columns are {@code jsonb}, id columns {@code COLLATE "C"}. */
  Dialect POSTGRESQL = new PostgresDialect();

  /**
   * MariaDB 10.6 or newer, or MySQL 8.0 or newer (both needed for {@code FOR UPDATE SKIP LOCKED}). Since schema
   * version 5 the id columns are {@code VARBINARY}: ids compare byte by byte, with no padding and no folding (schema 1
   * gave them {@code utf8mb4_bin}, a PAD SPACE collation that ignored trailing spaces).
   */
  Dialect MARIADB = new MariaDbDialect();

  /**
   * The dialect's short name in lower case, as in its script folder and in messages: {@code h2}, {@code postgresql},
   * {@code mariadb}.
   */
  String name();

  /**
   * The classpath folder of this dialect's schema scripts ({@link SchemaScript}); by default
   * {@code db/scenario-migration/<name()>}, for example {@code db/scenario-migration/postgresql}. A dialect of a
   * compatible database returns the folder of the scripts it runs, for example the PostgreSQL one.
   */
  default String scriptLocation() {
    return "db/scenario-migration/" + name();
  }

  // ------------------------------------------------------------------------------------------- values

  /** The placeholder of a JSON parameter, bound with {@link PreparedStatement#setString}: {@code ?} by default. */
  default String jsonParameter() {
    return "?";
  }

  /**
   * Binds a session's settled plans (the plan ids, in order, no duplicates) at a {@link #jsonParameter()}; by default
   * as the text of a JSON array of strings.
   */
  default void bindSettledPlans(PreparedStatement ps, int index, Collection<String> planIds) throws SQLException {
    ps.setString(index, SessionJson.writeSettledPlans(planIds));
  }

  /** Reads the settled plans {@link #bindSettledPlans} bound; by default from the text of a JSON array of strings. */
  default Set<String> readSettledPlans(ResultSet rs, String column) throws SQLException {
    return SessionJson.readSettledPlans(rs.getString(column));
  }

  /**
   * Binds an instant ({@code null} allowed) for a timestamp column, truncated to microseconds (the precision of the
   * timestamp columns); by default as an {@link OffsetDateTime} in UTC, for a {@code TIMESTAMP WITH TIME ZONE}.
   */
  default void bindInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
    if (at == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }
  }

  /** Reads an instant {@link #bindInstant} bound, {@code null} for SQL {@code NULL}. */
  default Instant readInstant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  // ------------------------------------------------------------------------------------------- SQL

  /**
   * The condition "the column {@code settled_plans} does not hold the plan id bound to this condition's one
   * parameter" (a string, bound with {@link PreparedStatement#setString}).
   */
  String notSettledBy();

  /**
   * The condition "the JSON column {@code pending} (not null) holds a forward marker": an object whose
   * {@code rollback} member is absent or {@code false}. The library writes the marker; it holds no parameter.
   */
  String forwardMarker();

  /** The clause that ends a query and locks its rows, skipping rows other transactions hold. */
  default String skipLocked() {
    return " FOR UPDATE SKIP LOCKED";
  }

  /**
   * An insert-or-update by primary key of one row: {@code columns} in parameter order, the first {@code keyColumns}
   * of them forming the key, the ones in {@code jsonColumns} bound at {@link #jsonParameter()}, the others at
   * {@code ?}.
   */
  String upsert(String table, List<String> columns, int keyColumns, Set<String> jsonColumns);

  /** A table or column name as a quoted identifier (kept in its case): {@code "name"} by default. */
  default String quoteIdentifier(String name) {
    return "\"" + name + "\"";
  }

  // ------------------------------------------------------------------------------------------- what it can do

  /**
   * Whether a sorted {@code SELECT ... FOR UPDATE} with a {@code LIMIT} locks every row it reads before the limit
   * applies ({@code false} by default; H2 does). Then a claimed page is selected in two steps: its ids first, then
   * the rows of their range, locked.
   */
  default boolean locksRowsPastLimit() {
    return false;
  }

  /**
   * Whether the database runs {@code WITH x AS (UPDATE ... RETURNING ...) SELECT ... FROM x} ({@code false} by
   * default). Then marking every anchor of a plan is one statement that visits each session row once, instead of one
   * statement per anchor.
   */
  default boolean supportsUpdateReturningInWith() {
    return false;
  }

  /**
   * Prepares a connection for a query that reads many rows once (the count of a deployment's sessions), as PostgreSQL
   * turns off its JIT compiler, which costs more than it saves there. Called only on a connection the library holds:
   * in auto-commit ({@code autoCommit}: a setting of the database session, to be put back), or in a transaction of
   * the library's own (a setting local to it). Nothing by default.
   *
   * @return what {@link #afterCount} needs to put the session's setting back, or {@code null} when nothing is to be
   *     put back
   */
  default String beforeCount(Connection c, boolean autoCommit) throws SQLException {
    return null;
  }

  /** Puts back what {@link #beforeCount} changed, given what it returned (not {@code null}). */
  default void afterCount(Connection c, String saved) throws SQLException {
    // nothing to put back by default
  }

  // ------------------------------------------------------------------------------------------- schema

  /**
   * Whether a schema change runs in a transaction that can be rolled back. Then each script commits with its version
   * row or not at all; otherwise each statement commits on its own (a script that fails halfway leaves the statements
   * before it applied, and running it again must get past them).
   */
  boolean transactionalDdl();

  /** The column type of a timestamp with microseconds: {@code TIMESTAMP(6) WITH TIME ZONE} by default. */
  default String timestampType() {
    return "TIMESTAMP(6) WITH TIME ZONE";
  }

  /** What follows the closing parenthesis of a {@code CREATE TABLE}, with its leading space: nothing by default. */
  default String tableOptions() {
    return "";
  }

  /**
   * Takes the lock under which one node at a time migrates the schema of a table prefix, waiting at most
   * {@code timeout}. The library calls it on the migrating connection, in auto-commit, and calls
   * {@link #unlockSchema} with what it returned once the migration ends, also when it failed.
   *
   * @param c the migrating connection, in auto-commit; a lock held by its database session is released with it
   * @param name the lock's name, the same for every node migrating this table prefix
   * @param lockTable a table of this prefix the dialect may create and lock a row of, for a database without named
   *     locks
   * @param second opens a connection of the library's own, for a lock that another connection must hold while
   *     {@code c} runs the scripts (a database that commits each schema change would release a lock {@code c} held)
   * @return the connection holding the lock when it is not {@code c} ({@link #unlockSchema} closes it), else
   *     {@code null}
   * @throws SQLException when the lock cannot be had, also when it was not had within the timeout
   */
  Connection lockSchema(Connection c, String name, String lockTable, Duration timeout, ConnectionOpener second)
      throws SQLException;

  /**
   * Releases the lock {@link #lockSchema} took, given the connection holding it ({@code null} when it was {@code c}),
   * and closes that connection.
   */
  void unlockSchema(Connection c, String name, Connection holder) throws SQLException;

  /** Opens a connection of the library's own, for {@link #lockSchema}. */
  @FunctionalInterface
  interface ConnectionOpener {
    /** A new connection, which the caller closes. */
    Connection open() throws SQLException;
  }
}
