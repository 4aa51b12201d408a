package org.scenariomigration.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A data source that counts the connections it opened, those open now, and the most open at once since a reset. */
final class CountingDataSource implements DataSource {
  private final DataSource target;
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger most = new AtomicInteger();

  CountingDataSource(DataSource target) {
    this.target = target;
  }

  int opened() {
    return opened.get();
  }

  int open() {
    return open.get();
  }

  int most() {
    return most.get();
  }

  void reset() {
    most.set(open.get());
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection real = target.getConnection();
    opened.incrementAndGet();
    most.accumulateAndGet(open.incrementAndGet(), Math::max);
    AtomicBoolean closed = new AtomicBoolean();
    return (Connection) Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          if (method.getName().equals("close") && closed.compareAndSet(false, true)) {
            open.decrementAndGet();
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

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
