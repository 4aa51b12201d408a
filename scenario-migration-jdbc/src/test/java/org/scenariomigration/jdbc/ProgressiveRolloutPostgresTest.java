package org.scenariomigration.jdbc;

/**
 * Progressive rollouts with health gates and automatic rollback on Postgres; skipped when unreachable unless
 * {@code -Dsm.test.require-databases=true}.
 */
class ProgressiveRolloutPostgresTest extends ProgressiveRolloutJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.postgres();
  }
}
