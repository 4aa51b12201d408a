package org.scenariomigration.jdbc;

/**
 * Atomic, retryable operator calls on MariaDb; skipped when unreachable unless
 * {@code -Dsm.test.require-databases=true}.
 */
class AtomicOperatorCallsMariaDbTest extends AtomicOperatorCallsJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
