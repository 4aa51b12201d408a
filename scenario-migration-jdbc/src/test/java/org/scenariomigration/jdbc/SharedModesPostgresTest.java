package org.scenariomigration.jdbc;

/**
 * Modes shared by two engines on Postgres; skipped when unreachable unless {@code -Dsm.test.require-databases=true}.
 */
class SharedModesPostgresTest extends SharedModesJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.postgres();
  }
}
