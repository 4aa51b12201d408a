package org.scenariomigration.jdbc;

/**
 * {@link OperatorMovesJdbc} on MariaDB; skipped when unreachable unless {@code -Dsm.test.require-databases=true}.
 */
class OperatorMovesMariaDbTest extends OperatorMovesJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
