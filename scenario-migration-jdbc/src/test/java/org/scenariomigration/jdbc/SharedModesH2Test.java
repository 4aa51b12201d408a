package org.scenariomigration.jdbc;

/**
 * Modes shared by two engines on H2; skipped when unreachable unless {@code -Dsm.test.require-databases=true}.
 */
class SharedModesH2Test extends SharedModesJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.h2();
  }
}
