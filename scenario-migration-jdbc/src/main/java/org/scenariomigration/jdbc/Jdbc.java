package org.scenariomigration.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Every use of a connection by the stores, in one of two modes decided per connection as it arrives.
 *
 * <ul>
 *   <li><b>Own</b>: the connection arrives with auto-commit on (a host without a transaction manager, or outside its
 *       transactions). One transaction per operation: a read or a single statement runs in auto-commit, a
 *       multi-statement write sets auto-commit off, commits or rolls back, and sets it on again.
 *   <li><b>Joined</b>: the connection arrives with auto-commit off. It belongs to the host's transaction (the
 *       connection Spring's {@code TransactionAwareDataSourceProxy} or {@code DataSourceUtils} hands out inside a
 *       {@code @Transactional} method, or one the host opened a transaction on). The library never commits it, rolls it
 *       back or changes its auto-commit: its writes commit or roll back with the host's work. A multi-statement write,
 *       a statement whose failure is handled, and a claimed page run under a savepoint, and a failure rolls back to it,
 *       so a failed operation leaves nothing of itself in the host's transaction. When that savepoint is gone (the
 *       database rolled the whole transaction back after a deadlock, or the connection is lost), the operation throws a
 *       {@link JdbcStoreException#isTransient() transient} {@link JdbcStoreException}: the host's transaction is lost
 *       and must be retried whole.
 * </ul>
 *
 * <p>With {@code commitWhenAutoCommitOff} (db-scheduler's {@code commitWhenAutocommitDisabled}), a connection that
 * arrives with auto-commit off is the library's own all the same, for pools configured without auto-commit and no
 * transaction manager: every operation commits (or rolls back) it, and never changes its auto-commit.
 *
 * <p>Inside {@link #inOneTransaction} (an operator call's unit of work) every operation on this thread uses the one
 * connection bound to it, as in the joined mode: under savepoints, never committed by the operation itself.
 */
final class Jdbc {
  /** Work on a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** One statement. */
  @FunctionalInterface
  interface Statement<T> {
    T run() throws SQLException;
  }

  private final DataSource dataSource;
  private final boolean commitWhenAutoCommitOff;
  /** The unit of work running on this thread ({@link #inOneTransaction}), or none. */
  private final ThreadLocal<Bound> bound = new ThreadLocal<>();

  /** A connection bound to a thread for a unit of work, and what to do once that ends. */
  private static final class Bound {
    final Connection connection;
    /** The connection as the operations get it: closing it does nothing (the unit of work closes it). */
    final Connection shared;
    final java.util.List<Runnable> afterwards = new java.util.ArrayList<>();

    Bound(Connection connection) {
      this.connection = connection;
      this.shared = (Connection) java.lang.reflect.Proxy.newProxyInstance(Jdbc.class.getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            switch (method.getName()) {
              case "close":
                return null;
              case "unwrap":
                if (args[0] == Connection.class) {
                  return connection;
                }
                break;
              case "equals":
                return proxy == args[0];
              case "hashCode":
                return System.identityHashCode(proxy);
              default:
                break;
            }
            try {
              return method.invoke(connection, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }

    void runAfterwards() {
      for (Runnable r : afterwards) {
        r.run();
      }
    }
  }

  Jdbc(DataSource dataSource, boolean commitWhenAutoCommitOff) {
    this.dataSource = dataSource;
    this.commitWhenAutoCommitOff = commitWhenAutoCommitOff;
  }

  /**
   * Whether a connection as it arrives (untouched: inside {@link #autoCommit}'s work) belongs to the host's
   * transaction, so that what it reads may still be rolled back.
   */
  boolean joined(Connection c) throws SQLException {
    return inUnitOfWork() || (!c.getAutoCommit() && !commitWhenAutoCommitOff);
  }

  /** Whether a unit of work (a transaction the library opened) runs on this thread. */
  boolean inUnitOfWork() {
    return bound.get() != null;
  }

  /** The connection of the unit of work running on this thread, or a new one from the data source. */
  private Connection connection() throws SQLException {
    Bound b = bound.get();
    return b != null ? b.shared : dataSource.getConnection();
  }

  /**
   * Runs {@code action} once the unit of work running on this thread has ended (committed or not), or now when none
   * runs: for caches that must not keep what a rolled-back transaction wrote, nor what was read before it committed.
   */
  void afterwards(Runnable action) {
    Bound b = bound.get();
    if (b == null) {
      action.run();
    } else {
      b.afterwards.add(action);
    }
  }

  /**
   * Runs {@code work} with one connection bound to this thread, so that every operation of these stores inside it uses
   * that connection, in one transaction. When the connection arrives with auto-commit on (or with
   * {@code commitWhenAutoCommitOff}), the transaction is the library's: committed when the work returns, rolled back
   * when it or the commit throws, auto-commit restored. When it arrives in the host's transaction, the work runs under
   * a savepoint of it (rolled back to when the work throws) and the host commits. Inside a unit of work already running
   * on this thread, the work joins it.
   */
  <T> T inOneTransaction(Supplier<String> operation, Supplier<T> work) {
    if (bound.get() != null) {
      return work.get();
    }
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      throw failure(operation.get(), e);
    }
    Bound b = new Bound(c);
    try {
      if (joined(c)) {
        Savepoint savepoint = c.setSavepoint();
        T result;
        bound.set(b);
        try {
          result = work.get();
        } catch (RuntimeException | Error e) {
          bound.remove();
          rollbackTo(c, savepoint, operation, e);
          throw e;
        } finally {
          bound.remove();
          b.runAfterwards();
        }
        c.releaseSavepoint(savepoint);
        return result;
      }
      boolean wasAuto = c.getAutoCommit();
      if (wasAuto) {
        c.setAutoCommit(false);
      }
      bound.set(b);
      try {
        return committed(c, conn -> work.get());
      } finally {
        bound.remove();
        b.runAfterwards();
        if (wasAuto) {
          restoreAutoCommit(c);
        }
      }
    } catch (SQLException e) {
      throw failure(operation.get(), e);
    } finally {
      closeQuietly(c, null);
    }
  }

  /**
   * Whether a connection the data source hands out now belongs to the host's transaction ({@link #joined}): the
   * stores' writes made now commit or roll back with the host's work.
   */
  boolean joinedNow(Supplier<String> operation) {
    try (Connection c = dataSource.getConnection()) {
      return joined(c);
    } catch (SQLException e) {
      throw failure(operation.get(), e);
    }
  }

  /**
   * Runs a read or a single statement: in auto-commit when the connection arrives with it on, in the host's
   * transaction when it arrives with it off (and committed then, with {@code commitWhenAutoCommitOff}). Never changes
   * the connection's auto-commit.
   */
  <T> T autoCommit(Supplier<String> operation, Work<T> work) {
    try (Connection c = connection()) {
      if (bound.get() != null || c.getAutoCommit() || !commitWhenAutoCommitOff) {
        return work.run(c);
      }
      return committed(c, work);
    } catch (SQLException e) {
      throw failure(operation.get(), e);
    }
  }

  /**
   * Runs {@code work} in one transaction: it commits when the work returns and rolls back when it throws anything,
   * including the library's own exceptions (a failed revision check), so nothing of a failed operation remains. In the
   * host's transaction, under a savepoint instead: released when the work returns, rolled back to when it throws.
   */
  <T> T transaction(Supplier<String> operation, Work<T> work) {
    try (Connection c = connection()) {
      if (joined(c)) {
        return underSavepoint(c, operation, work);
      }
      if (!c.getAutoCommit()) {
        return committed(c, work);
      }
      c.setAutoCommit(false);
      try {
        return committed(c, work);
      } finally {
        restoreAutoCommit(c);
      }
    } catch (SQLException e) {
      throw failure(operation.get(), e);
    }
  }

  /**
   * Runs one statement whose failure the caller handles and then goes on on the same connection (a duplicate key
   * followed by a look-up). In a transaction it runs under a savepoint that a failure rolls back to, as PostgreSQL
   * refuses every further statement of a transaction in which one failed.
   */
  <T> T attempt(Connection c, Statement<T> statement) throws SQLException {
    if (c.getAutoCommit()) {
      return statement.run();
    }
    return underSavepoint(c, () -> "statement", x -> statement.run());
  }

  /**
   * Runs work that needs a connection of its own and may change its auto-commit (the schema migrator): refused when
   * the connection arrives in the host's transaction; its auto-commit is restored as it arrived.
   */
  <T> T exclusive(Supplier<String> operation, Work<T> work) {
    try (Connection c = exclusiveConnection(operation)) {
      boolean arrived = c.getAutoCommit();
      try {
        return work.run(c);
      } finally {
        if (!c.isClosed() && c.getAutoCommit() != arrived) {
          c.setAutoCommit(arrived);
        }
      }
    } catch (SQLException e) {
      throw failure(operation.get(), e);
    }
  }

  /**
   * A connection of the library's own (for the schema migrator's second connection on H2), which the caller closes.
   *
   * @throws JdbcStoreException when it arrives in the host's transaction
   */
  Connection exclusiveConnection(Supplier<String> operation) throws SQLException {
    Connection c = connection();
    boolean joined;
    try {
      joined = joined(c);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c, e);
      throw e;
    }
    if (joined) {
      c.close();
      String what = operation.get();
      throw new JdbcStoreException(what, what + " needs a connection of its own, but the data source handed out "
          + "one in a transaction (auto-commit off): run it outside the host's transaction, let Flyway run the "
          + "scripts (createSchema(false)), or set commitWhenAutoCommitOff(true) when the pool's connections come "
          + "with auto-commit off and no transaction manager owns them");
    }
    return c;
  }

  /**
   * A connection in a transaction that the caller ends: {@link Tx#commit()} or {@link Tx#close()} (which rolls back
   * what was not committed). For work that spans calls, such as a claimed page of eager batch migration. In the host's
   * transaction, a savepoint stands for the transaction: {@link Tx#commit()} releases it (the host commits) and
   * {@link Tx#close()} rolls back to it.
   */
  Tx begin(Supplier<String> operation) {
    Connection c = null;
    try {
      c = connection();
      if (joined(c)) {
        return new Tx(c, false, c.setSavepoint(), operation);
      }
      boolean wasAuto = c.getAutoCommit();
      if (wasAuto) {
        c.setAutoCommit(false);
      }
      return new Tx(c, wasAuto, null, operation);
    } catch (SQLException e) {
      if (c != null) {
        closeQuietly(c, e);
      }
      throw failure(operation.get(), e);
    }
  }

  /** A transaction on one connection; see {@link #begin}. Not thread-safe. */
  static final class Tx implements AutoCloseable {
    final Connection connection;
    private final boolean wasAuto;
    /** The savepoint standing for the transaction in the host's transaction, else {@code null}. */
    private final Savepoint savepoint;
    private final Supplier<String> operation;
    private boolean open = true;

    private Tx(Connection connection, boolean wasAuto, Savepoint savepoint, Supplier<String> operation) {
      this.connection = connection;
      this.wasAuto = wasAuto;
      this.savepoint = savepoint;
      this.operation = operation;
    }

    /** Commits (in the host's transaction: releases the savepoint) and releases the connection. */
    void commit() {
      if (!open) {
        throw new IllegalStateException(operation.get() + " was already ended");
      }
      try {
        if (savepoint == null) {
          connection.commit();
        } else {
          connection.releaseSavepoint(savepoint);
        }
      } catch (SQLException e) {
        close();
        throw failure(operation.get(), e);
      }
      end(false);
    }

    /**
     * Rolls back what was not committed and releases the connection; idempotent.
     *
     * @throws JdbcStoreException (transient) when, in the host's transaction, the savepoint cannot be rolled back to:
     *     the database has rolled the host's transaction back, or the connection is lost
     */
    @Override
    public void close() {
      if (open) {
        end(true);
      }
    }

    private void end(boolean rollback) {
      open = false;
      try {
        if (savepoint != null) {
          if (rollback) {
            rollbackTo(connection, savepoint, operation, null);
          }
        } else if (!connection.isClosed()) {
          if (rollback) {
            connection.rollback();
          }
          if (wasAuto) {
            connection.setAutoCommit(true);
          }
        }
      } catch (SQLException ignored) {
        // the connection is broken; closing it is all that is left
      } finally {
        closeQuietly(connection, null);
      }
    }
  }

  // ------------------------------------------------------------------------------------------- plumbing

  /** Runs the work on a connection with auto-commit off, then commits; rolls back when it throws. */
  private static <T> T committed(Connection c, Work<T> work) throws SQLException {
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        if (!c.isClosed()) {
          c.rollback();
        }
      } catch (SQLException r) {
        e.addSuppressed(r);
      }
      throw e;
    }
  }

  private static <T> T underSavepoint(Connection c, Supplier<String> operation, Work<T> work) throws SQLException {
    Savepoint savepoint = c.setSavepoint();
    T result;
    try {
      result = work.run(c);
    } catch (SQLException | RuntimeException | Error e) {
      rollbackTo(c, savepoint, operation, e);
      throw e;
    }
    c.releaseSavepoint(savepoint);
    return result;
  }

  /**
   * Rolls back to a savepoint of the host's transaction after {@code cause} (may be {@code null}).
   *
   * @throws JdbcStoreException (transient) when that fails: the transaction the savepoint belonged to is gone
   */
  private static void rollbackTo(Connection c, Savepoint savepoint, Supplier<String> operation, Throwable cause) {
    try {
      c.rollback(savepoint);
    } catch (SQLException e) {
      String what = operation.get();
      JdbcStoreException lost = new JdbcStoreException(what, what + " failed in the host's transaction, which "
          + "could not be rolled back to before it (" + describe(e) + "): the database rolled the transaction back "
          + "or the connection is lost; roll the host's transaction back and retry it whole", cause == null ? e : cause,
          true);
      if (cause != null) {
        lost.addSuppressed(e);
      }
      throw lost;
    }
  }

  private static void restoreAutoCommit(Connection c) {
    try {
      if (!c.isClosed()) {
        c.setAutoCommit(true);
      }
    } catch (SQLException ignored) {
      // the connection is broken; closing it is all that is left
    }
  }

  private static void closeQuietly(Connection c, Throwable cause) {
    try {
      c.close();
    } catch (SQLException e) {
      if (cause != null) {
        cause.addSuppressed(e);
      }
    }
  }

  /** A {@link JdbcStoreException} naming the operation and the driver's message and SQL state. */
  static JdbcStoreException failure(String operation, SQLException e) {
    return new JdbcStoreException(operation, operation + " failed: " + describe(e), e);
  }

  static String describe(SQLException e) {
    String msg = String.valueOf(e.getMessage()).strip();
    return msg + (e.getSQLState() == null ? "" : " (sql state " + e.getSQLState() + ")");
  }

  /** Whether the exception is a constraint violation: a duplicate key, a missing not-null value. */
  static boolean isIntegrityViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("23")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the exception says another transaction got in the way: a deadlock, a serialization failure or a lock
   * wait timeout (SQL state class 40, MariaDB's 1205, H2's 50200).
   */
  static boolean isConflict(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if ((state != null && state.startsWith("40")) || s.getErrorCode() == 1205 || s.getErrorCode() == 1213
            || s.getErrorCode() == 50200) {
          return true;
        }
      }
    }
    return false;
  }
}
