package org.scenariomigration.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** Connection handling: one connection per operation, transactions that commit together or roll back entirely. */
final class Jdbc {
  /** Work on a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Runs {@code work} in auto-commit mode. */
  <T> T autoCommit(Supplier<String> operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      return work.run(c);
    } catch (SQLException e) {
      throw failure(operation.get(), e);
    }
  }

  /**
   * Runs {@code work} in one transaction: it commits when the work returns and rolls back when it throws anything,
   * including the library's own exceptions (a failed revision check), so nothing of a failed operation remains.
   */
  <T> T transaction(Supplier<String> operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean wasAuto = c.getAutoCommit();
      if (wasAuto) {
        c.setAutoCommit(false);
      }
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        if (wasAuto) {
          try {
            if (!c.isClosed()) {
              c.setAutoCommit(true);
            }
          } catch (SQLException ignored) {
            // the connection is broken; closing it is all that is left
          }
        }
      }
    } catch (SQLException e) {
      throw failure(operation.get(), e);
    }
  }

  /**
   * A connection in a transaction that the caller ends: {@link Tx#commit()} or {@link Tx#close()} (which rolls back
   * what was not committed). For work that spans calls, such as a claimed page of eager batch migration.
   */
  Tx begin(Supplier<String> operation) {
    Connection c = null;
    try {
      c = dataSource.getConnection();
      boolean wasAuto = c.getAutoCommit();
      if (wasAuto) {
        c.setAutoCommit(false);
      }
      return new Tx(c, wasAuto, operation);
    } catch (SQLException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw failure(operation.get(), e);
    }
  }

  /** A transaction on one connection; see {@link #begin}. Not thread-safe. */
  static final class Tx implements AutoCloseable {
    final Connection connection;
    private final boolean wasAuto;
    private final Supplier<String> operation;
    private boolean open = true;

    private Tx(Connection connection, boolean wasAuto, Supplier<String> operation) {
      this.connection = connection;
      this.wasAuto = wasAuto;
      this.operation = operation;
    }

    /** Commits and releases the connection. */
    void commit() {
      if (!open) {
        throw new IllegalStateException(operation.get() + " was already ended");
      }
      try {
        connection.commit();
      } catch (SQLException e) {
        close();
        throw failure(operation.get(), e);
      }
      close();
    }

    /** Rolls back what was not committed and releases the connection; idempotent. */
    @Override
    public void close() {
      if (!open) {
        return;
      }
      open = false;
      try {
        if (!connection.isClosed()) {
          connection.rollback();
          if (wasAuto) {
            connection.setAutoCommit(true);
          }
        }
      } catch (SQLException ignored) {
        // the connection is broken; closing it is all that is left
      } finally {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // nothing more can be done
        }
      }
    }
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      if (!c.isClosed()) {
        c.rollback();
      }
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** A {@link JdbcStoreException} naming the operation and the driver's message and SQL state. */
  static JdbcStoreException failure(String operation, SQLException e) {
    return new JdbcStoreException(operation + " failed: " + describe(e), e);
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
