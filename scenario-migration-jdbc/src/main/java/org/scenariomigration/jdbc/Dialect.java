package org.scenariomigration.jdbc;

import java.util.Locale;

/**
 * The SQL dialects the JDBC stores speak. {@link JdbcStores} detects the dialect from the connection's metadata
 * (the database product name); set it with {@link JdbcStores.Builder#dialect(Dialect)} for a compatible database
 * that reports another name.
 */
public enum Dialect {
  /** H2 2.x, embedded (in-memory or file) or server: the zero-setup default. */
  H2("h2"),
  /** PostgreSQL 10 or newer. */
  POSTGRESQL("postgresql"),
  /**
   * MariaDB 10.6 or newer, or MySQL 8.0 or newer (both needed for {@code FOR UPDATE SKIP LOCKED}). Since schema
   * version 3 the id columns are {@code VARBINARY}: ids compare byte by byte, with no padding and no folding (schema 1
   * gave them {@code utf8mb4_bin}, a PAD SPACE collation that ignored trailing spaces).
   */
  MARIADB("mariadb");

  private final String directory;

  Dialect(String directory) {
    this.directory = directory;
  }

  /** The classpath folder of this dialect's schema scripts, for example {@code db/scenario-migration/postgresql}. */
  public String scriptLocation() {
    return "db/scenario-migration/" + directory;
  }

  /**
   * The dialect of a database product name as JDBC reports it ({@code H2}, {@code PostgreSQL}, {@code MariaDB},
   * {@code MySQL}), or {@code null} when it is none of them.
   */
  static Dialect fromProductName(String productName) {
    String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    if (p.startsWith("h2")) {
      return H2;
    }
    if (p.contains("postgres")) {
      return POSTGRESQL;
    }
    if (p.contains("mariadb") || p.contains("mysql")) {
      return MARIADB;
    }
    return null;
  }
}
