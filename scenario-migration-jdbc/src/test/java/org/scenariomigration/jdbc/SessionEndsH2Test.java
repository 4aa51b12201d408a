package org.scenariomigration.jdbc;

/**
 * Sessions end, retention and erasure on H2; skipped when unreachable unless
 * {@code -Dsm.test.require-databases=true}.
 */
class SessionEndsH2Test extends SessionEndsJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.h2();
  }
}
