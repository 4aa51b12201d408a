package org.scenariomigration.jdbc;

/**
 * Progressive rollouts with health gates and automatic rollback on MariaDb; skipped when unreachable unless
 * {@code -Dsm.test.require-databases=true}.
 */
class ProgressiveRolloutMariaDbTest extends ProgressiveRolloutJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
