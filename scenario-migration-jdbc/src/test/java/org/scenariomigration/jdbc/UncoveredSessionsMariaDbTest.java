package org.scenariomigration.jdbc;

/**
 * {@link UncoveredSessionsJdbc} on MariaDB; skipped when unreachable unless {@code -Dsm.test.require-databases=true}.
 */
class UncoveredSessionsMariaDbTest extends UncoveredSessionsJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
