package org.scenariomigration.jdbc;

/**
 * {@link UncoveredSessionsJdbc} on H2; skipped when unreachable unless {@code -Dsm.test.require-databases=true}.
 */
class UncoveredSessionsH2Test extends UncoveredSessionsJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.h2();
  }
}
