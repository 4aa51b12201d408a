package org.scenariomigration.jdbc;

/**
 * Progressive rollouts with health gates and automatic rollback on H2; skipped when unreachable unless
 * {@code -Dsm.test.require-databases=true}.
 */
class ProgressiveRolloutH2Test extends ProgressiveRolloutJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.h2();
  }
}
