package org.scenariomigration.jdbc;

/** Rows of the unbounded history read and rewritten on H2; skipped when unreachable unless required. */
class LegacyRowsH2Test extends LegacyRowsJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.h2();
  }
}
