package org.scenariomigration.jdbc;

/** Rows of the unbounded history read and rewritten on MariaDb; skipped when unreachable unless required. */
class LegacyRowsMariaDbTest extends LegacyRowsJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
