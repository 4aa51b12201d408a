package org.scenariomigration.spi;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} wrapper that fails the N-th statement execution ({@code executeQuery}, {@code executeUpdate},
 * {@code execute}, {@code executeBatch} and their large variants) or commit of the connections it hands out: it throws
 * before it ({@link FaultInjector.Kind#BEFORE}), or lets it run and throws after it ({@link FaultInjector.Kind#AFTER},
 * the database did it but the answer is lost, as when the connection drops; also when the statement failed on its own,
 * so that a failure the caller would handle is lost too). The thrown {@link InjectedFault} is an
 * {@link SQLTransientConnectionException} (SQL state {@code 08006}). Needs nothing but {@code java.sql}; a host tests
 * its own JDBC store with it too.
 */
public final class FaultyDataSource implements DataSource, FaultInjector {
  private static final Set<String> EXECUTIONS = Set.of("executeQuery", "executeUpdate", "execute", "executeBatch",
      "executeLargeUpdate", "executeLargeBatch");

  /** The fault: a lost connection, as the driver would report it. */
  public static final class InjectedFault extends SQLTransientConnectionException {
    private static final long serialVersionUID = 1L;

    InjectedFault(String message) {
      super(message, "08006");
    }
  }

  private final DataSource target;
  private final AtomicInteger count = new AtomicInteger();
  private volatile boolean counting;
  private volatile int failAt;
  private volatile Kind kind = Kind.BEFORE;
  private volatile String struck;

  /** Wraps {@code target}; disarmed until {@link #count()} or {@link #failAt}. */
  public FaultyDataSource(DataSource target) {
    this.target = target;
  }

  @Override
  public void count() {
    failAt(0, Kind.BEFORE);
  }

  @Override
  public int counted() {
    return count.get();
  }

  @Override
  public void failAt(int n, Kind kind) {
    this.kind = kind;
    this.failAt = n;
    this.struck = null;
    count.set(0);
    counting = true;
  }

  @Override
  public void disarm() {
    counting = false;
    failAt = 0;
  }

  @Override
  public String struck() {
    return struck;
  }

  /** Runs an execution or a commit, failing it when it is the armed one. */
  private Object run(String what, Method method, Object target, Object[] args) throws Throwable {
    boolean fail = false;
    if (counting) {
      int n = count.incrementAndGet();
      fail = n == failAt;
      if (fail) {
        struck = "#" + n + " " + kind + " " + what;
      }
    }
    if (fail && kind == Kind.BEFORE) {
      throw new InjectedFault("injected fault before " + what);
    }
    Object result;
    try {
      result = invoke(method, target, args);
    } catch (Throwable e) {
      if (fail) {
        // the statement ran and failed on its own (a duplicate key the caller would handle): its answer is lost all
        // the same
        InjectedFault f = new InjectedFault("injected fault after " + what);
        f.addSuppressed(e); // (not its cause: a caller that looks into causes would handle it)
        throw f;
      }
      throw e;
    }
    if (fail) {
      throw new InjectedFault("injected fault after " + what);
    }
    return result;
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private Connection wrap(Connection c) {
    InvocationHandler h = (proxy, method, args) -> {
      String name = method.getName();
      if (name.equals("commit")) {
        return run("commit", method, c, args);
      }
      if (name.equals("unwrap") && args[0] == Connection.class) {
        return proxy;
      }
      Object result = invoke(method, c, args);
      if (result instanceof Statement s && (name.equals("createStatement") || name.equals("prepareStatement")
          || name.equals("prepareCall"))) {
        String sql = args != null && args.length > 0 && args[0] instanceof String q ? q : "statement";
        return wrap(s, method.getReturnType(), sql);
      }
      return result;
    };
    return (Connection) Proxy.newProxyInstance(FaultyDataSource.class.getClassLoader(),
        new Class<?>[] {Connection.class}, h);
  }

  private Object wrap(Statement s, Class<?> type, String sql) {
    Class<?> iface = CallableStatement.class.isAssignableFrom(type) ? CallableStatement.class
        : PreparedStatement.class.isAssignableFrom(type) ? PreparedStatement.class : Statement.class;
    InvocationHandler h = (proxy, method, args) -> {
      if (EXECUTIONS.contains(method.getName())) {
        String q = args != null && args.length > 0 && args[0] instanceof String text ? text : sql;
        return run(method.getName() + " " + q, method, s, args);
      }
      return invoke(method, s, args);
    };
    return Proxy.newProxyInstance(FaultyDataSource.class.getClassLoader(), new Class<?>[] {iface}, h);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(target.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return wrap(target.getConnection(username, password));
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return target.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    target.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    target.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return target.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return target.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    return target.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || target.isWrapperFor(iface);
  }
}
