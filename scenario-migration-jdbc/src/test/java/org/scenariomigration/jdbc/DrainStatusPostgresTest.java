package org.scenariomigration.jdbc;

/**
 * Drain status and retirement of versions on Postgres; skipped when unreachable unless
 * {@code -Dsm.test.require-databases=true}.
 */
class DrainStatusPostgresTest extends DrainStatusJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.postgres();
  }
}
