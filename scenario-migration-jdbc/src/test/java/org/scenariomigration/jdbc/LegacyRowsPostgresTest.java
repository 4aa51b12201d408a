package org.scenariomigration.jdbc;

/** Rows of the unbounded history read and rewritten on Postgres; skipped when unreachable unless required. */
class LegacyRowsPostgresTest extends LegacyRowsJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.postgres();
  }
}
