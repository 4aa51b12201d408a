package org.scenariomigration.jdbc;

/**
 * {@link UncoveredSessionsJdbc} on PostgreSQL; skipped when unreachable unless {@code -Dsm.test.require-databases=true}.
 */
class UncoveredSessionsPostgresTest extends UncoveredSessionsJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.postgres();
  }
}
