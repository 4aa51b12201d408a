package org.scenariomigration.jdbc;

/**
 * Sessions end, retention and erasure on MariaDb; skipped when unreachable unless
 * {@code -Dsm.test.require-databases=true}.
 */
class SessionEndsMariaDbTest extends SessionEndsJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
