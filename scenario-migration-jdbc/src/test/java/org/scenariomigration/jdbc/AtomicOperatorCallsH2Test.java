package org.scenariomigration.jdbc;

/**
 * Atomic, retryable operator calls on H2; skipped when unreachable unless
 * {@code -Dsm.test.require-databases=true}.
 */
class AtomicOperatorCallsH2Test extends AtomicOperatorCallsJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.h2();
  }
}
