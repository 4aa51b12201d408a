package org.scenariomigration.jdbc;

/**
 * {@link OperatorMovesJdbc} on PostgreSQL; skipped when unreachable unless {@code -Dsm.test.require-databases=true}.
 */
class OperatorMovesPostgresTest extends OperatorMovesJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.postgres();
  }
}
