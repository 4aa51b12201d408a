package org.scenariomigration.jdbc;

/**
 * Drain status and retirement of versions on H2; skipped when unreachable unless
 * {@code -Dsm.test.require-databases=true}.
 */
class DrainStatusH2Test extends DrainStatusJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.h2();
  }
}
