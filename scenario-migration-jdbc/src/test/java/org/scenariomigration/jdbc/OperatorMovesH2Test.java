package org.scenariomigration.jdbc;

/**
 * {@link OperatorMovesJdbc} on H2; skipped when unreachable unless {@code -Dsm.test.require-databases=true}.
 */
class OperatorMovesH2Test extends OperatorMovesJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.h2();
  }
}
