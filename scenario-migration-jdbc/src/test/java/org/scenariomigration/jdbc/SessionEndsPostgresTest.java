package org.scenariomigration.jdbc;

/**
 * Sessions end, retention and erasure on Postgres; skipped when unreachable unless
 * {@code -Dsm.test.require-databases=true}.
 */
class SessionEndsPostgresTest extends SessionEndsJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.postgres();
  }
}
