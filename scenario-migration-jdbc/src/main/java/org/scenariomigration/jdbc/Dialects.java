package org.scenariomigration.jdbc;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The built-in {@link Dialect}s: detection by product name, and SQL their implementations share. */
final class Dialects {
  /** The dialects this module ships, in the order of detection. */
  static final List<Dialect> BUILT_IN = List.of(Dialect.H2, Dialect.POSTGRESQL, Dialect.MARIADB);

  private Dialects() {}

  /**
   * The built-in dialect of a database product name as JDBC reports it ({@code H2}, {@code PostgreSQL},
   * {@code MariaDB}, {@code MySQL}), or {@code null} when it is none of them.
   */
  static Dialect fromProductName(String productName) {
    String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    if (p.startsWith("h2")) {
      return Dialect.H2;
    }
    if (p.contains("postgres")) {
      return Dialect.POSTGRESQL;
    }
    if (p.contains("mariadb") || p.contains("mysql")) {
      return Dialect.MARIADB;
    }
    return null;
  }

  /** The parameters of an insert's {@code VALUES}: the dialect's JSON placeholder for the JSON columns, else ?. */
  static String values(Dialect dialect, List<String> columns, Set<String> jsonColumns) {
    StringBuilder values = new StringBuilder();
    for (String c : columns) {
      values.append(values.length() == 0 ? "" : ", ").append(jsonColumns.contains(c) ? dialect.jsonParameter() : "?");
    }
    return values.toString();
  }
}
