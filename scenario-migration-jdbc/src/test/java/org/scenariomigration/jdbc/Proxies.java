package org.scenariomigration.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Data source wrappers for the tests: one that sees every call on its connections, one that holds one connection, one
 * whose connections come with auto-commit off.
 */
final class Proxies {
  private Proxies() {}

  /** Sees a call on a connection before it is made. */
  @FunctionalInterface
  interface Hook {
    void before(Connection real, String method, Object[] args) throws SQLException;
  }

  /** A data source whose connections call {@code hook} before every method. */
  static DataSource watching(DataSource target, Hook hook) {
    return new Base() {
      @Override
      public Connection getConnection() throws SQLException {
        return wrap(target.getConnection(), hook, false);
      }
    };
  }

  /** A data source that always hands out the same physical connection ({@code close()} does nothing). */
  static DataSource single(Connection connection) {
    Connection shared = wrap(connection, (c, m, a) -> { }, true);
    return new Base() {
      @Override
      public Connection getConnection() {
        return shared;
      }
    };
  }

  /**
   * A data source as a pool configured with auto-commit off hands out connections (HikariCP {@code autoCommit=false}):
   * each comes with auto-commit off, and what was not committed is rolled back when it is given back.
   */
  static DataSource autoCommitOff(DataSource target) {
    return new Base() {
      @Override
      public Connection getConnection() throws SQLException {
        Connection real = target.getConnection();
        real.setAutoCommit(false);
        InvocationHandler h = (proxy, method, args) -> {
          if (method.getName().equals("close") && !real.isClosed() && !real.getAutoCommit()) {
            real.rollback();
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
        return (Connection) Proxy.newProxyInstance(Proxies.class.getClassLoader(), new Class<?>[] {Connection.class},
            h);
      }
    };
  }

  /** A data source whose connections cannot be had. */
  static DataSource unreachable(String message) {
    return new Base() {
      @Override
      public Connection getConnection() throws SQLException {
        throw new SQLException(message, "08001");
      }
    };
  }

  /** Records the statements prepared and the transaction boundaries, in order. */
  static final class Recorder implements Hook {
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void before(Connection real, String method, Object[] args) {
      switch (method) {
        case "prepareStatement", "prepareCall" -> log.add(String.valueOf(args[0]));
        case "setAutoCommit" -> {
          if (!(Boolean) args[0]) {
            log.add("BEGIN");
          }
        }
        case "commit" -> log.add("COMMIT");
        case "rollback" -> log.add("ROLLBACK");
        default -> { }
      }
    }

    List<String> statements() {
      synchronized (log) {
        return log.stream().filter(s -> !s.equals("BEGIN") && !s.equals("COMMIT") && !s.equals("ROLLBACK"))
            .toList();
      }
    }

    void clear() {
      log.clear();
    }
  }

  private static Connection wrap(Connection real, Hook hook, boolean ignoreClose) {
    InvocationHandler h = (proxy, method, args) -> {
      if (ignoreClose && method.getName().equals("close")) {
        return null;
      }
      hook.before(real, method.getName(), args);
      try {
        return method.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (Connection) Proxy.newProxyInstance(Proxies.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
  }

  private abstract static class Base implements DataSource {
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) { }

    @Override
    public void setLoginTimeout(int seconds) { }

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
