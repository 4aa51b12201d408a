package org.scenariomigration.examples;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A minimal, unpooled {@link DataSource} over a JDBC URL, for the example programs only: a production host passes its
 * connection pool to {@code JdbcStores} instead. The driver is found with {@link ServiceLoader} from this class's
 * class loader (not {@code DriverManager}, which misses drivers loaded by a child class loader such as
 * {@code exec:java}'s).
 */
final class UrlDataSource implements DataSource {
  private final String url;
  private final Driver driver;
  private PrintWriter logWriter;
  private int loginTimeout;

  UrlDataSource(String url) {
    this.url = url;
    this.driver = driverFor(url);
  }

  private static Driver driverFor(String url) {
    for (Driver d : ServiceLoader.load(Driver.class, UrlDataSource.class.getClassLoader())) {
      try {
        if (d.acceptsURL(url)) {
          return d;
        }
      } catch (SQLException e) {
        // this driver cannot tell: try the next one
      }
    }
    throw new IllegalArgumentException("no JDBC driver on the class path accepts '" + redact(url)
        + "' (the examples ship H2 and PostgreSQL drivers)");
  }

  /** The URL without its password, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection c = driver.connect(url, new Properties());
    if (c == null) {
      throw new SQLException("the driver refused '" + redact(url) + "'");
    }
    return c;
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", username);
    p.setProperty("password", password);
    return driver.connect(url, p);
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no parent logger");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper for " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
