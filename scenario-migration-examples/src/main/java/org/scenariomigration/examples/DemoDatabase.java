package org.scenariomigration.examples;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import org.scenariomigration.jdbc.JdbcStores;
import org.scenariomigration.runtime.ScenarioMigration;

/**
 * The stores of an example program: H2 in memory by default, or the database of a JDBC URL. On a database given by
 * URL the tables get a fresh random prefix ({@code sm_demo_<8 hex>_}), so that a run never meets another run's data,
 * and {@link #close()} drops them again.
 */
final class DemoDatabase implements AutoCloseable {
  /** The embedded default: an in-memory H2 database that lives as long as the JVM. */
  static final String H2_URL = "jdbc:h2:mem:scenario-migration-demo;DB_CLOSE_DELAY=-1";

  private final String url;
  private final UrlDataSource dataSource;
  private final JdbcStores stores;

  private DemoDatabase(String url, String prefix, Clock clock) {
    this.url = url;
    this.dataSource = new UrlDataSource(url);
    this.stores = JdbcStores.builder(dataSource).tablePrefix(prefix).clock(clock).build();
  }

  /** Opens (and creates the schema in) the database at {@code url}, or the embedded H2 one when it is null. */
  static DemoDatabase open(String url, Clock clock) {
    if (url == null || url.isBlank()) {
      return new DemoDatabase(H2_URL, "sm_", clock);
    }
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    return new DemoDatabase(url, "sm_demo_" + HexFormat.of().formatHex(random) + "_", clock);
  }

  /** The stores. */
  JdbcStores stores() {
    return stores;
  }

  /** Wires every store, and their unit of work, into an engine builder. */
  ScenarioMigration.Builder wire(ScenarioMigration.Builder builder) {
    return builder.stores(stores);
  }

  /** One line saying where the data lives. */
  String describe() {
    if (url.equals(H2_URL)) {
      return "H2 in memory (" + H2_URL + "), through JdbcStores";
    }
    return stores.dialect() + " at " + UrlDataSource.redact(url) + ", tables " + stores.tablePrefix()
        + "* (dropped at the end)";
  }

  /** Drops the tables: the schema's own downgrade, then its bookkeeping tables. */
  @Override
  public void close() {
    stores.downgradeSchema(0);
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + stores.tablePrefix() + "schema_version");
      st.execute("DROP TABLE IF EXISTS " + stores.tablePrefix() + "schema_lock");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop the demo's bookkeeping tables: " + e.getMessage(), e);
    }
  }
}
