package org.scenariomigration.jdbc;

/**
 * Modes shared by two engines on MariaDb; skipped when unreachable unless {@code -Dsm.test.require-databases=true}.
 */
class SharedModesMariaDbTest extends SharedModesJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
