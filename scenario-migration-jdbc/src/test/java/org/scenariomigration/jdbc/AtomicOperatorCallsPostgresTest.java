package org.scenariomigration.jdbc;

/**
 * Atomic, retryable operator calls on Postgres; skipped when unreachable unless
 * {@code -Dsm.test.require-databases=true}.
 */
class AtomicOperatorCallsPostgresTest extends AtomicOperatorCallsJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.postgres();
  }
}
