package org.scenariomigration.jdbc;

/**
 * Drain status and retirement of versions on MariaDb; skipped when unreachable unless
 * {@code -Dsm.test.require-databases=true}.
 */
class DrainStatusMariaDbTest extends DrainStatusJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
