package org.scenariomigration.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.scenariomigration.ScenarioMigrationException;

/**
 * A database operation of the JDBC stores failed for a reason other than a concurrent update or a duplicate record:
 * the connection was lost, a statement failed, the schema is missing. The message names the operation, for example
 * {@code commit of session 's1' of tenant 't1' failed: ...}, as does {@link #operation()}, and the cause is the
 * driver's exception. A failed
 * operation leaves no partial state: whatever it wrote in its transaction (or, in the host's transaction, since its
 * savepoint) is rolled back.
 *
 * <p>{@link #isTransient()} tells a host whether retrying can succeed (a serialization failure, a deadlock, a lock
 * timeout, a lost connection), and {@link #sqlState()} keeps the driver's SQLState. Inside the host's transaction,
 * retry the host's whole transaction, not the one call: the database may have rolled it back.
 */
public class JdbcStoreException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  /** SQLStates that a retry can get past: PostgreSQL's lock timeout, shutdowns, too many connections; timeouts. */
  private static final Set<String> TRANSIENT_STATES = Set.of("55P03", "57P01", "57P02", "57P03", "53300", "HYT00",
      "HYT01", "70100");

  /**
   * Vendor codes of the same: MariaDB/MySQL lock wait timeout 1205, deadlock 1213, server gone 2006, lost connection
   * 2013, connection killed 1927; H2 lock timeout 50200, concurrent update 90131, connection broken 90067.
   */
  private static final Set<Integer> TRANSIENT_CODES = Set.of(1205, 1213, 2006, 2013, 1927, 50200, 90131, 90067);

  private final String operation;
  /** The SQLState of the driver's exception, or {@code null}. */
  private final String sqlState;
  private final boolean retryable;

  /**
   * Creates the exception; {@link #isTransient()} and {@link #sqlState()} are read from the cause chain.
   *
   * @param operation the operation that failed, for example {@code commit of session 's1' of tenant 't1'}
   * @param message the whole message, naming the operation
   * @param cause the driver's exception
   */
  public JdbcStoreException(String operation, String message, Throwable cause) {
    this(operation, message, cause, false);
  }

  /** Creates the exception for {@code operation} without a cause: not transient, no SQLState. */
  public JdbcStoreException(String operation, String message) {
    super(message);
    this.operation = operation;
    this.sqlState = null;
    this.retryable = false;
  }

  /** Creates the exception; transient when {@code transientAnyway} or when the cause chain says so. */
  JdbcStoreException(String operation, String message, Throwable cause, boolean transientAnyway) {
    super(message, cause);
    this.operation = operation;
    this.sqlState = sqlStateOf(cause);
    this.retryable = transientAnyway || isTransient(cause);
  }

  /**
   * The operation that failed, for example {@code commit of session 's1' of tenant 't1'}, {@code schema check} or
   * {@code dialect detection}.
   */
  public String operation() {
    return operation;
  }

  /**
   * The SQLState of the driver's exception: the first {@link SQLException} in the cause chain (and the chains of
   * {@link SQLException#getNextException()}) that has one, for example {@code 40001}; {@code null} when none has.
   */
  public String sqlState() {
    return sqlState;
  }

  /**
   * Whether the same work can succeed when retried: a serialization failure (SQLState {@code 40001}), a deadlock
   * ({@code 40P01}, MariaDB/MySQL 1213), a lock timeout ({@code 55P03}, MariaDB/MySQL 1205, H2 50200), a lost or
   * refused connection (SQLState class {@code 08}, {@code 57P01}-{@code 57P03}, {@code 53300}), a driver's
   * {@link SQLTransientException} or {@link SQLRecoverableException} (a pool's connection timeout), or a host
   * transaction the database rolled back under the library. Not transient: constraint violations, bad SQL, a missing
   * table, data the database refuses.
   */
  public boolean isTransient() {
    return retryable;
  }

  private static String sqlStateOf(Throwable cause) {
    for (SQLException s : sqlExceptions(cause)) {
      if (s.getSQLState() != null && !s.getSQLState().isEmpty()) {
        return s.getSQLState();
      }
    }
    return null;
  }

  static boolean isTransient(Throwable cause) {
    for (SQLException s : sqlExceptions(cause)) {
      if (s instanceof SQLTransientException || s instanceof SQLRecoverableException
          || TRANSIENT_CODES.contains(s.getErrorCode())) {
        return true;
      }
      String state = s.getSQLState();
      if (state != null && (state.startsWith("08") || (state.startsWith("40") && !state.equals("40002"))
          || TRANSIENT_STATES.contains(state))) {
        return true;
      }
    }
    return false;
  }

  /** The SQL exceptions of a cause chain and of their next-exception chains, each once, in order. */
  private static Iterable<SQLException> sqlExceptions(Throwable cause) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    java.util.List<SQLException> out = new java.util.ArrayList<>();
    java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
    if (cause != null) {
      todo.add(cause);
    }
    while (!todo.isEmpty() && seen.size() < 64) {
      Throwable t = todo.poll();
      if (!seen.add(t)) {
        continue;
      }
      if (t instanceof SQLException s) {
        out.add(s);
        if (s.getNextException() != null) {
          todo.add(s.getNextException());
        }
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
    }
    return out;
  }
}
